"""Issue 11: help with examples, ``pomplan help``, ``sources ID``, forgiving profile names, and
a wizard a newcomer can finish by typing numbers."""

from __future__ import annotations

import json
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pomplan.cli import COMMANDS
from pomplan.cli import profile as profile_cli
from pomplan.cli.examples import EXAMPLES
from pomplan.errors import UsageProblem
from pomplan.fields import FIELDS
from pomplan.store import NAME, check_name
from tests.test_json_contract import validate

PATHS = [tuple(p.split()) for p in EXAMPLES if p != "help"]


def lines_of(text: str) -> list[str]:
    return text.splitlines()


# --- help ------------------------------------------------------------------------------------


def test_every_command_has_examples() -> None:
    assert set(COMMANDS) <= set(EXAMPLES)
    for path, examples in EXAMPLES.items():
        assert 1 <= len(examples) <= 3, path
        assert all(e.startswith("pomplan") for e in examples), path


@pytest.mark.parametrize("width", [80, 40])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "pomplan")
def test_help_ends_with_examples_and_fits(
    path: tuple[str, ...], width: int, run: Any, isolated_env: Path
) -> None:
    result = run(*path, "--help", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "\b" not in text
    assert "Examples:" in text
    tail = text[text.rindex("Examples:") :]
    for example in EXAMPLES[" ".join(path)]:
        assert example.split("\n")[0] in tail
    too_long = [line for line in lines_of(text) if len(line) > width]
    assert not too_long, too_long


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "pomplan")
def test_help_command_shows_the_same_page(
    path: tuple[str, ...], run: Any, isolated_env: Path
) -> None:
    via_help = run("help", *path)
    via_flag = run(*path, "--help")
    assert via_help.exit_code == 0, via_help.output
    assert via_help.stdout == via_flag.stdout


@pytest.mark.parametrize("words", [("nope",), ("profile", "nope"), ("estimat",)])
def test_help_for_an_unknown_command_is_a_usage_error(
    words: tuple[str, ...], run: Any, isolated_env: Path
) -> None:
    result = run("help", *words)
    assert result.exit_code == 2
    assert "No such command" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_is_not_listed_but_completes_command_names(run: Any, isolated_env: Path) -> None:
    def bash(line: str) -> list[str]:
        words = line.split(" ")
        env = {
            "_POMPLAN_COMPLETE": "complete_bash",
            "COMP_WORDS": "\n".join(words),
            "COMP_CWORD": str(len(words) - 1),
        }
        return str(run(env=env).stdout).split()

    assert "help" not in bash("pomplan ")
    assert bash("pomplan help pro") == ["progress", "profile"]
    assert bash("pomplan help profile s") == ["set", "show"]
    assert bash("pomplan help nope ") == []


def _runnable(example: str) -> list[str] | None:
    args = shlex.split(example.replace("\\\n", " "))[1:]
    # these need saved files (match: see tests/test_match_files.py)
    skip = {
        "init",
        "assess",
        ">",
        "-o",
        "--yes",
        "reset",
        "help",
        "import",
        "remove",
        "match",
        "export",
    }
    return None if skip & set(args) or "ana" in args else args


@pytest.mark.parametrize(
    "example", [e for es in EXAMPLES.values() for e in es if _runnable(e) is not None]
)
def test_every_example_runs(example: str, run: Any, isolated_env: Path) -> None:
    args = _runnable(example)
    assert args is not None
    result = run(*args)
    assert result.exit_code == 0, (example, result.output)


# --- sources ID ------------------------------------------------------------------------------


def test_sources_shows_just_the_named_facts(run: Any, isolated_env: Path) -> None:
    result = run("sources", "s1.f29", "S2.F1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "S1.F29" in out and "S2.F1" in out
    assert "S1.F2 " not in out and "S3" not in out


@pytest.mark.parametrize(
    ("ids", "facts", "sources"),
    [
        (["S1.F29"], ["S1.F29"], ["S1"]),
        (["s1.f29", "S1.F29"], ["S1.F29"], ["S1"]),  # once each
        (["S2.F1", "s1.F2"], ["S2.F1", "S1.F2"], ["S1", "S2"]),
        (["S3"], ["S3.F1"], ["S3"]),
    ],
)
def test_sources_json_is_the_same_document_filtered(
    ids: list[str], facts: list[str], sources: list[str], run: Any, isolated_env: Path
) -> None:
    result = run("sources", *ids, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    validate("sources", doc)
    assert [f["id"] for f in doc["facts"]] == facts
    assert [s["id"] for s in doc["sources"]] == sources


@pytest.mark.parametrize("bad", ["S1.F99", "S9", "x", "", "S1.F2.", "[S1.F2]"])
def test_an_unknown_fact_id_is_a_usage_error(bad: str, run: Any, isolated_env: Path) -> None:
    result = run("sources", "S1.F2", bad, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "no fact or source" in line and "'pomplan sources' lists them all" in line


def test_an_unknown_fact_id_gets_did_you_mean(run: Any, isolated_env: Path) -> None:
    result = run("sources", "S1.F299")
    assert "did you mean 'S1.F29'" in result.stderr


# --- profile names ---------------------------------------------------------------------------


def test_a_profile_name_forgives_case(run: Any, isolated_env: Path) -> None:
    assert run("--profile", "Ana", "profile", "set", "--degree", "master").exit_code == 0
    assert (isolated_env / "pomplan" / "profiles" / "ana.toml").is_file()
    for way in (("--profile", "ANA", "profile", "show"), ("plan", "--profile", "aNa")):
        result = run(*way)
        assert result.exit_code == 0, result.output
    assert run("profile", "show", env={"POMPLAN_PROFILE": "Ana"}).exit_code == 0


@pytest.mark.parametrize("command", [("plan",), ("estimate",), ("profile", "show")])
def test_an_unknown_profile_gets_the_closest_saved(
    command: tuple[str, ...], run: Any, isolated_env: Path
) -> None:
    for name in ("ana", "work", "anabel"):
        assert run("--profile", name, "profile", "set").exit_code == 0
    result = run("--profile", "anna", *command)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "no saved profile 'anna'; did you mean 'ana'" in line
    assert "'work'" not in line
    far = run("--profile", "zzzz", *command)
    assert "did you mean" not in far.stderr


@given(st.from_regex(NAME, fullmatch=True))
def test_check_name_lowers_and_keeps_every_good_name(name: str) -> None:
    assert check_name(name) == name
    assert check_name(name.upper()) == name.lower()


@pytest.mark.parametrize("name", ["\u212a", "Caf\u00c9", "İ", "NUL", "Com1"])
def test_non_ascii_and_reserved_names_stay_refused(name: str) -> None:
    with pytest.raises(UsageProblem, match=r"profile name|reserves"):
        check_name(name)


# --- the wizard ------------------------------------------------------------------------------


@pytest.fixture
def at_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profile_cli, "interactive", lambda: True)


def saved(home: Path, name: str = "default") -> dict[str, Any]:
    return tomllib.loads((home / "pomplan" / "profiles" / f"{name}.toml").read_text("utf-8"))


def choices(name: str) -> tuple[str, ...]:
    return next(f.choices for f in FIELDS if f.name == name)


def test_the_wizard_is_finished_by_numbers_only(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    # Degree, background, years, path, certifications, hours; Enter keeps the start.
    answers = ["4", "5", "3", "1", "1,3", "10", ""]
    result = run("profile", "init", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    doc = saved(isolated_env)
    assert doc["degree"] == choices("degree")[3]
    assert doc["background"] == choices("background")[4]
    assert doc["experience_years"] == 3
    assert doc["path"] == choices("path")[0]
    certs = choices("certifications")
    assert doc["certifications"] == [certs[0], certs[2]]
    assert doc["hours_per_week"] == 10
    assert result.stdout.rstrip().endswith("Next, see your plan: pomplan plan")


def test_each_choice_question_shows_its_menu_first(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    result = run("profile", "init", input="\n" * 7)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for f in FIELDS:
        if f.choices and f.asked:  # the wizard does not ask whether you left (default yes)
            first, last = f"1. {f.choices[0]}", f"{len(f.choices)}. {f.choices[-1]}"
            assert out.index(first) < out.index(f.question), f.name
            assert out.index(last) < out.index(f.question), f.name


def test_names_numbers_and_bad_numbers(run: Any, at_terminal: None, isolated_env: Path) -> None:
    answers = ["0", "99", "MASTER", "customer-success", "2", "", "9, 1", "none", "", ""]
    result = run("profile", "init", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "0 is not on the list; type a number from 1 to" in result.stdout
    assert "99 is not on the list" in result.stdout
    assert "9 is not on the list" in result.stdout
    doc = saved(isolated_env)
    assert doc["degree"] == "master"
    assert doc["background"] == "customer-success"
    assert doc["certifications"] == []


def test_a_named_profile_is_told_its_own_next_command(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    result = run("--profile", "Ana", "profile", "init", input="\n" * 7)
    assert result.exit_code == 0, result.output
    assert "pomplan --profile ana plan" in result.stdout


@pytest.mark.parametrize("answered", [0, 1, 6])
def test_end_of_input_stops_on_a_fresh_line_saving_nothing(
    answered: int, run: Any, at_terminal: None, isolated_env: Path
) -> None:
    result = run("profile", "init", input="\n" * answered)
    assert result.exit_code == 130
    assert "\nStopped: nothing was saved.\n" in result.stdout
    assert not (isolated_env / "pomplan" / "profiles" / "default.toml").exists()


def test_ctrl_c_stops_on_a_fresh_line_saving_nothing(
    run: Any, at_terminal: None, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.prompt import Prompt

    asked = []

    def interrupted(*args: Any, **kwargs: Any) -> str:
        asked.append(args)
        if len(asked) == 3:
            raise KeyboardInterrupt
        return ""

    monkeypatch.setattr(Prompt, "ask", interrupted)
    result = run("profile", "init")
    assert result.exit_code == 130
    assert result.stdout.endswith("\nStopped: nothing was saved.\n")
    assert not (isolated_env / "pomplan" / "profiles").exists()
