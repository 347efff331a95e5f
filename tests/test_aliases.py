"""Everyday names (PMP, PhD, support, ...) and the backgrounds of S2.F1.

Every everyday name resolves, through each way a person types a value: a flag, a
``POMPLAN_*`` variable, ``--what-if`` and a batch cell. Every ambiguous one is refused with all
its readings named. They show in ``--help`` and in completion; a saved file keeps to the ids.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_completion import offered  # the shell-protocol helper

from pomplan import aliases
from pomplan.fields import BACKGROUNDS, FIELDS, by_name

ROOT = Path(__file__).resolve().parents[1]
ALIASED = [f for f in FIELDS if f.aliases]
NEW_BACKGROUNDS = ("program-management", "product-marketing", "partnerships", "general-business")


def _cases(ambiguous: bool) -> list[Any]:
    cases = []
    for f in ALIASED:
        for name in aliases.names(f.aliases):
            meant = aliases.readings(name, f.aliases)
            if (len(meant) > 1) == ambiguous:
                cases.append(pytest.param(f.name, name, meant, id=f"{f.key}={name}"))
    return cases


PLAIN = _cases(ambiguous=False)
AMBIGUOUS = _cases(ambiguous=True)


def _typed(field: str, value: str) -> Any:
    return [value] if by_name(field).kind == "many" else value


def _shown(field: str, meant: tuple[str, ...]) -> Any:
    return list(meant) if by_name(field).kind == "many" else meant[0]


def test_the_tables_are_sound() -> None:
    assert len(PLAIN) >= 60 and len(AMBIGUOUS) >= 3
    for f in ALIASED:
        for name, value in f.aliases:
            assert value in f.choices, (f.name, name)
            assert aliases.key(name) not in f.choices, f"{name!r} shadows an id of {f.name}"


@pytest.mark.parametrize(("field", "name", "meant"), PLAIN)
def test_flag_and_variable(run_json: Any, run: Any, field: str, name: str, meant: Any) -> None:
    f = by_name(field)
    assert run_json("estimate", f.flag, name)["profile"][field] == _shown(field, meant)
    result = run("estimate", "--json", env={f.env: name})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"][field] == _shown(field, meant)


@pytest.mark.parametrize(("field", "name", "meant"), PLAIN)
def test_what_if(run_json: Any, field: str, name: str, meant: Any) -> None:
    f = by_name(field)
    [scenario] = run_json("estimate", "--what-if", f"{f.key}={name}")["scenarios"]
    assert scenario["profile"][field] == _shown(field, meant)


def test_batch_cells(run: Any) -> None:
    rows = [{"id": str(i), p.values[0]: _typed(*p.values[:2])} for i, p in enumerate(PLAIN)]
    result = run("estimate", "--input", "-", input="".join(json.dumps(r) + "\n" for r in rows))
    assert result.exit_code == 0, result.output
    done = [json.loads(line) for line in result.stdout.splitlines()]
    for p, row in zip(PLAIN, done, strict=True):
        field, _, meant = p.values
        assert row["profile"][field] == _shown(field, meant)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_case_and_spacing_forgiven(data: Any) -> None:
    f = data.draw(st.sampled_from(ALIASED))
    name, value = data.draw(st.sampled_from(f.aliases))
    if len(aliases.readings(name, f.aliases)) > 1:
        return
    words = re.split(r"[\s_\-]+", name)
    joiner = data.draw(st.sampled_from([" ", "-", "_", "  "]))
    typed = joiner.join(w.upper() if data.draw(st.booleans()) else w.lower() for w in words)
    checked = f.check("--x", _typed(f.name, f"  {typed} "))
    assert checked == ((value,) if f.kind == "many" else value)


def _ambiguity(label: str, name: str, meant: tuple[str, ...]) -> str:
    return f"{label}: {name!r} could mean {aliases.either(meant)}; give one of them"


@pytest.mark.parametrize(("field", "name", "meant"), AMBIGUOUS)
def test_ambiguous_names_every_reading(run: Any, field: str, name: str, meant: Any) -> None:
    f = by_name(field)
    for args, env, label in (
        (("estimate", f.flag, name), None, f.flag),
        (("estimate",), {f.env: name}, f.env),
        (("estimate", "--what-if", f"{f.key}={name}"), None, None),
    ):
        result = run(*args, env=env)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        if label:
            assert _ambiguity(label, name, meant) in line
        assert all(m in line for m in meant) and "Traceback" not in line
    row = json.dumps({"id": "a", field: _typed(field, name)}) + "\n"
    result = run("estimate", "--input", "-", input=row)
    assert result.exit_code == 1
    assert _ambiguity(field, name, meant) in json.loads(result.stdout)["error"]


def test_pm_message_exactly(run: Any) -> None:
    result = run("estimate", "--background", "PM")
    assert result.stderr.strip().endswith(
        "--background: 'PM' could mean project-management or product-management; give one of them"
    )


@pytest.mark.parametrize("command", ["estimate", "plan", "paths", ("profile", "set")])
def test_help_shows_them(run: Any, command: Any) -> None:
    words = (command,) if isinstance(command, str) else command
    result = run(*words, "--help", env={"COLUMNS": "400"})
    assert result.exit_code == 0
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    for f in ALIASED:
        if f.flag not in text:
            continue
        for name in aliases.names(f.aliases):
            assert name in text, (f.flag, name)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize(("field", "name", "meant"), PLAIN[::3])
def test_completion_offers_them(shell: str, field: str, name: str, meant: Any) -> None:
    f = by_name(field)
    typed = aliases.key(name)
    if any(c.startswith(typed[:3]) for c in (*f.choices, "none")):
        return  # an id starts so: the ids come first, as before
    got = offered(shell, f"pomplan estimate {f.flag} {typed[:3]}")
    assert typed in got.values


def test_completion_skips_ambiguous_names() -> None:
    got = offered("bash", "pomplan estimate --background an")
    assert "analyst" not in got.values and "analytics" in got.values


def test_saved_files_keep_to_ids(run: Any, isolated_env: Path) -> None:
    result = run("profile", "set", "--background", "support", "--cert", "PMP,Scrum")
    assert result.exit_code == 0, result.output
    saved = isolated_env / "pomplan" / "profiles" / "default.toml"
    doc = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert doc["background"] == "customer-success"
    assert doc["certifications"] == ["project-management", "agile"]
    saved.write_text(saved.read_text(encoding="utf-8").replace("customer-success", "support"))
    result = run("estimate")
    assert result.exit_code == 1
    assert "'support'" in result.stderr


def _rules() -> dict[str, Any]:
    with (ROOT / "data" / "rules.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize("background", NEW_BACKGROUNDS)
def test_new_backgrounds_estimate(run_json: Any, background: str) -> None:
    assert background in BACKGROUNDS
    rule = _rules()["background"]["options"][background]
    doc = run_json("estimate", "--background", background, "--experience", "2")
    [line] = [a for a in doc["adjustments"] if a["id"] == "background"]
    assert (line["low"], line["high"]) == (rule["low"], rule["high"])
    assert line["reason"] == rule["reason"] and "judgement" in line["reason"]
    assert "S2.F1" in line["sources"] and line["sources"] == rule["sources"]
    fits = _rules()["path_fit"]["paths"]["standard"]["fits"]
    assert background in fits


def test_program_management_fits_the_delivery_route(run_json: Any) -> None:
    doc = run_json("estimate", "--background", "PgM", "--path", "project-management")
    [fit] = [a for a in doc["adjustments"] if a["id"] == "path-fit"]
    assert (fit["low"], fit["high"]) == (0, 0)
