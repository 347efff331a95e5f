"""``pomplan plan``, ``progress`` and ``profile`` as a person uses them, through CliRunner.

"Today" is pinned with ``POMPLAN_TODAY`` so that every date in a plan is known.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from pomplan import content
from pomplan.levels import SKILLS
from pomplan.render.terminal import console as terminal_console

TODAY = "2027-01-15"
START = "2026-01-05"
ESC = "\x1b"
BLOCKS = "█░·│▏▕■□▓▒"

# Every variable that sets a profile value, the start or the day; none may leak in.
PROFILE_ENV = (
    "POMPLAN_BACKGROUND",
    "POMPLAN_DEGREE",
    "POMPLAN_EXPERIENCE",
    "POMPLAN_PATH",
    "POMPLAN_CERT",
    "POMPLAN_HOURS_PER_WEEK",
    "POMPLAN_START",
    "POMPLAN_PROFILE",
)
# About the shortest estimate there is (0.75-1.9 years): a plan under two years long.
SHORTEST = (
    "--degree",
    "master",
    "--background",
    "product-management",
    "--experience",
    "50",
    "--cert",
    "lean,six-sigma,agile,project-management,product-management,product-operations,data-analytics",
    "--hours-per-week",
    "80",
)
PROFILE_FIELDS = (
    "degree",
    "background",
    "experience_years",
    "path",
    "certifications",
    "hours_per_week",
    "skills",
)


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROFILE_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POMPLAN_TODAY", TODAY)


# --- helpers --------------------------------------------------------------------------------


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout.strip()
    return str(result.stdout)


def quiet_ok(result: Any) -> str:
    out = ok(result)
    assert result.stderr == "", result.stderr
    return out


def doc(result: Any) -> Any:
    return json.loads(ok(result))


def one_line_error(result: Any, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pomplan"), lines[0]
    assert "error:" in lines[0]
    assert "Traceback" not in result.stderr
    return str(lines[0])


def use_width(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(terminal_console, "_console", None)


def fresh_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terminal_console, "_console", None)


def assumed(document: Any) -> list[str]:
    return [a["field"] for a in document["assumptions"]]


def timeline_lines(out: str) -> list[str]:
    """The chart: from the line after 'Time left' (and its blank line) to the key."""
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Time left:"))
    while lines[first].strip():
        first += 1  # the 'Time left' text may wrap
    last = next(i for i, line in enumerate(lines) if "finish window" in line)
    return lines[first + 1 : last + 1]


def save(run: Any, *args: str) -> None:
    quiet_ok(run("profile", "set", *args))


def tick(run: Any, *args: str, env: dict[str, str] | None = None) -> str:
    return ok(run("progress", "done", *args, env=env))


def plan_days(document: Any) -> dict[str, date]:
    return {m["id"]: date.fromisoformat(m["due"]) for m in document["milestones"]}


# --- plan --json ----------------------------------------------------------------------------


def test_plan_json_fields(run: Any) -> None:
    d = doc(run("plan", "--start", START, "--json"))
    for key in (
        "schema_version",
        "profile_name",
        "saved_profile",
        "profile",
        "assumptions",
        "years",
        "months",
        "start",
        "end",
        "finish",
        "today",
        "phases",
        "milestones",
        "next",
        "status",
        "percent",
        "percent_elapsed",
        "remaining",
        "not_in_plan",
        "rules_file",
    ):
        assert key in d, key
    assert d["profile_name"] == "default"
    assert d["saved_profile"] is None
    assert d["start"] == START
    assert d["today"] == TODAY
    assert d["years"] == {"low": 3, "high": 6}
    assert d["months"] == {"low": 36, "high": 72}
    # A year in and nothing done is behind: the plan is laid out again from today, over the
    # middle of 3-6 years (4.5 * 365.25 = 1643.6 days), and the finish window is today + 3-6.
    assert d["relaid_from"] == TODAY
    assert d["end"] == "2031-07-17"
    assert d["finish"] == {"earliest": "2030-01-15", "latest": "2033-01-15"}
    assert d["remaining"] == {"years": d["years"], "months": d["months"]}
    assert d["percent"] == 0
    assert d["not_in_plan"] == []
    # Nothing given: every profile value is assumed (the start was given).
    assert sorted(assumed(d)) == sorted(PROFILE_FIELDS)
    assert len(d["milestones"]) == 33
    ids = [m["id"] for m in d["milestones"]]
    assert len(ids) == len(set(ids))
    assert d["next"] == ids[:3]
    for m in d["milestones"]:
        assert m["done"] is False and m["done_on"] is None
        assert m["title"] and m["actions"] and m["sources"]


def test_plan_json_dates_are_consistent(run: Any) -> None:
    # Starting today: a plan started a year ago with nothing done is behind, and laid out again.
    d = doc(run("plan", "--start", TODAY, "--json", "--background", "unrelated"))
    start, end = date.fromisoformat(d["start"]), date.fromisoformat(d["end"])
    phases = d["phases"]
    sequential = [p for p in phases if not p["alongside"]]
    alongside = [p for p in phases if p["alongside"]]
    assert [p["id"] for p in sequential] == ["education", "skills", "experience", "portfolio"]
    assert [p["id"] for p in alongside] == ["network", "learning"]
    assert sequential[0]["start"] == d["start"]
    assert sequential[-1]["end"] == d["end"]
    for before, after in pairwise(sequential):
        assert before["end"] == after["start"]
    for p in alongside:
        assert (p["start"], p["end"]) == (d["start"], d["end"])
    windows = {p["id"]: (p["start"], p["end"]) for p in phases}
    dues = []
    for m in d["milestones"]:
        first, due = date.fromisoformat(m["start"]), date.fromisoformat(m["due"])
        assert start <= first <= due <= end, m["id"]
        low, high = windows[m["phase"]]
        assert low <= m["start"] <= m["due"] <= high, m["id"]
        dues.append(due)
    assert dues == sorted(dues)


@pytest.mark.parametrize(
    "flags",
    [
        (),
        ("--background", "data-analysis", "--degree", "none"),
        ("--background", "customer-success", "--experience", "3", "--cert", "agile,lean"),
        ("--degree", "master", "--path", "education", "--hours-per-week", "12"),
        ("--background", "unrelated", "--path", "project-management", "--cert", "none"),
    ],
    ids=lambda f: " ".join(f) or "reference",
)
def test_plan_and_estimate_agree(run: Any, flags: tuple[str, ...]) -> None:
    plan = doc(run("plan", "--start", START, "--json", *flags))
    estimate = doc(run("estimate", "--json", *flags))
    assert plan["years"] == estimate["years"]
    assert plan["months"] == estimate["months"]
    assert plan["profile"] == estimate["profile"]
    assert plan["remaining"]["years"] == estimate["years"]


# --- where the values come from ---------------------------------------------------------------


def test_plan_uses_the_saved_profile(run: Any) -> None:
    save(run, "--background", "customer-success", "--degree", "master", "--start", "2025-06-01")
    d = doc(run("plan", "--json"))
    assert d["profile"]["background"] == "customer-success"
    assert d["profile"]["degree"] == "master"
    assert d["start"] == "2025-06-01"
    assert d["saved_profile"] == "default"
    fields = assumed(d)
    assert "background" not in fields and "degree" not in fields and "start" not in fields
    assert {"experience_years", "certifications", "hours_per_week", "path"} <= set(fields)
    assert not any(p["id"] == "education" for p in d["phases"])  # a master's needs none


def test_flags_override_the_saved_profile_for_one_run(run: Any, isolated_env: Path) -> None:
    save(run, "--background", "customer-success", "--start", "2025-06-01")
    file = Path(doc(run("profile", "show", "--json"))["file"])
    before = file.read_bytes()
    d = doc(run("plan", "--json", "--background", "data-analysis", "--start", START))
    assert d["profile"]["background"] == "data-analysis"
    assert d["start"] == START
    assert file.read_bytes() == before
    shown = doc(run("profile", "show", "--json"))
    assert shown["values"] == {"background": "customer-success"}
    assert shown["start"] == "2025-06-01"
    again = doc(run("plan", "--json"))
    assert again["profile"]["background"] == "customer-success"
    assert again["start"] == "2025-06-01"


# field, flag, variable, (flag value, env value, saved value, reference), the JSON reading
PRECEDENCE = [
    ("degree", "--degree", "POMPLAN_DEGREE", ("none", "master", "bachelor-other", "bachelor")),
    (
        "background",
        "--background",
        "POMPLAN_BACKGROUND",
        ("data-analysis", "customer-success", "operations", "project-management"),
    ),
    ("experience_years", "--experience", "POMPLAN_EXPERIENCE", ("2.5", "7", "1", "0")),
    ("path", "--path", "POMPLAN_PATH", ("education", "data-analysis", "customer-success", None)),
    ("certifications", "--cert", "POMPLAN_CERT", ("agile", "lean", "six-sigma", "")),
    ("hours_per_week", "--hours-per-week", "POMPLAN_HOURS_PER_WEEK", ("10", "20", "3", "5")),
    ("start", "--start", "POMPLAN_START", ("2026-01-05", "2025-02-03", "2024-03-04", TODAY)),
]


def _reading(document: Any, field: str) -> str:
    if field == "start":
        return str(document["start"])
    value = document["profile"][field]
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{Decimal(str(value)).normalize():f}"
    return str(value)


@pytest.mark.parametrize(
    ("field", "flag", "variable", "values"), PRECEDENCE, ids=[p[0] for p in PRECEDENCE]
)
def test_precedence_flags_environment_saved_reference(
    run: Any, field: str, flag: str, variable: str, values: tuple[str, str, str, str | None]
) -> None:
    by_flag, by_env, by_saved, reference = values
    # Nothing anywhere: the reference value (or today, or the fastest path), as an assumption.
    nothing = doc(run("plan", "--json"))
    assert field in assumed(nothing)
    if reference is not None:
        assert _reading(nothing, field) == reference
    # Saved.
    save(run, flag, by_saved)
    saved = doc(run("plan", "--json"))
    assert _reading(saved, field) == by_saved
    assert field not in assumed(saved)
    # Environment over saved.
    env = {variable: by_env}
    over_saved = doc(run("plan", "--json", env=env))
    assert _reading(over_saved, field) == by_env
    assert field not in assumed(over_saved)
    # Flag over environment.
    over_env = doc(run("plan", "--json", flag, by_flag, env=env))
    assert _reading(over_env, field) == by_flag
    assert field not in assumed(over_env)
    # The saved file still holds what was saved.
    shown = doc(run("profile", "show", "--json"))
    if field == "start":
        assert shown["start"] == by_saved
    else:
        value = shown["values"][field]
        assert (",".join(value) if isinstance(value, list) else str(value)) == by_saved


def test_no_certification_is_a_value_that_wins(run: Any) -> None:
    save(run, "--cert", "agile,lean")
    saved = doc(run("plan", "--json"))
    assert saved["profile"]["certifications"] == ["agile", "lean"]
    by_env = doc(run("plan", "--json", env={"POMPLAN_CERT": "none"}))
    assert by_env["profile"]["certifications"] == []
    assert "certifications" not in assumed(by_env)
    by_flag = doc(run("plan", "--json", "--cert", "none", env={"POMPLAN_CERT": "six-sigma"}))
    assert by_flag["profile"]["certifications"] == []
    # Holding none, the plan asks for the certifications the path needs.
    ids = {m["id"] for m in by_flag["milestones"]}
    assert {"cert-product-operations", "cert-lean"} <= ids


def test_empty_environment_values_count_as_not_set(run: Any) -> None:
    save(run, "--background", "operations", "--start", START)
    d = doc(run("plan", "--json", env={"POMPLAN_BACKGROUND": "", "POMPLAN_START": ""}))
    assert d["profile"]["background"] == "operations"
    assert d["start"] == START


def test_values_given_nowhere_are_assumptions_and_saved_ones_are_not(run: Any) -> None:
    save(run, "--degree", "none", "--experience", "4", "--start", START)
    d = doc(run("plan", "--json", env={"POMPLAN_HOURS_PER_WEEK": "8"}))
    fields = assumed(d)
    assert sorted(fields) == ["background", "certifications", "path", "skills"]
    notes = {a["field"]: a["note"] for a in d["assumptions"]}
    assert "--background" in notes["background"]
    assert "--cert" in notes["certifications"]
    assert "automatically" in notes["path"]
    every = doc(
        run(
            "plan",
            "--json",
            "--background",
            "operations",
            "--cert",
            "none",
            "--path",
            "standard",
            "--skill",
            ",".join(f"{skill}=2" for skill in SKILLS),
            env={"POMPLAN_HOURS_PER_WEEK": "8"},
        )
    )
    assert every["assumptions"] == []


def test_human_plan_lists_the_assumptions(run: Any) -> None:
    save(run, "--background", "operations")
    out = quiet_ok(run("plan"))
    section = out.split("Assumed, because you did not say", 1)[1]
    listed = re.findall(r"^- ([a-z_]+): ", section, flags=re.MULTILINE)
    assert "degree" in listed
    assert "background" not in listed
    assert "start" not in listed  # 'profile set' saved today as the start


# variable, value, what the message quotes
BAD_PROFILE_ENV = [
    ("POMPLAN_BACKGROUND", "astronaut", "'astronaut'"),
    ("POMPLAN_DEGREE", "diploma", "'diploma'"),
    ("POMPLAN_EXPERIENCE", "abc", "'abc'"),
    ("POMPLAN_EXPERIENCE", "51", "51"),
    ("POMPLAN_PATH", "sideways", "'sideways'"),
    ("POMPLAN_CERT", "itil", "'itil'"),
    ("POMPLAN_CERT", "none,agile", "'none'"),
    ("POMPLAN_HOURS_PER_WEEK", "0", "0"),
    ("POMPLAN_HOURS_PER_WEEK", "nan", "'nan'"),
]
BAD_DAY_ENV = [
    ("POMPLAN_START", "2026-02-30", "'2026-02-30'"),
    ("POMPLAN_START", "tomorrow", "'tomorrow'"),
    ("POMPLAN_TODAY", "2026/01/05", "'2026/01/05'"),
]
BAD_ENV_CASES = [
    (command, *case)
    for command in (("plan",), ("progress",), ("progress", "done", "apply-roles"))
    for case in BAD_PROFILE_ENV + BAD_DAY_ENV
] + [(("estimate",), *case) for case in BAD_PROFILE_ENV]


@pytest.mark.parametrize(
    ("command", "variable", "value", "quoted"),
    BAD_ENV_CASES,
    ids=[f"{' '.join(c[0])}-{c[1]}={c[2]}" for c in BAD_ENV_CASES],
)
def test_bad_environment_values_are_usage_errors(
    run: Any, command: tuple[str, ...], variable: str, value: str, quoted: str
) -> None:
    save(run, "--start", START)
    line = one_line_error(run(*command, env={variable: value}), 2)
    assert f"error: {variable}: " in line
    assert quoted in line
    assert doc(run("progress", "--json"))["done"] == []


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "2026/01/05", "2026-1-5", ""])
def test_bad_start_dates(run: Any, value: str) -> None:
    line = one_line_error(run("plan", "--start", value), 2)
    assert "--start" in line
    assert "YYYY-MM-DD" in line


def test_bad_start_date_for_profile_set(run: Any) -> None:
    line = one_line_error(run("profile", "set", "--start", "2026-02-30"), 2)
    assert "--start" in line
    assert doc(run("profile", "show", "--json"))["saved"] is False


def test_start_defaults_to_the_saved_start(run: Any) -> None:
    save(run, "--start", "2025-09-01")
    d = doc(run("plan", "--json"))
    assert d["start"] == "2025-09-01"
    assert "start" not in assumed(d)


def test_start_defaults_to_today(run: Any) -> None:
    d = doc(run("plan", "--json"))
    assert d["start"] == TODAY
    assert "start" in assumed(d)
    note = next(a for a in d["assumptions"] if a["field"] == "start")
    assert note["value"] == TODAY
    assert "--start" in note["note"]
    assert d["status"] == "on-track"
    assert d["percent_elapsed"] == 0


def test_start_from_the_environment(run: Any) -> None:
    d = doc(run("plan", "--json", env={"POMPLAN_START": "2026-03-03"}))
    assert d["start"] == "2026-03-03"
    assert "start" not in assumed(d)


def test_profile_set_saves_today_as_the_start(run: Any) -> None:
    save(run, "--background", "operations")
    assert doc(run("profile", "show", "--json"))["start"] == TODAY


# --- progress -------------------------------------------------------------------------------


@pytest.fixture
def started(run: Any) -> None:
    """A saved profile with a start, so that ticking changes nothing else."""
    save(run, "--start", START)


@pytest.mark.usefixtures("started")
def test_progress_done_marks_milestones(run: Any) -> None:
    out = quiet_ok(run("progress", "done", "education-audit", "skills-ops-tool"))
    assert "education-audit" in out and "skills-ops-tool" in out
    assert "Audit what your education already covers" in out
    d = doc(run("progress", "--json"))
    assert sorted(d["done"]) == ["education-audit", "skills-ops-tool"]
    assert d["done_on"] == {"education-audit": TODAY, "skills-ops-tool": TODAY}
    assert "education-audit" not in d["open"]
    assert len(d["done"]) + len(d["open"]) == 33
    # By effort: education-audit 2-4 hours and skills-ops-tool 8-16, of 1296 (twice the middles).
    assert d["percent"] == 100 * (6 + 24) // 1296
    plan = doc(run("plan", "--json"))
    done = {m["id"]: m["done_on"] for m in plan["milestones"] if m["done"]}
    assert done == {"education-audit": TODAY, "skills-ops-tool": TODAY}
    assert "education-audit" not in plan["next"]


@pytest.mark.usefixtures("started")
def test_progress_done_twice_keeps_the_first_date(run: Any) -> None:
    quiet_ok(run("progress", "done", "apply-roles", env={"POMPLAN_TODAY": "2027-01-10"}))
    quiet_ok(run("progress", "done", "apply-roles", env={"POMPLAN_TODAY": "2027-02-01"}))
    d = doc(run("progress", "--json"))
    assert d["done"] == ["apply-roles"]
    assert d["done_on"] == {"apply-roles": "2027-01-10"}
    quiet_ok(run("progress", "done", "apply-roles", "--on", "2026-12-24"))
    assert doc(run("progress", "--json"))["done_on"] == {"apply-roles": "2026-12-24"}


@pytest.mark.usefixtures("started")
def test_progress_done_on_a_given_day(run: Any) -> None:
    out = quiet_ok(run("progress", "done", "network-event", "--on", "2026-05-01"))
    assert "2026-05-01" in out
    assert doc(run("progress", "--json"))["done_on"] == {"network-event": "2026-05-01"}
    # Today itself is not the future.
    quiet_ok(run("progress", "done", "network-mentor", "--on", TODAY))


@pytest.mark.usefixtures("started")
@pytest.mark.parametrize("on", ["2027-01-16", "2099-01-01"])
def test_progress_done_in_the_future_is_refused(run: Any, on: str) -> None:
    line = one_line_error(run("progress", "done", "network-event", "--on", on), 2)
    assert "--on" in line and "future" in line
    assert doc(run("progress", "--json"))["done"] == []


@pytest.mark.usefixtures("started")
@pytest.mark.parametrize("on", ["2026-02-30", "yesterday", "2026/01/05"])
def test_progress_done_on_a_bad_date(run: Any, on: str) -> None:
    line = one_line_error(run("progress", "done", "network-event", "--on", on), 2)
    assert "--on" in line and "YYYY-MM-DD" in line
    assert doc(run("progress", "--json"))["done"] == []


@pytest.mark.usefixtures("started")
@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("apply-rolez", "apply-roles"),
        ("network-mentr", "network-mentor"),
        ("skills-ops-tol", "skills-ops-tool"),
    ],
)
def test_progress_done_unknown_id_names_the_closest(run: Any, typed: str, suggested: str) -> None:
    line = one_line_error(run("progress", "done", typed), 2)
    assert repr(typed) in line
    assert repr(suggested) in line
    assert "pomplan plan" in line
    assert doc(run("progress", "--json"))["done"] == []


@pytest.mark.usefixtures("started")
def test_progress_done_with_one_unknown_id_ticks_nothing(run: Any) -> None:
    one_line_error(run("progress", "done", "apply-roles", "zzzz-qqqq"), 2)
    assert doc(run("progress", "--json"))["done"] == []


@pytest.mark.usefixtures("started")
@pytest.mark.parametrize("typed", ["APPLY-ROLES", "Apply-Roles", " apply-roles "])
def test_progress_ids_are_case_insensitive(run: Any, typed: str) -> None:
    quiet_ok(run("progress", "done", typed))
    assert doc(run("progress", "--json"))["done"] == ["apply-roles"]
    quiet_ok(run("progress", "undo", typed.upper()))
    assert doc(run("progress", "--json"))["done"] == []


@pytest.mark.usefixtures("started")
def test_another_paths_milestone_is_kept_but_does_not_count(run: Any) -> None:
    # The reference person is on the standard path; this one is customer success's.
    out = quiet_ok(run("progress", "done", "experience-cs-feedback"))
    assert "not in this plan, so it does not count" in out
    d = doc(run("progress", "--json"))
    assert d["done"] == []
    assert d["not_in_plan"] == ["experience-cs-feedback"]
    assert d["percent"] == 0
    assert d["remaining"]["years"] == {"low": 3, "high": 6}
    human_out = quiet_ok(run("plan"))
    assert "not part of this plan" in human_out
    assert "experience-cs-feedback" in human_out
    # On that path it counts.
    cs = doc(run("plan", "--json", "--path", "customer-success"))
    assert cs["not_in_plan"] == []
    assert [m["id"] for m in cs["milestones"] if m["done"]] == ["experience-cs-feedback"]


@pytest.mark.usefixtures("started")
def test_progress_undo_reopens(run: Any) -> None:
    quiet_ok(run("progress", "done", "education-audit", "apply-roles"))
    out = quiet_ok(run("progress", "undo", "apply-roles"))
    assert "Open again" in out
    d = doc(run("progress", "--json"))
    assert d["done"] == ["education-audit"]
    assert "apply-roles" in d["open"]


@pytest.mark.usefixtures("started")
def test_progress_undo_of_something_never_ticked_is_fine(run: Any) -> None:
    quiet_ok(run("progress", "undo", "apply-roles"))
    quiet_ok(run("progress", "undo", "experience-cs-feedback"))  # not even in this plan
    assert doc(run("progress", "--json"))["done"] == []
    one_line_error(run("progress", "undo", "apply-rolez"), 2)


@pytest.mark.usefixtures("started")
def test_progress_undo_keeps_an_id_recorded_but_unknown(run: Any, isolated_env: Path) -> None:
    # A recorded id the plan no longer knows can still be taken back.
    tick(run, "apply-roles")
    file = Path(doc(run("profile", "path", "--json"))["progress_file"])
    text = file.read_text(encoding="utf-8").replace("apply-roles", "retired-milestone")
    file.write_text(text, encoding="utf-8")
    assert doc(run("progress", "--json"))["not_in_plan"] == ["retired-milestone"]
    quiet_ok(run("progress", "undo", "retired-milestone"))
    assert doc(run("progress", "--json"))["not_in_plan"] == []


@pytest.mark.usefixtures("started")
def test_progress_json_document(run: Any) -> None:
    d = doc(run("progress", "--json"))
    assert {"done", "open", "percent", "remaining", "status", "not_in_plan"} <= set(d)
    assert d["done"] == [] and len(d["open"]) == 33
    assert d["percent"] == 0
    assert d["remaining"] == {
        "years": {"low": 3, "high": 6},
        "months": {"low": 36, "high": 72},
    }
    d = doc(run("progress", "done", "education-audit", "--json"))
    assert d["done"] == ["education-audit"]
    # education-audit is 2-4 hours, 6 of the plan's 1296 (twice the middles): 3 * 1290/1296.
    assert d["remaining"]["years"] == {"low": 2.99, "high": 5.97}
    assert d["remaining"]["months"] == {"low": 36, "high": 72}
    assert d["percent"] == 0


@pytest.mark.usefixtures("started")
def test_progress_options_before_the_subcommand(run: Any) -> None:
    d = doc(run("progress", "--json", "done", "apply-roles"))
    assert d["done"] == ["apply-roles"]
    d = doc(run("progress", "--json", "undo", "apply-roles"))
    assert d["done"] == []
    save(run, "--profile", "work", "--start", START)
    d = doc(run("progress", "--profile", "work", "--json", "done", "network-event"))
    assert d["profile_name"] == "work"
    assert doc(run("progress", "--json"))["done"] == []
    assert doc(run("progress", "--profile", "work", "--json"))["done"] == ["network-event"]


def test_progress_done_without_a_saved_profile_works(run: Any) -> None:
    tick(run, "education-audit")
    d = doc(run("progress", "--json"))
    assert d["done"] == ["education-audit"]


def test_progress_for_a_profile_never_saved_is_an_error(run: Any) -> None:
    line = one_line_error(run("progress", "--profile", "nobody", "done", "apply-roles"), 1)
    assert "nobody" in line


# --- estimate with progress -----------------------------------------------------------------


def _reconciles(d: Any) -> None:
    for end in ("low", "high"):
        total = Decimal(str(d["baseline"][end])) + sum(
            (Decimal(str(a[end])) for a in d["adjustments"]), Decimal(0)
        )
        assert total == Decimal(str(d["years"][end])), (end, total, d["years"])


@pytest.mark.usefixtures("started")
def test_estimate_shows_progress_after_ticking(run: Any) -> None:
    before = doc(run("estimate", "--json"))
    assert not any(a["id"] == "progress" for a in before["adjustments"])
    assert "Progress:" not in quiet_ok(run("estimate"))
    _reconciles(before)

    tick(run, "education-audit", "network-event")
    after = doc(run("estimate", "--json"))
    lines = [a for a in after["adjustments"] if a["id"] == "progress"]
    assert len(lines) == 1
    assert lines[0] == after["adjustments"][-1]
    assert lines[0]["label"] == "Progress: 1% of the effort done (2 of 33 milestones)"
    assert after["years"]["low"] < before["years"]["low"]
    assert after["years"]["high"] < before["years"]["high"]
    _reconciles(after)
    out = quiet_ok(run("estimate"))
    assert "(2 of 33 milestones)" in " ".join(out.split())
    assert "Time left" in out

    tick(run, "apply-roles")
    more = doc(run("estimate", "--json"))
    assert more["years"]["low"] < after["years"]["low"]
    assert more["years"]["high"] < after["years"]["high"]
    _reconciles(more)

    # The plan's remaining time is the estimate's.
    plan = doc(run("plan", "--json"))
    assert plan["remaining"]["years"] == more["years"]
    assert plan["years"] == before["years"]


@pytest.mark.usefixtures("started")
def test_estimate_ignores_ticks_outside_the_plan(run: Any) -> None:
    tick(run, "experience-da-metrics")
    d = doc(run("estimate", "--json"))
    assert not any(a["id"] == "progress" for a in d["adjustments"])
    assert d["years"] == {"low": 3, "high": 6}
    # For a data-analysis path, the same tick counts.
    da = doc(run("estimate", "--json", "--path", "data-analysis"))
    assert any(a["id"] == "progress" for a in da["adjustments"])
    _reconciles(da)


@pytest.mark.usefixtures("started")
def test_estimate_with_everything_done(run: Any) -> None:
    ids = [m["id"] for m in doc(run("plan", "--json"))["milestones"]]
    tick(run, *ids)
    d = doc(run("estimate", "--json"))
    assert d["years"] == {"low": 0, "high": 0}
    assert d["months"] == {"low": 0, "high": 0}
    _reconciles(d)
    p = doc(run("progress", "--json"))
    assert p["status"] == "complete"
    assert p["percent"] == 100
    assert p["open"] == []
    plan = doc(run("plan", "--json"))
    assert plan["next"] == []
    assert "every milestone done" in quiet_ok(run("plan"))


# --- human output ---------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [40, 80, 100])
@pytest.mark.parametrize(
    "args",
    [
        ("plan",),
        ("plan", "--background", "unrelated", "--degree", "none"),
        ("plan", "--start", "2015-01-01"),
        ("plan", "--start", "2027-06-01"),
        ("plan", *SHORTEST),
        ("progress",),
        ("profile", "show"),
        ("profile", "list"),
        ("profile", "path"),
    ],
    ids=" ".join,
)
def test_output_fits_the_width(
    run: Any, monkeypatch: pytest.MonkeyPatch, columns: int, args: tuple[str, ...]
) -> None:
    save(run, "--start", START)
    tick(run, "education-audit", "network-event", "experience-pm-cross-team")
    use_width(monkeypatch, columns)
    out = quiet_ok(run(*args))
    assert ESC not in out
    for line in out.splitlines():
        assert len(line) <= columns, (len(line), line)
        assert line == line.rstrip(), repr(line)


@pytest.mark.parametrize("columns", [40, 80])
def test_plan_details_fit_the_width(
    run: Any, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    use_width(monkeypatch, columns)
    out = ok(run("plan", "--start", START, "--details"))
    for line in out.splitlines():
        assert len(line) <= columns, (len(line), line)


@pytest.mark.parametrize("flags", [(), SHORTEST], ids=["reference", "shortest"])
@pytest.mark.parametrize("columns", [40, 80, 100])
def test_piped_plan_is_plain_ascii(
    run: Any, monkeypatch: pytest.MonkeyPatch, columns: int, flags: tuple[str, ...]
) -> None:
    save(run, "--start", START)
    tick(run, "skills-process-map", "network-event")
    use_width(monkeypatch, columns)
    out = quiet_ok(run("plan", *flags))
    assert ESC not in out
    assert not set(BLOCKS) & set(out), sorted(set(BLOCKS) & set(out))
    chart = timeline_lines(out)
    assert len(chart) >= 8
    for line in chart:
        assert line.isascii(), line
    text = "\n".join(chart)
    assert "#" in text and "=" in text and "~" in text
    assert "^ today" in text
    assert "# done" in text


def test_piped_plan_without_no_color_is_still_plain(
    run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    fresh_console(monkeypatch)
    out = quiet_ok(run("plan", "--start", START))
    assert ESC not in out
    assert not set(BLOCKS) & set(out)


@pytest.mark.usefixtures("started")
def test_plan_human_contents(run: Any) -> None:
    tick(run, "education-audit", "network-event")
    out = quiet_ok(run("plan"))
    flat = " ".join(out.split())
    assert "Your plan to Product Operations Manager" in out
    for name in (
        "Education",
        "Operational skills",
        "Experience",
        "Portfolio",
        "Network",
        "Keep learning",
    ):
        assert name in out, name
        assert re.search(rf"^{re.escape(name)}\s", out, flags=re.MULTILINE), name
    assert "Finish" in out
    assert "^ today" in out
    assert "Your next three actions" in out
    assert "[x]" in out
    assert "[ ]" in out
    assert out.count("[x]") == 2
    assert out.count("[ ]") == 31
    assert re.search(r"^ \[x\] Audit what your education already covers", out, re.MULTILINE)
    assert f"done {TODAY}" in out
    assert re.search(r"Status: (ahead of plan|on track|behind plan)", out)
    assert "2 of 33 milestones done" in flat
    assert "down from 3-6" in flat
    assert "education-audit" in out
    assert "Tick a milestone off with 'pomplan progress done ID'" in flat


@pytest.mark.usefixtures("started")
def test_next_three_actions_skip_what_is_done(run: Any) -> None:
    d = doc(run("plan", "--json"))
    first = d["next"]
    assert len(first) == 3
    tick(run, first[0])
    later = doc(run("plan", "--json"))
    assert later["next"] == [*first[1:], later["next"][2]]
    out = quiet_ok(run("plan"))
    section = out.split("Your next three actions", 1)[1].split("\n\n", 1)[0]
    titles = {m["id"]: m["title"] for m in d["milestones"]}
    assert titles[first[0]] not in section
    for ident in later["next"]:
        assert ident in section
    assert re.findall(r"^(\d)\. ", section, flags=re.MULTILINE) == ["1", "2", "3"]


def test_today_marker_only_inside_the_plan(run: Any) -> None:
    inside = quiet_ok(run("plan", "--start", START))
    assert "^ today" in inside
    before = quiet_ok(run("plan", "--start", "2027-06-01"))
    assert "^ today" not in before
    assert "not started yet" in before


def test_brackets_of_titles_and_checks_are_literal(run: Any) -> None:
    save(run, "--start", START)
    tick(run, "learning-teach")
    out = quiet_ok(run("progress"))
    assert "[x] Teach others what you learned" in out
    assert "[ ] " in out


def test_plan_details_show_the_actions(run: Any) -> None:
    plain_out = ok(run("plan", "--start", START))
    out = ok(run("plan", "--start", START, "--details"))
    spec = next(m for m in content.plan_catalogue()[1] if m.id == "skills-ops-tool")
    flat = " ".join(out.split())
    for action in spec.actions:
        assert action in flat, action
    assert spec.actions[1] not in " ".join(plain_out.split())


@pytest.mark.parametrize(
    ("start", "ticks", "state", "word"),
    [
        # 6 of 33 done (12% of the effort) five days in: ahead.
        ("2027-01-10", 6, "ahead", "ahead of plan"),
        # 1 of 33 done a year in (22% of the time): behind.
        (START, 1, "behind", "behind plan"),
        # 8 of 33 done (15% of the effort) a year in (22%): on track.
        (START, 8, "on-track", "on track"),
        # Nothing done and the plan starts next month.
        ("2027-02-01", 0, "not-started", "not started yet"),
    ],
)
def test_pace_states_through_the_cli(
    run: Any, start: str, ticks: int, state: str, word: str
) -> None:
    save(run, "--start", start)
    ids = [m["id"] for m in doc(run("plan", "--json"))["milestones"]]
    if ticks:
        tick(run, *ids[:ticks], "--on", "2027-01-10")
    d = doc(run("plan", "--json"))
    assert d["status"] == state, (d["percent"], d["percent_elapsed"])
    assert 0 <= d["percent"] <= 100 and 0 <= d["percent_elapsed"] <= 100
    assert doc(run("progress", "--json"))["status"] == state
    assert f"Status: {word}" in quiet_ok(run("plan"))
    assert f"Status: {word}" in quiet_ok(run("progress"))


def test_behind_long_after_the_end(run: Any) -> None:
    d = doc(run("plan", "--start", "2015-01-01", "--json"))
    assert d["status"] == "behind"
    assert d["percent_elapsed"] == 100
    out = quiet_ok(run("plan", "--start", "2015-01-01"))
    assert "Status: behind plan" in out
    # Laid out again from today: nothing is late, and the plan says so.
    assert d["relaid_from"] == TODAY
    assert "late " not in out
    assert "laid out again from" in " ".join(out.split())


def test_pace_follows_the_pinned_day(run: Any) -> None:
    save(run, "--start", START)
    tick(run, "education-audit", "--on", "2026-01-20")
    early = doc(run("plan", "--json", env={"POMPLAN_TODAY": "2026-01-20"}))
    late = doc(run("plan", "--json", env={"POMPLAN_TODAY": "2029-01-20"}))
    assert early["today"] == "2026-01-20" and late["today"] == "2029-01-20"
    assert early["percent_elapsed"] < late["percent_elapsed"]
    assert early["status"] == "on-track"
    assert late["status"] == "behind"


# --- profile --------------------------------------------------------------------------------


def test_profile_show_unsaved(run: Any) -> None:
    out = quiet_ok(run("profile", "show"))
    assert "No profile 'default' is saved yet" in out
    d = doc(run("profile", "show", "--json"))
    assert d["name"] == "default"
    assert d["saved"] is False
    assert d["values"] == {} and d["start"] is None
    assert d["file"].endswith("default.toml")


def test_profile_set_and_show(run: Any, isolated_env: Path) -> None:
    quiet_ok(
        run(
            "profile",
            "set",
            "--background",
            "Customer Success",
            "--experience",
            "2.5",
            "--cert",
            "agile,lean",
            "--start",
            START,
        )
    )
    d = doc(run("profile", "show", "--json"))
    assert d["saved"] is True
    assert d["values"] == {
        "background": "customer-success",
        "experience_years": 2.5,
        "certifications": ["agile", "lean"],
        "experience_on": TODAY,  # --experience saved without its day: true today
    }
    assert d["start"] == START
    assert Path(d["file"]).is_file()
    assert Path(d["file"]).is_relative_to(isolated_env)
    out = quiet_ok(run("profile", "show"))
    assert "Profile 'default'" in out
    assert re.search(r"^background\s+customer-success$", out, re.MULTILINE)
    assert re.search(r"^certifications\s+agile, lean$", out, re.MULTILINE)
    assert re.search(rf"^start\s+{START}$", out, re.MULTILINE)
    assert re.search(r"^degree\s+not saved", out, re.MULTILINE)
    # A later set keeps what it does not change.
    quiet_ok(run("profile", "set", "--degree", "none"))
    d = doc(run("profile", "show", "--json"))
    assert d["values"]["background"] == "customer-success"
    assert d["values"]["degree"] == "none"
    assert d["start"] == START


def test_profile_list(run: Any) -> None:
    assert "No profiles are saved yet" in quiet_ok(run("profile", "list"))
    assert doc(run("profile", "list", "--json"))["profiles"] == []
    save(run, "--start", START)
    save(run, "--profile", "work", "--background", "operations")
    tick(run, "apply-roles")
    d = doc(run("profile", "list", "--json"))
    assert d["active"] == "default"
    rows = {p["name"]: p for p in d["profiles"]}
    assert set(rows) == {"default", "work"}
    assert rows["default"]["active"] is True and rows["work"]["active"] is False
    assert rows["default"]["done"] == 1 and rows["work"]["done"] == 0
    out = quiet_ok(run("profile", "list"))
    assert re.search(r"^\* default\s+profile saved, 1 milestone ticked$", out, re.MULTILINE)
    assert re.search(r"^  work\s+profile saved, 0 milestones ticked$", out, re.MULTILINE)
    other = doc(run("profile", "list", "--json", env={"POMPLAN_PROFILE": "work"}))
    assert other["active"] == "work"


def test_profile_path(run: Any, isolated_env: Path) -> None:
    d = doc(run("profile", "path", "--json"))
    assert d["profile"] == "default"
    assert d["pomplan_home"] is True
    for key in ("config_dir", "data_dir", "profile_file", "progress_file", "backups_dir"):
        assert Path(d[key]).is_relative_to(isolated_env), key
    assert d["profile_file"].endswith("default.toml")
    assert d["progress_file"].endswith("default.json")
    out = quiet_ok(run("profile", "path"))
    for label in ("Profile file", "Progress file", "Backups", "Settings folder", "Data folder"):
        assert label in out
    assert "POMPLAN_HOME is set" in out
    work = doc(run("profile", "path", "--profile", "work", "--json"))
    assert work["profile_file"].endswith("work.toml")


def test_profile_init_needs_a_terminal(run: Any) -> None:
    line = one_line_error(run("profile", "init", input="bachelor\n"), 2)
    assert "terminal" in line
    assert "profile set" in line
    assert doc(run("profile", "show", "--json"))["saved"] is False


def test_a_named_profile_must_exist_for_plan(run: Any) -> None:
    line = one_line_error(run("plan", "--profile", "nobody"), 1)
    assert "nobody" in line and "profile set" in line
    line = one_line_error(run("--profile", "nobody", "plan"), 1)
    assert "nobody" in line


def test_plan_for_a_named_profile(run: Any) -> None:
    save(run, "--profile", "work", "--background", "data-analysis", "--start", START)
    d = doc(run("--profile", "work", "plan", "--json"))
    assert d["profile_name"] == "work"
    assert d["saved_profile"] == "work"
    assert d["profile"]["background"] == "data-analysis"
    assert "(profile 'work')" in quiet_ok(run("plan", "--profile", "work"))
    default = doc(run("plan", "--json"))
    assert default["profile"]["background"] == "project-management"


# --- paths --compare -------------------------------------------------------------------------


def test_paths_compare_uses_the_saved_background(run: Any) -> None:
    save(run, "--background", "customer-success", "--degree", "none")
    d = doc(run("paths", "--compare", "--json"))
    assert d["profile"]["background"] == "customer-success"
    assert d["profile"]["degree"] == "none"
    fields = [a["field"] for a in d["assumptions"]]
    assert "background" not in fields and "degree" not in fields
    assert "hours_per_week" in fields
    # Each path's years are what estimate says for that path, with the saved values.
    for row in d["paths"]:
        path_id = row["id"]
        e = doc(run("estimate", "--json", "--path", path_id))
        assert e["profile"]["background"] == "customer-success"
        assert row["years"] == e["years"], path_id
    out = quiet_ok(run("paths", "--compare"))
    assert "background customer-success" in out
    # A flag still wins over the saved value.
    flagged = doc(run("paths", "--compare", "--json", "--background", "operations"))
    assert flagged["profile"]["background"] == "operations"
