"""``pomplan cohort``: one row per saved profile, from the plan itself; a bad profile gets its
row and never stops the others; --behind, --sort, JSON against its schema, narrow screens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomplan.cohort import SORTS, STATUS_ORDER, chosen
from tests.test_json_contract import validate

TODAY = {"POMPLAN_TODAY": "2026-06-01"}


def save(run: Any, name: str, *flags: str) -> None:
    result = run("--profile", name, "profile", "set", *flags)
    assert result.exit_code == 0, result.output


def tick(run: Any, name: str, *ids: str, on: str = "2026-05-01") -> None:
    result = run("--profile", name, "progress", "done", *ids, "--on", on, env=TODAY)
    assert result.exit_code == 0, result.output


def cohort_json(run: Any, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("cohort", *args, "--json", env=TODAY)
    doc = json.loads(result.stdout)
    validate("cohort", doc)
    return result.exit_code, doc


@pytest.fixture
def three(run: Any) -> None:
    """ana is well ahead, ben started long ago and did nothing (behind), cy starts later."""
    save(run, "ana", "--background", "operations", "--start", "2026-05-01")
    tick(run, "ana", "education-audit", "network-community", "learning-sources")
    save(run, "ben", "--background", "unrelated", "--start", "2024-01-01")
    save(run, "cy", "--background", "engineering", "--start", "2026-09-01")


def test_empty_cohort_says_how_to_add_people(run: Any) -> None:
    result = run("cohort", env=TODAY)
    assert result.exit_code == 0
    assert "cohort import" in result.stdout and "profile set" in result.stdout
    code, doc = cohort_json(run)
    assert code == 0 and doc["profiles"] == [] and doc["count"] == 0


def test_rows_are_the_plans_own_figures(run: Any, three: None) -> None:
    code, doc = cohort_json(run)
    assert code == 0
    rows = {p["name"]: p for p in doc["profiles"]}
    assert list(rows) == ["ana", "ben", "cy"]
    for name, row in rows.items():
        plan = json.loads(run("--profile", name, "plan", "--json", env=TODAY).stdout)
        assert row["status"] == plan["status"]
        assert row["percent"] == plan["percent"]
        assert row["remaining"] == plan["remaining"]["years"]
        open_ids = [m["id"] for m in plan["milestones"] if not m["done"] and not m["covered"]]
        # late: the first due day (before a re-layout from today) has passed
        first_due = {m["id"]: m["was_due"] or m["due"] for m in plan["milestones"]}
        late = [i for i in open_ids if first_due[i] < "2026-06-01"]
        assert row["overdue"] == late
        assert (row["next"] or {}).get("id") == (plan["next"][0] if plan["next"] else None)
        assert row["next"] is None or row["next"]["id"] in open_ids
        assert Path(row["path"]).name == f"{name}.toml"
        assert row["problem"] is None
    assert rows["ben"]["status"] == "behind"
    assert rows["cy"]["status"] == "not-started"
    assert rows["ana"]["last_activity"] == "2026-05-01"
    assert rows["ben"]["last_activity"] is None


def test_last_activity_is_the_latest_tick(run: Any) -> None:
    save(run, "ana", "--start", "2026-01-01")
    tick(run, "ana", "education-audit", on="2026-02-03")
    tick(run, "ana", "network-community", on="2026-04-09")
    _, doc = cohort_json(run)
    assert doc["profiles"][0]["last_activity"] == "2026-04-09"


@pytest.mark.parametrize(
    ("damage", "what"),
    [
        ("profile", b"background = [\n"),  # not TOML
        ("profile", b'schema_version = 1\nbackground = "astronaut"\n'),  # a bad value
        ("progress", b"{not json"),
        ("progress", b'{"schema_version": 1, "done": {"education-audit": "yesterday"}}'),
    ],
)
def test_an_unreadable_profile_gets_its_row(
    run: Any, three: None, isolated_env: Path, damage: str, what: bytes
) -> None:
    home = isolated_env / "pomplan"
    target = home / ("profiles/ben.toml" if damage == "profile" else "progress/ben.json")
    target.write_bytes(what)
    code, doc = cohort_json(run)
    assert code == 1  # the output is whole; the status says a row has a problem
    rows = {p["name"]: p for p in doc["profiles"]}
    assert list(rows) == ["ana", "ben", "cy"]
    assert rows["ben"]["problem"] and "\n" not in rows["ben"]["problem"]
    assert rows["ben"]["status"] is None and rows["ben"]["percent"] is None
    assert rows["ana"]["problem"] is None and rows["ana"]["status"] is not None
    text = run("cohort", env=TODAY)
    assert text.exit_code == 1
    assert "ben can't be read" in text.stdout
    assert "1 profile could not be read" in text.stderr
    assert "Traceback" not in text.output


def test_behind_keeps_only_those_behind(run: Any, three: None) -> None:
    _, doc = cohort_json(run, "--behind")
    assert [p["name"] for p in doc["profiles"]] == ["ben"]
    assert doc["count"] == 3
    text = run("cohort", "--behind", env=TODAY).stdout
    assert "ben" in text and "ana" not in text and "1 of 3 profiles" in text


def test_behind_with_nobody_behind(run: Any) -> None:
    save(run, "cy", "--start", "2026-09-01")
    result = run("cohort", "--behind", env=TODAY)
    assert result.exit_code == 0
    assert "Nobody is behind" in result.stdout


@pytest.mark.parametrize("sort", SORTS)
def test_sort_orders_and_ties_go_by_name(run: Any, three: None, sort: str) -> None:
    _, doc = cohort_json(run, "--sort", sort)
    rows = doc["profiles"]
    assert sorted(p["name"] for p in rows) == ["ana", "ben", "cy"]
    if sort == "percent":
        assert [p["percent"] for p in rows] == sorted(p["percent"] for p in rows)
    if sort == "status":
        order = [STATUS_ORDER.index(p["status"]) for p in rows]
        assert order == sorted(order)
        assert rows[0]["name"] == "ben"
    if sort == "overdue":
        counts = [len(p["overdue"]) for p in rows]
        assert counts == sorted(counts, reverse=True)
    if sort == "remaining":
        highs = [p["remaining"]["high"] for p in rows]
        assert highs == sorted(highs, reverse=True)
    if sort == "last-activity":
        assert rows[-1]["name"] == "ana"  # the only one who ticked anything, most recently


def test_bad_sort_is_a_usage_error_listing_the_choices(run: Any) -> None:
    result = run("cohort", "--sort", "speed")
    assert result.exit_code == 2
    assert result.stdout == ""
    for choice in SORTS:
        assert choice in result.stderr


def test_sort_completion_offers_the_choices(run: Any) -> None:
    from pomplan.cli.cohort import SortOpt

    completer = SortOpt.__metadata__[0].shell_complete or SortOpt.__metadata__[0].autocompletion
    offered = [c if isinstance(c, str) else c[0] for c in completer("la")]
    assert offered == ["last-activity"]


@pytest.mark.parametrize("columns", ["40", "60", "80", "120"])
def test_readable_at_every_width(
    run: Any, three: None, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.render.terminal import console as terminal_console

    monkeypatch.setattr(terminal_console, "_console", None)  # made afresh at this width
    result = run("cohort", env={**TODAY, "COLUMNS": columns})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines), lines
    for name in ("ana", "ben", "cy"):
        assert any(name in line for line in lines)
    assert "\x1b" not in result.stdout  # plain when piped / NO_COLOR


def test_profile_names_from_both_folders(run: Any, isolated_env: Path) -> None:
    """A name with only a progress file is a member too (as profile list counts it)."""
    folder = isolated_env / "pomplan" / "progress"
    folder.mkdir(parents=True)
    doc = {"schema_version": 1, "profile": "solo", "done": {"education-audit": "2026-05-01"}}
    (folder / "solo.json").write_text(json.dumps(doc), "utf-8")
    _, doc = cohort_json(run)
    assert [p["name"] for p in doc["profiles"]] == ["solo"]
    assert doc["profiles"][0]["problem"] is None


def test_environment_profile_values_do_not_leak_into_the_cohort(run: Any, three: None) -> None:
    _, before = cohort_json(run)
    result = run("cohort", "--json", env={**TODAY, "POMPLAN_HOURS_PER_WEEK": "40"})
    assert json.loads(result.stdout)["profiles"] == before["profiles"]


# --- chosen(): the order is total and loses nobody ------------------------------------------

_ROW = st.builds(
    dict,
    name=st.from_regex(r"[a-z]{1,6}", fullmatch=True),
    status=st.sampled_from(STATUS_ORDER),
    percent=st.integers(0, 100),
    overdue=st.lists(st.just("x"), max_size=4),
    high=st.integers(0, 9),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, max_size=8, unique_by=lambda r: r["name"]), sort=st.sampled_from(SORTS))
def test_chosen_keeps_every_row(rows: list[dict[str, Any]], sort: str) -> None:
    from decimal import Decimal

    from pomplan.cohort import Member
    from pomplan.model import Pace, Range

    class FakePlan:
        def __init__(self, r: dict[str, Any]) -> None:
            self.pace = Pace(r["status"], r["percent"], 0)
            self.remaining = type("E", (), {"years": Range(Decimal(0), Decimal(r["high"]))})()

    members = [
        Member(r["name"], Path(r["name"]), FakePlan(r), None, tuple(r["overdue"]), None)  # type: ignore[arg-type]
        for r in rows
    ]
    out = chosen(members, False, sort)
    assert sorted(m.name for m in out) == sorted(r["name"] for r in rows)
    behind = chosen(members, True, sort)
    assert {m.name for m in behind} == {r["name"] for r in rows if r["status"] == "behind"}


def test_json_md_cohort_example_is_real_output(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_json_contract_plan import TODAY as DOC_TODAY
    from tests.test_json_contract_plan import run_commands, section_example

    monkeypatch.setenv("POMPLAN_TODAY", DOC_TODAY)
    commands, shown = section_example("`pomplan cohort --json`")
    real = run_commands(run, commands)
    validate("cohort", shown)
    for doc in (shown, real):
        for item in doc["profiles"]:
            item["path"] = Path(item["path"]).name
    assert shown == real, "update the cohort example in docs/json.md"


def test_a_small_tick_reads_under_one_percent_not_zero(run: Any) -> None:
    assert run("profile", "set", "--start", "2026-05-01").exit_code == 0
    assert run("progress", "done", "learning-sources", env=TODAY).exit_code == 0
    plan = run("plan", env={**TODAY, "COLUMNS": "200"}).stdout
    assert "1 of " in plan and "(under 1% of the effort)" in plan
    table = run("cohort", env={**TODAY, "COLUMNS": "200"}).stdout
    assert "under 1%" in table
    doc = json.loads(run("cohort", "--json", env=TODAY).stdout)
    assert doc["profiles"][0]["percent"] == 0  # JSON keeps the whole percent, rounded down


def test_a_column_left_out_to_fit_is_named(
    run: Any, three: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.render.terminal import console as terminal_console

    seen = []
    for columns in range(50, 121, 2):
        monkeypatch.setattr(terminal_console, "_console", None)  # made afresh at this width
        out = run("cohort", env={**TODAY, "COLUMNS": str(columns)}).stdout
        if "Name  Done" in out:  # the table, not one block a person
            seen.append(("Years left" in out, "Left out to fit the screen: time left" in out))
    # Where the table shows no time left, it says it left it out; nowhere else.
    assert (False, True) in seen and (True, False) in seen
    assert all(years != said for years, said in seen)
