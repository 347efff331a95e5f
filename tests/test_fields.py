"""The field table is the one definition of a profile field: everything else derives from it.

The main test adds a throwaway field to the table (in a fresh interpreter, before anything
else of pomplan is imported) and follows it to a flag, an environment variable, a batch column,
``--what-if`` and the saved profile.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import pomplan
from pomplan import datafile, fields
from pomplan.fields import FIELDS

SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from decimal import Decimal
    import pomplan.fields as fields

    fields.FIELDS = (*fields.FIELDS, fields.Field(
        name="mentor_hours", flag="--mentor-hours", kind=fields.NUMBER, metavar="HOURS",
        help="Hours a month with a mentor (0-40).", noun="hours", label="mentor hours",
        question="Hours a month with a mentor", bounds=(Decimal(0), Decimal(40)),
        answers="a number from 0 to 40", key_aliases=("mentoring",),
    ))

    from typer.testing import CliRunner
    from pomplan.cli import app

    runner = CliRunner()
    results = {}
    for name, args, env, stdin in json.loads(sys.argv[1]):
        r = runner.invoke(app, args, env=env, input=stdin)
        results[name] = [r.exit_code, r.stdout, r.stderr]
    print(json.dumps(results))
    """
)


@pytest.fixture
def rules_with_mentor(tmp_path: Path) -> Path:
    """The shipped rules with a reference value for the new field (its 'rules data')."""
    text = datafile.shipped("rules.toml").read_text(encoding="utf-8")
    text = text.replace("[reference]\n", "[reference]\nmentor_hours = 0\n", 1)
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run_with_new_field(home: Path, rules: Path, calls: list[Any]) -> dict[str, Any]:
    env = {"POMPLAN_HOME": str(home), "POMPLAN_RULES": str(rules), "NO_COLOR": "1"}
    full = [[name, args, {**env, **extra}, stdin] for name, args, extra, stdin in calls]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(full)],
        capture_output=True,
        text=True,
        check=True,
        cwd=home,
    )
    results: dict[str, Any] = json.loads(done.stdout)
    return results


def test_a_new_field_reaches_every_place_from_one_row(
    tmp_path: Path, rules_with_mentor: Path
) -> None:
    batch = "id,mentor_hours\na,3\nb,99\n"
    out = run_with_new_field(
        tmp_path,
        rules_with_mentor,
        [
            ("help", ["estimate", "--help"], {}, None),
            ("flag", ["estimate", "--mentor-hours", "4", "--json"], {}, None),
            ("bad", ["estimate", "--mentor-hours", "41"], {}, None),
            ("env", ["estimate", "--json"], {"POMPLAN_MENTOR_HOURS": "2"}, None),
            ("batch", ["estimate", "--input", "-"], {}, batch),
            ("whatif", ["estimate", "--what-if", "mentoring=6", "--json"], {}, None),
            ("save", ["profile", "set", "--mentor-hours", "5", "--json"], {}, None),
            ("show", ["profile", "show", "--json"], {}, None),
            ("unset", ["profile", "set", "--unset", "mentor-hours", "--json"], {}, None),
        ],
    )
    code, stdout, _ = out["help"]
    assert code == 0 and "--mentor-hours" in stdout and "Hours a month with a mentor" in stdout

    code, stdout, _ = out["flag"]
    assert code == 0
    assert json.loads(stdout)["profile"]["mentor_hours"] == 4

    code, _, stderr = out["bad"]
    assert code == 2 and "--mentor-hours: 41 is out of range; give hours from 0 to 40" in stderr

    code, stdout, _ = out["env"]
    assert code == 0 and json.loads(stdout)["profile"]["mentor_hours"] == 2

    code, stdout, stderr = out["batch"]
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert code == 1 and rows[0]["profile"]["mentor_hours"] == 3
    assert "mentor_hours: 99 is out of range" in rows[1]["error"]

    code, stdout, _ = out["whatif"]
    doc = json.loads(stdout)
    assert code == 0 and doc["scenarios"][0]["change"] == "mentor-hours=6"
    assert doc["scenarios"][0]["profile"]["mentor_hours"] == 6

    code, stdout, _ = out["save"]
    assert code == 0 and json.loads(stdout)["values"]["mentor_hours"] == 5
    code, stdout, _ = out["show"]  # read back from the file
    assert code == 0 and json.loads(stdout)["values"]["mentor_hours"] == 5

    code, stdout, _ = out["unset"]
    assert code == 0 and "mentor_hours" not in json.loads(stdout)["values"]


def test_each_flag_and_variable_is_spelled_once() -> None:
    src = Path(pomplan.__file__).parent
    for f in FIELDS:
        for spelling in (f.flag, f.env):
            holders = [
                p.relative_to(src).as_posix()
                for p in sorted(src.rglob("*.py"))
                if f'"{spelling}"' in p.read_text(encoding="utf-8")
            ]
            assert holders in ([], ["fields.py"]), (spelling, holders)


def test_typed_declarations_match_the_table() -> None:
    # model.py declares Given's and Profile's fields for the type checker only; at run time
    # both are built from the table. The declarations must name the same fields, in order.
    tree = ast.parse((Path(pomplan.__file__).parent / "model.py").read_text(encoding="utf-8"))
    declared = {
        node.name: [s.target.id for s in node.body if isinstance(s, ast.AnnAssign)]  # type: ignore[union-attr]
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and node.name in ("Given", "Profile")
        and any(isinstance(s, ast.AnnAssign) for s in node.body)
    }
    assert declared == {"Given": list(fields.names()), "Profile": list(fields.names())}


def test_keys_and_variables_are_distinct() -> None:
    for attribute in ("name", "flag", "key", "env"):
        values = [getattr(f, attribute) for f in FIELDS]
        assert len(values) == len(set(values)), attribute
    for f in FIELDS:
        if not f.what_if:  # a day that dates a figure, whether you left: not --what-if keys
            assert fields.key_for(f.key) is None and f.key in fields.unset_names()
            continue
        assert fields.key_for(f.key) is f
        assert fields.key_for(f.name.upper()) is f
        for alias in f.key_aliases:
            assert fields.key_for(alias) is f
