"""The command line as a person uses it: every command, its errors, and how its output looks.

In-process runs go through ``CliRunner`` (the ``run`` / ``run_json`` fixtures); a handful of
tests start a real ``python -m pomplan`` process for what only a real process shows (pipes,
terminals, the working directory).
"""

from __future__ import annotations

import itertools
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pomplan
from pomplan import content, datafile
from pomplan.levels import SKILLS
from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATHS
from pomplan.render.terminal import console as terminal_console

ESC = "\x1b"

# Every command and sub-command a person can ask --help of.
COMMANDS: list[tuple[str, ...]] = [
    (),
    ("estimate",),
    ("paths",),
    ("paths", "show"),
    ("faq",),
    ("steps",),
    ("skills",),
    ("rules",),
    ("sources",),
]

# The fields an estimate can assume, and the flag that sets each.
FIELD_FLAGS = {
    "degree": "--degree",
    "background": "--background",
    "experience_years": "--experience",
    "path": "--path",
    "certifications": "--cert",
    "hours_per_week": "--hours-per-week",
    "skills": "--skill",
}
FLAG_VALUES = {
    "--degree": "master",
    "--background": "customer-success",
    "--experience": "2.5",
    "--path": "education",
    "--cert": "agile",
    "--hours-per-week": "10",
    "--skill": ",".join(f"{skill}=3" for skill in SKILLS),  # every skill rated: no assumption
}


def flat(text: str) -> str:
    """The text with every run of whitespace made one space (undoes wrapping)."""
    return " ".join(text.split())


def assumed_fields(stdout: str) -> list[str]:
    """The field names listed under the human output's assumptions heading."""
    if "Assumed, because you did not say" not in stdout:
        return []
    section = stdout.split("Assumed, because you did not say", 1)[1]
    section = section.split("\n\n", 1)[0]
    return re.findall(r"^- ([a-z_]+): ", section, flags=re.MULTILINE)


def assert_ok(result: Any) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == ""
    assert result.stdout.strip(), "a command must say something"
    return str(result.stdout)


def assert_one_line_error(result: Any, code: int) -> str:
    """Exit ``code``, nothing on stdout, exactly one 'pomplan...: error: ...' line on stderr."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.endswith("\n")
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("pomplan"), line
    assert "error:" in line, line
    assert "Traceback" not in result.stderr
    assert ESC not in result.stderr
    return str(line)


def use_width(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(terminal_console, "_console", None)


# --- version, help ------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(run: Any, flag: str) -> None:
    result = run(flag)
    assert assert_ok(result) == f"pomplan {pomplan.__version__}\n"


def test_no_arguments_shows_help(run: Any) -> None:
    out = assert_ok(run())
    assert "Usage" in out
    for name in ("estimate", "paths", "faq", "steps", "skills", "rules", "sources"):
        assert name in out


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "pomplan")
def test_help_for_every_command(run: Any, command: tuple[str, ...], flag: str) -> None:
    out = assert_ok(run(*command, flag))
    assert "Usage" in out
    assert ESC not in out


# --- estimate -----------------------------------------------------------------------------


def test_estimate_without_flags_assumes_everything(run: Any, run_json: Any) -> None:
    out = assert_ok(run("estimate"))
    doc = run_json("estimate")
    assert out.startswith("Estimated time to Product Operations Manager:")
    low, high = doc["years"]["low"], doc["years"]["high"]
    months = doc["months"]
    assert f"({low}-{high} years, {months['low']}-{months['high']} months)" in flat(out)
    assert "Your range" in out
    assert sorted(assumed_fields(out)) == sorted(FIELD_FLAGS)
    assert sorted(a["field"] for a in doc["assumptions"]) == sorted(FIELD_FLAGS)
    for field, flag in FIELD_FLAGS.items():
        if field != "path":
            assert f"set yours with {flag})" in flat(out), field


@pytest.mark.parametrize("flag", list(FLAG_VALUES))
def test_estimate_each_profile_flag(run: Any, run_json: Any, flag: str) -> None:
    value = FLAG_VALUES[flag]
    out = assert_ok(run("estimate", flag, value))
    doc = run_json("estimate", flag, value)
    field = next(f for f, fl in FIELD_FLAGS.items() if fl == flag)
    shown = doc["profile"][field]
    if field == "certifications":
        assert shown == [value]
        assert "certifications agile" in flat(out)
    elif field in ("experience_years", "hours_per_week"):
        assert shown == float(value)
    elif field == "skills":
        assert shown == dict.fromkeys(SKILLS, 3)
        assert "8 skills rated" in flat(out)
    else:
        assert shown == value
    # The value given is not an assumption; every other one is.
    expected = sorted(f for f in FIELD_FLAGS if f != field)
    assert sorted(assumed_fields(out)) == expected
    assert sorted(a["field"] for a in doc["assumptions"]) == expected


def test_estimate_profile_line_shows_every_value(run: Any) -> None:
    out = flat(
        assert_ok(
            run(
                "estimate",
                "--degree=master",
                "--background=engineering",
                "--experience=2.5",
                "--path=data-analysis",
                "--cert=lean",
                "--hours-per-week=12",
            )
        )
    )
    for part in (
        "degree master",
        "background engineering",
        "2.5 years in it",
        "path data-analysis",
        "certifications lean",
        "12 h/week",
    ):
        assert part in out
    assert "Path: From data analysis (data-analysis)" in out


def test_estimate_with_every_value_given_assumes_nothing(run: Any, run_json: Any) -> None:
    args = [part for flag, value in FLAG_VALUES.items() for part in (flag, value)]
    out = assert_ok(run("estimate", *args))
    assert "Assumed, because you did not say" not in out
    assert run_json("estimate", *args)["assumptions"] == []


@pytest.mark.parametrize(
    "args",
    [
        ("--cert", "lean", "--cert", "agile"),
        ("--cert", "lean,agile"),
        ("--cert", "lean, agile"),
        ("--cert", "LEAN", "--cert", "Agile"),
        ("--cert", "lean,agile", "--cert", "lean"),
        ("--cert", "lean,,agile,"),
    ],
)
def test_estimate_certifications_repeated_or_comma_separated(
    run: Any, run_json: Any, args: tuple[str, ...]
) -> None:
    doc = run_json("estimate", *args)
    assert doc["profile"]["certifications"] == ["lean", "agile"]
    assert "certifications" not in [a["field"] for a in doc["assumptions"]]
    out = assert_ok(run("estimate", *args))
    assert "certifications lean, agile" in flat(out)
    assert "Lean certificate" in out
    assert "Agile certificate" in out


def test_estimate_every_certification_is_accepted(run_json: Any) -> None:
    doc = run_json("estimate", "--cert", ",".join(CERTIFICATIONS))
    assert doc["profile"]["certifications"] == list(CERTIFICATIONS)


@pytest.mark.parametrize(
    ("flag", "typed", "meant"),
    [
        ("--background", "Data_Analysis", "data-analysis"),
        ("--background", "DATA ANALYSIS", "data-analysis"),
        ("--background", " customer_success ", "customer-success"),
        ("--degree", "MBA", "mba"),
        ("--degree", "Bachelor_Other", "bachelor-other"),
        ("--path", "Project_Management", "project-management"),
        ("--path", "AUTO", None),
    ],
)
def test_estimate_forgives_case_spaces_and_underscores(
    run_json: Any, flag: str, typed: str, meant: str | None
) -> None:
    doc = run_json("estimate", flag, typed)
    field = flag.lstrip("-")
    if meant is None:
        assert doc["path_choice"]["automatic"] is True
    else:
        assert doc["profile"][field] == meant


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_estimate_auto_path_is_the_fastest(run: Any, run_json: Any, background: str) -> None:
    auto = run_json("estimate", "--background", background, "--path", "auto")
    assert auto == run_json("estimate", "--background", background)
    assert auto["path_choice"]["automatic"] is True
    ranked = run_json("paths", "--compare", "--background", background)["paths"]
    assert auto["profile"]["path"] == ranked[0]["id"]
    assert auto["years"] == ranked[0]["years"]
    assert "path" in [a["field"] for a in auto["assumptions"]]
    out = assert_ok(run("estimate", "--background", background))
    assert "picked because" in out
    assert "path" in assumed_fields(out)


@pytest.mark.parametrize("path", PATHS)
def test_estimate_explicit_path(run: Any, run_json: Any, path: str) -> None:
    doc = run_json("estimate", "--path", path)
    assert doc["profile"]["path"] == path
    assert doc["path_choice"]["automatic"] is False
    assert "path" not in [a["field"] for a in doc["assumptions"]]
    out = assert_ok(run("estimate", "--path", path))
    name = content.path_by_id(path).name
    assert f"Path: {name} ({path})" in flat(out)
    assert "picked because" not in out
    assert "path" not in assumed_fields(out)
    # The explicit path's estimate is the one --compare gives for it.
    compared = run_json("paths", "--compare")["paths"]
    assert next(p for p in compared if p["id"] == path)["years"] == doc["years"]


@pytest.mark.parametrize(
    "args",
    [()]
    + [("--path", p) for p in PATHS]
    + [("--background", b) for b in BACKGROUNDS]
    + [("--degree", d) for d in DEGREES],
    ids=lambda a: " ".join(a) or "default",
)
def test_estimate_gives_three_next_steps(run: Any, run_json: Any, args: tuple[str, ...]) -> None:
    doc = run_json("estimate", *args)
    assert len(doc["next_steps"]) == 3
    assert len(set(doc["next_steps"])) == 3
    out = assert_ok(run("estimate", *args))
    section = out.split("Your next three steps\n", 1)[1]
    numbered = re.findall(r"^(\d)\. ", section, flags=re.MULTILINE)
    assert numbered == ["1", "2", "3"]
    for step in doc["next_steps"]:
        assert flat(step) in flat(section)


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--background", "data-analysis"),
        ("--degree", "none", "--background", "unrelated", "--hours-per-week", "20"),
        ("--cert", "lean,six-sigma,agile,project-management", "--experience", "10"),
        ("--degree", "mba", "--path", "customer-success", "--hours-per-week", "1"),
    ],
    ids=lambda a: " ".join(a) or "default",
)
def test_estimate_breakdown_names_every_adjustment(
    run: Any, run_json: Any, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    labels = [a["label"] for a in run_json("estimate", *args)["adjustments"]]
    assert labels
    # The table (wide terminal): long labels wrap inside their column, so look for each word.
    wide = assert_ok(run("estimate", *args))
    assert "Baseline" in wide
    words = set(wide.split())
    for label in labels:
        for word in label.split():
            assert word in words, (label, word)
    # The stacked list (narrow terminal): every label whole, at the start of its line.
    use_width(monkeypatch, 60)
    narrow = assert_ok(run("estimate", *args))
    starts = [line for line in narrow.splitlines() if ": " in line]
    for label in labels:
        assert any(line.startswith(f"{label}: ") for line in starts), label


# --- paths --------------------------------------------------------------------------------


def test_paths_lists_the_five_in_order(run: Any, run_json: Any) -> None:
    out = assert_ok(run("paths"))
    found = re.findall(r"^.+  \(([a-z-]+)\)$", out, flags=re.MULTILINE)
    assert found == list(PATHS)
    for path in content.paths():
        assert path.name in out
    assert [p["id"] for p in run_json("paths")["paths"]] == list(PATHS)


@pytest.mark.parametrize("path_id", PATHS)
def test_paths_show_every_path(run: Any, run_json: Any, path_id: str) -> None:
    out = assert_ok(run("paths", "show", path_id))
    path = content.path_by_id(path_id)
    assert out.startswith(f"{path.name}  ({path_id})")
    for heading in ("What you bring", "What to add", "First steps"):
        assert heading in out
    section = out.split("First steps\n", 1)[1]
    numbered = re.findall(r"^(\d+)\. ", section, flags=re.MULTILINE)
    assert numbered == [str(n) for n in range(1, len(path.first_steps) + 1)]
    assert len(numbered) >= 3
    assert run_json("paths", "show", path_id)["path"]["id"] == path_id


def test_paths_show_forgives_case(run: Any) -> None:
    assert assert_ok(run("paths", "show", "Customer_Success")).startswith("From customer success")


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--background", "customer-success"),
        ("--background", "data-analysis", "--degree", "none"),
        ("--background", "unrelated", "--cert", "product-operations", "--hours-per-week", "30"),
        ("--background", "engineering", "--experience", "6"),
    ],
    ids=lambda a: " ".join(a) or "default",
)
def test_paths_compare_is_fastest_first(
    run: Any, run_json: Any, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    ranked = run_json("paths", "--compare", *args)["paths"]
    assert sorted(p["id"] for p in ranked) == sorted(PATHS)
    keys = [(p["years"]["high"], p["years"]["low"]) for p in ranked]
    assert keys == sorted(keys)
    # Ties keep the paths' usual order.
    for before, after in itertools.pairwise(ranked):
        if before["years"] == after["years"]:
            assert PATHS.index(before["id"]) < PATHS.index(after["id"])
    # The text lists them in the same order, with the same figures.
    use_width(monkeypatch, 60)
    out = assert_ok(run("paths", "--compare", *args))
    assert out.startswith("Every path, timed for you (fastest first)")
    rows = re.findall(r"^(\d)\. .+\n +([a-z-]+): (\S+) years", out, flags=re.MULTILINE)
    assert [(rank, ident) for rank, ident, _ in rows] == [
        (str(n), p["id"]) for n, p in enumerate(ranked, start=1)
    ]
    assert [span for _, _, span in rows] == [
        f"{p['years']['low']}-{p['years']['high']}" for p in ranked
    ]
    # The wide table keeps that order too.
    use_width(monkeypatch, 100)
    wide = assert_ok(run("paths", "--compare", *args))
    table_ids = re.findall(r"^ {4}([a-z-]+)\s", wide, flags=re.MULTILINE)
    assert table_ids == [p["id"] for p in ranked]


def test_paths_compare_lists_assumptions(run: Any) -> None:
    out = assert_ok(run("paths", "--compare", "--background", "operations", "--cert", "lean"))
    assert sorted(assumed_fields(out)) == ["degree", "experience_years", "hours_per_week", "skills"]


# --- the reference commands ----------------------------------------------------------------


def test_faq_lists_every_entry(run: Any) -> None:
    out = flat(assert_ok(run("faq")))
    for entry in content.faq():
        assert entry.question in out
        assert f"(pomplan faq {entry.id})" in out


@pytest.mark.parametrize(
    ("query", "first"),
    [
        (("degree",), "degree"),
        (("how", "long"), "how-long"),
        (("how long",), "how-long"),
        (("no", "experiance"), "no-experience"),
        (("certifcate",), "certifications"),
        (("mba",), "mba"),
    ],
)
def test_faq_query(run: Any, run_json: Any, query: tuple[str, ...], first: str) -> None:
    out = assert_ok(run("faq", *query))
    entry = next(e for e in content.faq() if e.id == first)
    assert out.startswith(entry.question + "\n")
    doc = run_json("faq", *query)
    assert doc["query"] == " ".join(query)
    assert doc["entries"][0]["id"] == first
    assert len(doc["entries"]) < len(content.faq())


def test_steps_are_six(run: Any) -> None:
    out = assert_ok(run("steps"))
    titles = re.findall(r"^(\d)\. (.+)$", out, flags=re.MULTILINE)
    assert [n for n, _ in titles] == ["1", "2", "3", "4", "5", "6"]
    assert [t for _, t in titles] == [s.title for s in content.steps()]


def test_skills(run: Any) -> None:
    out = assert_ok(run("skills"))
    assert "Core skills" in out
    assert "Skills that give you an edge" in out
    assert out.index("Core skills") < out.index("Skills that give you an edge")
    lines = out.splitlines()
    for skill in content.skills():
        assert skill.name in lines


def test_rules_shows_the_shipped_file_and_every_group(run: Any) -> None:
    out = assert_ok(run("rules"))
    assert out.startswith("Rules file:")
    assert "(shipped)" in flat(out)
    lines = out.splitlines()
    for group in ("degree", "background", "experience", "path-fit", "cert", "pace", "floor"):
        assert group in lines, group
    for degree in DEGREES:
        assert f"degree is {degree}:" in out


def test_rules_from_a_custom_file(run: Any, tmp_path: Path) -> None:
    custom = tmp_path / "my rules.toml"
    custom.write_text(datafile.shipped("rules.toml").read_text(encoding="utf-8"), "utf-8")
    out = flat(assert_ok(run("rules", "--rules", str(custom))))
    assert str(custom) in out
    assert "(shipped)" not in out
    # The environment variable does the same.
    out = flat(assert_ok(run("rules", env={"POMPLAN_RULES": str(custom)})))
    assert str(custom) in out


def test_rules_toml_prints_the_file_itself(run: Any, tmp_path: Path) -> None:
    shipped = datafile.shipped("rules.toml").read_text(encoding="utf-8")
    result = run("rules", "--toml")
    assert assert_ok(result) == shipped
    custom = tmp_path / "mine.toml"
    custom.write_text(shipped.replace("# pomplan's timeline rules.", "# my rules"), "utf-8")
    assert assert_ok(run("rules", "--toml", "--rules", str(custom))).startswith("# my rules")


def test_rules_toml_and_json_together_is_a_usage_error(run: Any) -> None:
    line = assert_one_line_error(run("rules", "--toml", "--json"), 2)
    assert "--toml" in line
    assert "--json" in line


def test_rules_file_under_home(run: Any, isolated_env: Path) -> None:
    shipped = datafile.shipped("rules.toml").read_text(encoding="utf-8")
    (isolated_env / "mine.toml").write_text(shipped, encoding="utf-8")
    out = flat(assert_ok(run("estimate", "--rules", "~/mine.toml")))
    assert "Estimated time" in out
    rules_out = flat(assert_ok(run("rules", "--rules", "~/mine.toml")))
    assert str(isolated_env / "mine.toml") in rules_out


def test_sources(run: Any) -> None:
    out = assert_ok(run("sources"))
    items, facts = content.sources()
    for source in items:
        assert re.search(rf"^{re.escape(source.id)}  ", out, flags=re.MULTILINE)
        assert source.url in out
    for ident in facts:
        assert re.search(rf"^{re.escape(ident)} ", out, flags=re.MULTILINE), ident


# --- usage errors: exit 2, one line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("estimate", "--background", "data-analisys"), "'data-analysis'"),
        (("estimate", "--degree", "bachelr"), "'bachelor'"),
        (("estimate", "--degree", "diploma"), "choose from: none, bachelor-other"),
        (("estimate", "--path", "standart"), "'standard'"),
        (("estimate", "--cert", "agil"), "'agile'"),
        (("estimate", "--cert", "lean,sixsigma"), "'six-sigma'"),
        (("estimate", "--cert", "lean", "--cert", "itil"), "choose from: lean"),
        (("paths", "--compare", "--background", "enginering"), "'engineering'"),
        (("paths", "--compare", "--degree", "mastr"), "'master'"),
        (("paths", "--compare", "--cert", "lena"), "'lean'"),
        (("paths", "show", "educaton"), "'education'"),
    ],
)
def test_unknown_choice_names_the_closest(run: Any, args: tuple[str, ...], names: str) -> None:
    line = assert_one_line_error(run(*args), 2)
    assert names in line


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("estimat",), "estimate"),
        (("path", "show", "standard"), "paths"),
        (("estimate", "--bacground", "x"), "--background"),
        (("estimate", "--hours", "10"), "--hours-per-week"),
        (("paths", "--compair"), "--compare"),
        (("estimate", "--experience"), "--experience"),
        (("paths", "--compare", "--path", "standard"), "--path"),
        (("faq", "--jsn"), "--json"),
    ],
)
def test_typo_in_command_or_option(run: Any, args: tuple[str, ...], names: str) -> None:
    line = assert_one_line_error(run(*args), 2)
    assert names in line


NUMBER_FLAGS = ["--experience", "--hours-per-week"]
BAD_NUMBERS = {
    "--experience": ["-1", "51", "50.01", "nan", "NaN", "inf", "-inf", "1e999", "abc", "1_0", ""],
    "--hours-per-week": ["0", "81", "0.5", "-1", "nan", "inf", "-inf", "1e999", "abc", "1_0"],
}


@pytest.mark.parametrize(
    ("flag", "value"),
    [(flag, value) for flag in NUMBER_FLAGS for value in BAD_NUMBERS[flag]],
)
@pytest.mark.parametrize("command", [("estimate",), ("paths", "--compare")], ids=" ".join)
def test_bad_numbers_are_usage_errors(
    run: Any, command: tuple[str, ...], flag: str, value: str
) -> None:
    line = assert_one_line_error(run(*command, f"{flag}={value}"), 2)
    assert flag in line
    low, high = ("0", "50") if flag == "--experience" else ("1", "80")
    assert f"from {low} to {high}" in line


@pytest.mark.parametrize(
    ("flag", "value", "shown"),
    [
        ("--experience", "0", 0),
        ("--experience", "50", 50),
        ("--experience", " 1.5 ", 1.5),
        ("--experience", "1e1", 10),
        ("--hours-per-week", "1", 1),
        ("--hours-per-week", "80", 80),
        ("--hours-per-week", "7.5", 7.5),
    ],
)
def test_numbers_at_the_bounds_are_accepted(
    run_json: Any, flag: str, value: str, shown: float
) -> None:
    field = "experience_years" if flag == "--experience" else "hours_per_week"
    assert run_json("estimate", f"{flag}={value}")["profile"][field] == shown


@pytest.mark.parametrize(
    "args",
    [
        ("paths", "show", "nope"),
        ("paths", "show"),
        ("paths", "--background", "x"),
        ("paths", "--background", "data-analysis"),
        ("paths", "--hours-per-week", "10"),
        ("paths", "show", "standard", "extra"),
        ("steps", "extra"),
    ],
)
def test_other_usage_errors(run: Any, args: tuple[str, ...]) -> None:
    assert_one_line_error(run(*args), 2)


@pytest.mark.parametrize(
    "args",
    [
        ("est\x1b[31mimate",),
        ("estimate", "--x\x1b[31m"),
        ("estimate", "--background", "a\nb\x1b[2J"),
        ("paths", "show", "x\r\ny"),
        ("faq", "\x1b]0;title\x07zzzqqq"),
    ],
)
def test_control_characters_in_arguments_stay_on_one_escaped_line(
    run: Any, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert_one_line_error(result, result.exit_code)
    assert "\x07" not in result.stderr
    assert "\r" not in result.stderr


def test_profile_flags_without_compare_say_so(run: Any) -> None:
    line = assert_one_line_error(run("paths", "--background", "x"), 2)
    assert "--compare" in line


# --- other errors: exit 1, one line ----------------------------------------------------------


def test_faq_without_a_match_lists_the_topics(run: Any) -> None:
    line = assert_one_line_error(run("faq", "zzzqqq"), 1)
    assert "zzzqqq" in line
    for entry in content.faq():
        assert entry.id in line


@pytest.mark.parametrize(
    "command", [("estimate",), ("rules",), ("paths", "--compare")], ids=" ".join
)
def test_missing_rules_file(run: Any, command: tuple[str, ...]) -> None:
    line = assert_one_line_error(run(*command, "--rules", "/does/not/exist"), 1)
    assert "/does/not/exist" in line
    line = assert_one_line_error(run(*command, env={"POMPLAN_RULES": "/does/not/exist"}), 1)
    assert "/does/not/exist" in line


def test_rules_file_that_is_a_directory(run: Any, tmp_path: Path) -> None:
    line = assert_one_line_error(run("estimate", "--rules", str(tmp_path)), 1)
    assert "directory" in line


def test_broken_rules_file(run: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[baseline\n", encoding="utf-8")
    line = assert_one_line_error(run("estimate", "--rules", str(broken)), 1)
    assert str(broken) in line


# --- the error boundary ---------------------------------------------------------------------


def _explode(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("kaboom\nsecond line")


@pytest.mark.parametrize(
    ("target", "args"),
    [
        ("pomplan.service.build_report", ("estimate",)),
        ("pomplan.content.faq", ("faq",)),
        ("pomplan.cli.paths.compare", ("paths", "--compare")),
        ("pomplan.render.terminal.guide.steps", ("steps",)),
        ("pomplan.render.json_doc.skills", ("skills", "--json")),
    ],
)
def test_unexpected_exception_is_one_line(
    run: Any, monkeypatch: pytest.MonkeyPatch, target: str, args: tuple[str, ...]
) -> None:
    monkeypatch.setattr(target, _explode)
    line = assert_one_line_error(run(*args), 1)
    assert "unexpected RuntimeError: kaboom second line" in line
    assert "POMPLAN_DEBUG=1" in line


@pytest.mark.parametrize("debug", ["1", "yes"])
def test_debug_lets_the_traceback_through(
    run: Any, monkeypatch: pytest.MonkeyPatch, debug: str
) -> None:
    monkeypatch.setattr("pomplan.service.build_report", _explode)
    result = run("estimate", env={"POMPLAN_DEBUG": debug})
    assert result.exit_code == 1
    assert isinstance(result.exception, RuntimeError)
    assert "kaboom" in str(result.exception)


def test_debug_zero_is_off(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pomplan.service.build_report", _explode)
    result = run("estimate", env={"POMPLAN_DEBUG": "0"})
    assert_one_line_error(result, 1)
    assert not isinstance(result.exception, RuntimeError)


def test_unexpected_os_error_is_one_line(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied() -> Any:
        raise PermissionError(13, "Permission denied", "/some/file")

    monkeypatch.setattr("pomplan.content.steps", denied)
    line = assert_one_line_error(run("steps"), 1)
    assert "Permission denied" in line
    assert "/some/file" in line


@pytest.mark.parametrize(
    ("target", "args"),
    [
        ("pomplan.service.build_report", ("estimate",)),
        ("pomplan.content.faq", ("faq",)),
        ("pomplan.render.terminal.guide.steps", ("steps",)),
    ],
)
def test_keyboard_interrupt_exits_130_quietly(
    run: Any, monkeypatch: pytest.MonkeyPatch, target: str, args: tuple[str, ...]
) -> None:
    def interrupted(*a: Any, **k: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(target, interrupted)
    result = run(*args)
    assert result.exit_code == 130
    assert result.stderr.strip() == ""
    assert "Traceback" not in result.output


# --- how the output looks -----------------------------------------------------------------

LOOKS: list[tuple[str, ...]] = [
    ("estimate",),
    ("estimate", "--degree", "none", "--background", "unrelated", "--cert", "lean,six-sigma,agile"),
    (
        "estimate",
        "--background",
        "product-management",
        "--experience",
        "12.5",
        "--path",
        "standard",
    ),
    ("paths",),
    ("paths", "show", "education"),
    ("paths", "show", "project-management"),
    ("paths", "--compare"),
    ("paths", "--compare", "--background", "customer-success", "--hours-per-week", "40"),
    ("faq",),
    ("faq", "how", "long"),
    ("steps",),
    ("skills",),
    ("rules",),
    ("sources",),
]


@pytest.mark.parametrize("columns", [40, 80, 100])
@pytest.mark.parametrize("args", LOOKS, ids=" ".join)
def test_plain_output_fits_the_width(
    run: Any, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], columns: int
) -> None:
    use_width(monkeypatch, columns)
    out = assert_ok(run(*args))
    assert ESC not in out
    for line in out.splitlines():
        assert len(line) <= columns, (len(line), line)
        assert line == line.rstrip(), repr(line)
    assert out.endswith("\n")
    assert not out.endswith("\n\n")


def test_width_changes_how_estimate_is_laid_out(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    use_width(monkeypatch, 40)
    narrow = assert_ok(run("estimate"))
    use_width(monkeypatch, 100)
    wide = assert_ok(run("estimate"))
    assert "Result: 3 to 6 years" in narrow
    assert "Your range" in wide
    assert max(len(line) for line in wide.splitlines()) > 40


def _rules_with_reason(tmp_path: Path, reason: str) -> Path:
    text = datafile.shipped("rules.toml").read_text(encoding="utf-8")
    old = 'reason = "A relevant bachelor\'s is what the baseline already assumes."'
    assert old in text
    custom = tmp_path / "markup.toml"
    custom.write_text(text.replace(old, f"reason = {json.dumps(reason)}"), encoding="utf-8")
    return custom


@pytest.mark.parametrize("command", [("estimate",), ("rules",)], ids=" ".join)
def test_rules_text_is_not_markup(run: Any, tmp_path: Path, command: tuple[str, ...]) -> None:
    custom = _rules_with_reason(tmp_path, "Odd [bold red]boom[/] and [link=x]here[/link].")
    out = flat(assert_ok(run(*command, "--rules", str(custom))))
    assert "[bold red]boom[/]" in out
    assert "[link=x]here[/link]" in out
    assert ESC not in out


# --- real processes -----------------------------------------------------------------------


def _env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    env = dict(os.environ)  # already isolated by conftest: POMPLAN_HOME, NO_COLOR, COLUMNS
    env["POMPLAN_HOME"] = str(tmp_path / "home" / "pomplan")
    env.pop("PYTHONPATH", None)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _pomplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "pomplan", *args]


def _on_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run with stdout and stderr on a pseudo-terminal; return the exit status and output."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        args, stdin=follower, stdout=follower, stderr=follower, env=env, cwd=cwd
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the other side has closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_reader_that_stops_after_one_line(tmp_path: Path) -> None:
    """``pomplan faq | head -1``: no complaint about the closed pipe."""
    proc = subprocess.Popen(
        _pomplan("faq"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=_env(tmp_path),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    proc.wait(timeout=60)
    assert first.decode().startswith(content.faq()[0].question)
    assert err == b""


def test_reader_that_is_already_gone(tmp_path: Path) -> None:
    """The pipe closes before pomplan writes a byte: still nothing on stderr."""
    proc = subprocess.Popen(
        _pomplan("estimate"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=_env(tmp_path),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    code = proc.wait(timeout=60)
    assert err == b""
    assert code == 141  # as a shell reports a process ended by SIGPIPE


def test_no_color_on_a_terminal_gets_no_escapes(tmp_path: Path) -> None:
    env = _env(tmp_path, TERM="xterm-256color", NO_COLOR="1", COLUMNS="80")
    code, out = _on_terminal(_pomplan("steps"), env, tmp_path)
    assert code == 0, out
    assert "1. " in out
    assert ESC not in out


def test_a_terminal_without_no_color_is_styled(tmp_path: Path) -> None:
    """The control for the two tests around it: styling does reach a real terminal."""
    env = _env(tmp_path, TERM="xterm-256color", NO_COLOR=None, COLUMNS="80")
    code, out = _on_terminal(_pomplan("steps"), env, tmp_path)
    assert code == 0, out
    assert ESC in out


@pytest.mark.parametrize("command", ["--help", "estimate --help", "paths --help", "faq --help"])
def test_help_fits_40_columns(run: Any, command: str) -> None:
    result = run(*command.split(), env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


def test_control_characters_in_a_rules_file_are_refused(run: Any, tmp_path: Path) -> None:
    shipped = datafile.shipped("rules.toml").read_text(encoding="utf-8")
    old = 'reason = "A relevant bachelor\'s is what the baseline already assumes."'
    assert old in shipped
    evil = tmp_path / "evil.toml"
    evil.write_text(shipped.replace(old, 'reason = "Evil \\u001b[31mred"'), encoding="utf-8")
    result = run("rules", "--rules", str(evil))
    assert result.exit_code == 1
    assert ESC not in result.output
    assert "options.bachelor.reason" in result.stderr and "control character" in result.stderr


def test_dumb_terminal_gets_no_escapes(tmp_path: Path) -> None:
    env = _env(tmp_path, TERM="dumb", NO_COLOR=None, COLUMNS="80")
    code, out = _on_terminal(_pomplan("steps"), env, tmp_path)
    assert code == 0, out
    assert "1. " in out
    assert ESC not in out


def test_version_from_outside_the_repository(tmp_path: Path) -> None:
    done = subprocess.run(
        _pomplan("--version"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"pomplan {pomplan.__version__}\n"
    assert done.stderr == ""
