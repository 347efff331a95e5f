"""The JSON contract for plan, progress and profile (docs/json.md), checked against the schemas.

Every command here is run with ``--json``; stdout must hold exactly one JSON document, stderr
must stay empty, and the document must validate against ``docs/schemas/<name>.schema.json``
(with the ``date`` format checked, so "2027-02-30" fails). On top of the schemas, the tests hold
what a schema can't say: ids are unique, ``done`` and ``open`` split the plan's milestones,
``percent`` is the share done rounded down, the phases follow one another, what remains is never
more than the whole journey. ``POMPLAN_TODAY`` is pinned, so every date is reproducible, and the
examples in docs/json.md are rerun from the commands printed above them.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schemas"
JSON_DOC = ROOT / "docs" / "json.md"

TODAY = "2027-03-01"  # pinned with POMPLAN_TODAY in every test
START = "2026-01-05"
NEW_SCHEMAS = ("plan", "progress", "profile", "profile-list", "profile-path", "profile-reset")
PHASES = ("education", "skills", "experience", "portfolio", "network", "learning")
ALONGSIDE = {"network", "learning"}
PACE_MARGIN = 10  # docs/model.md: more than 10 points ahead or behind
MILESTONE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PATHS = ("standard", "customer-success", "project-management", "data-analysis", "education")
ALL_CERTS = ",".join(
    (
        "lean",
        "six-sigma",
        "agile",
        "project-management",
        "product-management",
        "product-operations",
        "data-analytics",
    )
)
# The defs every new schema copies from estimate.schema.json, so that they cannot drift apart.
MIRRORED_DEFS = (
    "schema_version",
    "degree",
    "background",
    "path",
    "certification",
    "certifications",
    "experience_years",
    "hours_per_week",
    "profile",
    "years",
    "months",
)

# The profile of the docs/json.md examples: every flag but --path, so one assumption is left.
EXAMPLE_PROFILE = (
    "--degree",
    "bachelor",
    "--background",
    "data-analysis",
    "--experience",
    "2",
    "--cert",
    "none",
    "--hours-per-week",
    "5",
)

# Profile flags for `plan` and `profile set`: the extremes, each path, with and without certs.
PLAN_PROFILES: list[tuple[str, ...]] = [
    (),
    EXAMPLE_PROFILE,
    ("--degree", "master", "--background", "engineering"),  # no education phase
    ("--degree", "mba", "--experience", "50", "--hours-per-week", "80", "--cert", ALL_CERTS),
    ("--degree", "none", "--background", "none", "--hours-per-week", "1"),
    ("--degree", "bachelor-other", "--background", "unrelated", "--path", "education"),
    ("--background", "customer-success", "--experience", "4", "--cert", "lean,agile"),
    ("--background", "operations", "--experience", "2.5", "--hours-per-week", "7.5"),
    *[("--path", p) for p in PATHS],
]


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POMPLAN_TODAY", TODAY)
    for name in (
        "POMPLAN_PROFILE",
        "POMPLAN_START",
        "POMPLAN_DEGREE",
        "POMPLAN_BACKGROUND",
        "POMPLAN_EXPERIENCE",
        "POMPLAN_PATH",
        "POMPLAN_CERT",
        "POMPLAN_HOURS_PER_WEEK",
    ):
        monkeypatch.delenv(name, raising=False)


# --- Helpers ----------------------------------------------------------------------------------


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def errors(name: str, doc: Any) -> list[str]:
    """Every way ``doc`` breaks schema ``name``, with the ``date`` format checked too."""
    validator = Draft202012Validator(
        schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    found = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [f"{list(e.absolute_path)}: {e.message}" for e in found]


def validate(name: str, doc: Any) -> None:
    problems = errors(name, doc)
    assert not problems, "\n".join(problems)


def one_document(run: Any, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run ``pomplan ARGS --json``: exit 0, one JSON object on stdout, nothing on stderr."""
    result = run(*args, "--json", env=env)
    assert result.exit_code == 0, (
        f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    )
    assert result.stderr == "", f"stderr must stay empty with --json: {result.stderr!r}"
    out = result.stdout
    assert out.endswith("\n") and not out.endswith("\n\n"), "one document, one trailing newline"
    doc, end = json.JSONDecoder().raw_decode(out)
    assert out[end:].strip() == "", f"more than one document on stdout: {out[end:]!r}"
    assert isinstance(doc, dict)
    assert doc["schema_version"] == 1
    return doc


def ok(run: Any, *args: str, env: dict[str, str] | None = None) -> None:
    """Run a setup command (text output) and insist that it worked."""
    result = run(*args, env=env)
    assert result.exit_code == 0, f"{args}: exit {result.exit_code}\n{result.output}"


def day(value: Any) -> date:
    assert isinstance(value, str) and ISO_DATE.fullmatch(value), f"not YYYY-MM-DD: {value!r}"
    return date.fromisoformat(value)


def exact(value: Any) -> Decimal:
    return Decimal(repr(value))


def months_of(years: Any) -> int:
    return int((exact(years) * 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_span(years: dict[str, Any], months: dict[str, Any]) -> None:
    assert 0 <= years["low"] <= years["high"]
    assert type(months["low"]) is int and type(months["high"]) is int
    assert months == {"low": months_of(years["low"]), "high": months_of(years["high"])}


def expected_status(
    done: int, total: int, percent: int, elapsed: int, today: date, start: date
) -> str:
    """The rule in docs/model.md ("Where you stand"): more than 10 points either way."""
    if done == total:
        return "complete"
    if today < start and not done:
        return "not-started"
    if percent > elapsed + PACE_MARGIN:
        return "ahead"
    if percent < elapsed - PACE_MARGIN:
        return "behind"
    return "on-track"


def check_plan(doc: dict[str, Any]) -> None:
    """The invariants of a plan document that its schema can't express."""
    validate("plan", doc)
    start, end, today = day(doc["start"]), day(doc["end"]), day(doc["today"])
    first_end = day(doc["first_end"])
    earliest, latest = day(doc["finish"]["earliest"]), day(doc["finish"]["latest"])
    relaid = doc["relaid_from"]
    assert doc["today"] == TODAY
    assert start < end and start < first_end
    # The finish window is today (or the start, if later) plus what remains: never in the past.
    assert max(start, today) <= earliest <= latest
    if relaid is not None:
        assert day(relaid) == max(start, today) and doc["status"] == "behind"
        assert earliest <= end <= latest, "laid out again over the middle of what remains"
    else:
        assert end == first_end
        if today <= start and doc["status"] != "complete":
            assert start < earliest <= end <= latest, "the plan runs for the middle of the range"
    assert doc["saved_profile"] in (None, doc["profile_name"])

    # Phases: unique, in the fixed order, the sequential ones back to back from start to end
    # (as first laid out; laid out again, the open ones follow one another from today).
    phase_ids = [p["id"] for p in doc["phases"]]
    assert len(set(phase_ids)) == len(phase_ids)
    assert phase_ids == sorted(phase_ids, key=PHASES.index), "phases out of order"
    by_phase = {p["id"]: p for p in doc["phases"]}
    sequential = [p for p in doc["phases"] if not p["alongside"]]
    assert sequential, "a plan has at least one sequential phase"
    if relaid is None:
        assert day(sequential[0]["start"]) == start
        assert day(sequential[-1]["end"]) == end
        for before, after in itertools.pairwise(sequential):
            assert before["end"] == after["start"], f"gap between {before['id']} and {after['id']}"
    for p in doc["phases"]:
        assert p["alongside"] == (p["id"] in ALONGSIDE)
        assert day(p["start"]) <= day(p["end"])
        if p["alongside"]:
            assert (day(p["start"]), day(p["end"])) == (start, end)

    # Milestones: unique ids, each scheduled one inside its phase, by due date, due on a
    # weekday; done iff done_on; the covered ones last, undated, with a reason.
    milestones = doc["milestones"]
    ids = [m["id"] for m in milestones]
    assert len(set(ids)) == len(ids), "milestone ids must be unique"
    scheduled = [m for m in milestones if not m["covered"]]
    covered = [m for m in milestones if m["covered"]]
    assert milestones == scheduled + covered
    assert {m["phase"] for m in scheduled} == set(phase_ids), "a phase without milestones"
    for m in milestones:
        assert MILESTONE_ID.fullmatch(m["id"])
        assert 1 <= m["effort_hours"]["low"] <= m["effort_hours"]["high"]
        assert m["done"] is (m["done_on"] is not None)
        if m["done_on"] is not None:
            assert day(m["done_on"]) <= today
    for m in scheduled:
        phase = by_phase[m["phase"]]
        assert day(phase["start"]) <= day(m["start"]) <= day(m["due"]) <= day(phase["end"])
        assert day(m["due"]).weekday() < 5, "due on a weekday"
        assert m["covered_by"] is None
        if m["was_due"] is not None:
            assert relaid is not None and not m["done"] and m["was_due"] != m["due"]
    for m in covered:
        assert m["start"] is None and m["due"] is None and m["was_due"] is None
        assert isinstance(m["covered_by"], str) and m["covered_by"]
    dues = [day(m["due"]) for m in scheduled]
    assert dues == sorted(dues), "milestones must come by due date"

    weight = {m["id"]: m["effort_hours"]["low"] + m["effort_hours"]["high"] for m in scheduled}
    done = [m["id"] for m in scheduled if m["done"]]
    open_ = [m["id"] for m in scheduled if not m["done"]]
    assert doc["next"] == open_[:3], "next: the open milestones due soonest"
    total = sum(weight.values())
    assert doc["percent"] == 100 * sum(weight[i] for i in done) // total, "by effort"
    span_days = max((first_end - start).days, 1)
    elapsed = min(max((today - start).days, 0), span_days)
    assert doc["percent_elapsed"] == 100 * elapsed // span_days
    assert doc["status"] == expected_status(
        len(done), len(scheduled), doc["percent"], doc["percent_elapsed"], today, start
    )

    # Numbers: what remains is the open share of the effort, and never more than the whole.
    check_span(doc["years"], doc["months"])
    check_span(doc["remaining"]["years"], doc["remaining"]["months"])
    share = Decimal(sum(weight[i] for i in open_)) / Decimal(total)
    for end_ in ("low", "high"):
        whole, left = exact(doc["years"][end_]), exact(doc["remaining"]["years"][end_])
        assert left <= whole
        assert doc["remaining"]["months"][end_] <= doc["months"][end_]
        assert left == (whole * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if not open_:
        assert doc["remaining"]["years"] == {"low": 0, "high": 0}

    assert doc["not_in_plan"] == sorted(doc["not_in_plan"])
    assert not set(doc["not_in_plan"]) & set(ids)


def check_progress(progress: dict[str, Any], plan: dict[str, Any]) -> None:
    """``progress`` is the checklist of ``plan``: same milestones, same numbers."""
    validate("progress", progress)
    scheduled = [m for m in plan["milestones"] if not m["covered"]]
    ids = [m["id"] for m in scheduled]
    assert not set(progress["done"]) & set(progress["open"]), "done and open overlap"
    assert sorted(progress["done"] + progress["open"]) == sorted(ids)
    assert progress["covered"] == [m["id"] for m in plan["milestones"] if m["covered"]]
    assert progress["done"] == [m["id"] for m in scheduled if m["done"]]
    assert progress["open"] == [m["id"] for m in scheduled if not m["done"]]
    assert progress["done_on"] == {m["id"]: m["done_on"] for m in scheduled if m["done"]}
    for value in progress["done_on"].values():
        day(value)
    for key in ("profile_name", "percent", "status", "remaining", "not_in_plan"):
        assert progress[key] == plan[key], key


def plan_and_progress(run: Any, *args: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``plan --json`` and ``progress --json`` for the saved profile, both checked."""
    plan = one_document(run, *args, "plan")
    check_plan(plan)
    progress = one_document(run, *args, "progress")
    check_progress(progress, plan)
    return plan, progress


def check_profile(doc: dict[str, Any], name: str) -> None:
    validate("profile", doc)
    assert doc["name"] == name
    assert Path(doc["file"]).name == f"{name}.toml"
    if not doc["saved"]:
        assert doc["values"] == {} and doc["start"] is None
    if doc["start"] is not None:
        day(doc["start"])


# --- The schemas themselves -------------------------------------------------------------------


@pytest.mark.parametrize("name", NEW_SCHEMAS)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    s = schema(name)
    Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["title"].startswith("pomplan ") and s["description"]
    assert s["type"] == "object"
    assert s["additionalProperties"] is True, "new fields are not breaking (rule 3)"
    assert "schema_version" in s["required"]
    assert set(s["required"]) <= set(s["properties"]), "a required field without a definition"
    assert s["properties"]["schema_version"] == {"$ref": "#/$defs/schema_version"}
    assert s["$defs"]["schema_version"]["const"] == 1


@pytest.mark.parametrize("name", NEW_SCHEMAS)
def test_schema_mirrors_the_estimate_defs(name: str) -> None:
    estimate = schema("estimate")["$defs"]
    mine = schema(name)["$defs"]
    for def_name in MIRRORED_DEFS:
        if def_name in mine:
            assert mine[def_name] == estimate[def_name], f"$defs/{def_name} drifted from estimate"
    if name == "plan":
        assert set(MIRRORED_DEFS) <= set(mine)


def test_schema_files_are_pretty_printed() -> None:
    for name in NEW_SCHEMAS:
        text = (SCHEMAS / f"{name}.schema.json").read_text("utf-8")
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", name


# --- plan --json ------------------------------------------------------------------------------


@pytest.mark.parametrize("flags", PLAN_PROFILES, ids=lambda f: " ".join(f) or "reference")
def test_plan_from_flags_matches_schema(run: Any, flags: tuple[str, ...]) -> None:
    doc = one_document(run, "plan", *flags, "--start", START)
    check_plan(doc)
    assert doc["profile_name"] == "default"
    assert doc["saved_profile"] is None
    assert doc["start"] == START
    assert all(not m["done"] for m in doc["milestones"])
    assert doc["not_in_plan"] == []
    # The plan is laid over the same estimate that `estimate` gives for the same flags.
    estimate = one_document(run, "estimate", *flags)
    assert doc["profile"] == estimate["profile"]
    assert doc["years"] == estimate["years"] == doc["remaining"]["years"]
    assert doc["months"] == estimate["months"] == doc["remaining"]["months"]
    assert doc["assumptions"] == estimate["assumptions"], "with --start, no start assumption"
    assert doc["rules_file"] == estimate["rules_file"]


def test_plan_with_a_master_has_no_education_phase(run: Any) -> None:
    doc = one_document(run, "plan", "--degree", "master", "--start", START)
    check_plan(doc)
    assert [p["id"] for p in doc["phases"]] == list(PHASES[1:])


def test_plan_without_a_start_begins_today(run: Any) -> None:
    doc = one_document(run, "plan")
    check_plan(doc)
    assert doc["start"] == doc["today"] == TODAY
    start = [a for a in doc["assumptions"] if a["field"] == "start"]
    assert len(start) == 1 and start[0]["value"] == TODAY
    assert doc["status"] == "on-track" and doc["percent_elapsed"] == 0


def test_plan_from_a_future_start_is_not_started(run: Any) -> None:
    doc = one_document(run, "plan", "--start", "2028-01-01")
    check_plan(doc)
    assert doc["status"] == "not-started"
    assert doc["percent"] == 0 and doc["percent_elapsed"] == 0


def test_plan_long_past_its_end(run: Any) -> None:
    doc = one_document(run, "plan", "--start", "2015-01-01")
    check_plan(doc)
    assert doc["percent_elapsed"] == 100
    assert doc["status"] == "behind"


@pytest.mark.parametrize("flags", PLAN_PROFILES, ids=lambda f: " ".join(f) or "reference")
def test_plan_and_progress_for_a_saved_profile(run: Any, flags: tuple[str, ...]) -> None:
    ok(run, "profile", "set", *flags, "--start", START)
    plan, progress = plan_and_progress(run)
    assert plan["saved_profile"] == "default"
    assert plan["start"] == START
    assert all(a["field"] != "start" for a in plan["assumptions"])
    assert progress["done"] == [] and progress["done_on"] == {}

    # Tick off the first, the last and one in between, on different days.
    ids = [m["id"] for m in plan["milestones"] if not m["covered"]]
    ok(run, "progress", "done", ids[0], "--on", "2026-02-01")
    ok(run, "progress", "done", ids[len(ids) // 2], ids[-1])
    plan, progress = plan_and_progress(run)
    assert progress["done_on"] == {
        ids[0]: "2026-02-01",
        ids[len(ids) // 2]: TODAY,
        ids[-1]: TODAY,
    }
    hours = {m["id"]: m["effort_hours"] for m in plan["milestones"]}
    weight = {i: hours[i]["low"] + hours[i]["high"] for i in ids}
    ticked = (ids[0], ids[len(ids) // 2], ids[-1])
    assert progress["percent"] == 100 * sum(weight[i] for i in ticked) // sum(weight.values()), (
        "by effort"
    )
    estimate = one_document(run, "estimate")
    assert estimate["years"] == plan["remaining"]["years"], "estimate shows the time left"


def test_flags_override_the_saved_profile_in_the_plan(run: Any) -> None:
    ok(run, "profile", "set", "--background", "data-analysis", "--start", START)
    doc = one_document(run, "plan", "--background", "engineering", "--start", "2026-06-01")
    check_plan(doc)
    assert doc["saved_profile"] == "default"
    assert doc["profile"]["background"] == "engineering"
    assert doc["start"] == "2026-06-01"


def test_all_done_is_complete(run: Any) -> None:
    ok(run, "profile", "set", *EXAMPLE_PROFILE, "--start", START)
    ids = [m["id"] for m in one_document(run, "plan")["milestones"]]
    ticked = one_document(run, "progress", "done", *ids)
    plan, progress = plan_and_progress(run)
    assert ticked == progress
    assert progress["status"] == plan["status"] == "complete"
    assert progress["percent"] == 100 and progress["open"] == []
    assert plan["next"] == []
    assert progress["remaining"] == {
        "years": {"low": 0, "high": 0},
        "months": {"low": 0, "high": 0},
    }
    assert all(m["done"] and m["done_on"] == TODAY for m in plan["milestones"])


def test_complete_even_before_the_start(run: Any) -> None:
    ok(run, "profile", "set", "--start", "2028-01-01")
    ids = [m["id"] for m in one_document(run, "plan")["milestones"]]
    assert one_document(run, "plan")["status"] == "not-started"
    ok(run, "progress", "done", ids[0])
    plan, _ = plan_and_progress(run)
    assert plan["status"] != "not-started", "not-started means nothing is done yet"
    ok(run, "progress", "done", *ids)
    plan, _ = plan_and_progress(run)
    assert plan["status"] == "complete"


def test_ahead_of_plan(run: Any) -> None:
    ok(run, "profile", "set", "--start", "2027-01-01")
    ids = [m["id"] for m in one_document(run, "plan")["milestones"]]
    ok(run, "progress", "done", *ids[:10])
    plan, progress = plan_and_progress(run)
    assert plan["status"] == progress["status"] == "ahead"


def test_progress_done_and_undo_print_the_progress_document(run: Any) -> None:
    ok(run, "profile", "set", *EXAMPLE_PROFILE, "--start", START)
    ticked = one_document(run, "progress", "done", "education-audit", "network-community")
    validate("progress", ticked)
    assert ticked == one_document(run, "progress")
    assert ticked["done"] == ["education-audit", "network-community"]
    # Ticking again keeps the first day; case and spaces are forgiven.
    again = one_document(run, "progress", "done", " Education-Audit ", "--on", "2026-01-10")
    assert again["done_on"]["education-audit"] == "2026-01-10"
    assert again["done_on"]["network-community"] == TODAY
    undone = one_document(run, "progress", "undo", "education-audit")
    validate("progress", undone)
    assert undone == one_document(run, "progress")
    assert undone["done"] == ["network-community"]
    assert "education-audit" in undone["open"]
    assert "education-audit" not in undone["done_on"]
    plan_and_progress(run)


def test_progress_options_before_the_subcommand(run: Any) -> None:
    ok(run, "--profile", "work", "profile", "set", "--start", START)
    ok(run, "profile", "set", "--start", START)
    before = one_document(run, "progress", "--profile", "work", "done", "education-audit")
    after = run("progress", "--json", "--profile", "work", "undo", "education-audit")
    assert after.exit_code == 0 and after.stderr == ""
    assert before["profile_name"] == json.loads(after.stdout)["profile_name"] == "work"
    assert json.loads(after.stdout)["done"] == []


def test_ticks_outside_the_plan_are_listed_not_counted(run: Any) -> None:
    ok(run, "profile", "set", "--background", "data-analysis", "--path", "data-analysis")
    ok(run, "profile", "set", "--start", START)
    ok(run, "progress", "done", "experience-da-metrics", "education-audit")
    plan, progress = plan_and_progress(run)
    assert progress["not_in_plan"] == []
    ok(run, "profile", "set", "--path", "standard")
    plan, progress = plan_and_progress(run)
    assert progress["not_in_plan"] == plan["not_in_plan"] == ["experience-da-metrics"]
    assert progress["done"] == ["education-audit"]
    assert "experience-da-metrics" not in progress["done_on"]
    audit = 2 + 4  # education-audit's effort, 2-4 hours, weighs as its middle
    total = sum(m["effort_hours"]["low"] + m["effort_hours"]["high"] for m in plan["milestones"])
    assert progress["percent"] == 100 * audit // total


def test_hand_written_progress_ids_still_validate(run: Any) -> None:
    """The progress file accepts ids such as 'x--y'; they land in not_in_plan, and the schema
    must accept them there."""
    ok(run, "profile", "set", "--start", START)
    progress_file = Path(one_document(run, "profile", "path")["progress_file"])
    progress_file.parent.mkdir(parents=True, exist_ok=True)
    done = {"x--y": "2026-02-01", "-odd-": "2026-02-02", "education-audit": "2026-02-03"}
    progress_file.write_text(json.dumps({"schema_version": 1, "profile": "default", "done": done}))
    _, progress = plan_and_progress(run)
    assert progress["not_in_plan"] == ["-odd-", "x--y"]
    assert progress["done_on"] == {"education-audit": "2026-02-03"}


# --- Several named profiles -------------------------------------------------------------------


def test_several_named_profiles(run: Any) -> None:
    ok(run, "--profile", "work", "profile", "set", "--background", "engineering", "--start", START)
    ok(run, "--profile", "side_2", "profile", "set", "--degree", "none", "--start", "2026-09-01")
    ok(run, "--profile", "work", "progress", "done", "education-audit", "--on", "2026-03-03")

    work_plan, work_progress = plan_and_progress(run, "--profile", "work")
    assert work_plan["profile_name"] == work_plan["saved_profile"] == "work"
    assert work_progress["done_on"] == {"education-audit": "2026-03-03"}
    side_plan, side_progress = plan_and_progress(run, "--profile", "side_2")
    assert side_plan["profile_name"] == "side_2" and side_progress["done"] == []
    assert side_plan["start"] == "2026-09-01"
    # The default profile is not saved, and nothing of the others leaks into it.
    default_plan, _ = plan_and_progress(run)
    assert default_plan["profile_name"] == "default" and default_plan["saved_profile"] is None

    for name in ("work", "side_2"):
        check_profile(one_document(run, "--profile", name, "profile", "show"), name)
        check_profile(one_document(run, "profile", "show", "--profile", name), name)
    check_profile(one_document(run, "profile", "show"), "default")

    listed = one_document(run, "profile", "list")
    validate("profile-list", listed)
    assert listed["active"] == "default"
    assert [p["name"] for p in listed["profiles"]] == ["side_2", "work"]
    assert not any(p["active"] for p in listed["profiles"])
    by_name = {p["name"]: p for p in listed["profiles"]}
    assert by_name["work"]["done"] == 1 and by_name["side_2"]["done"] == 0
    assert by_name["side_2"]["progress_file"] is None
    assert by_name["work"]["progress_file"] is not None

    chosen = one_document(run, "profile", "list", env={"POMPLAN_PROFILE": "work"})
    validate("profile-list", chosen)
    assert chosen["active"] == "work"
    assert [p["name"] for p in chosen["profiles"] if p["active"]] == ["work"]
    env_plan = one_document(run, "plan", env={"POMPLAN_PROFILE": "work"})
    assert env_plan["profile_name"] == "work"


# --- profile show / set -----------------------------------------------------------------------


def test_profile_show_with_nothing_saved(run: Any) -> None:
    doc = one_document(run, "profile", "show")
    check_profile(doc, "default")
    assert doc["saved"] is False
    assert doc["file"] == one_document(run, "profile", "path")["profile_file"]


def test_profile_set_records_only_what_was_given(run: Any) -> None:
    first = one_document(run, "profile", "set", "--background", "operations", "--experience", "2.5")
    check_profile(first, "default")
    assert first["saved"] is True
    assert first["values"] == {
        "background": "operations",
        "experience_years": 2.5,
        "experience_on": TODAY,  # a figure saved without its day is true today
    }
    assert first["start"] == TODAY, "a new profile starts today unless --start is given"
    assert first == one_document(run, "profile", "show")

    second = one_document(
        run, "profile", "set", "--path", "auto", "--cert", "none", "--hours-per-week", "10"
    )
    check_profile(second, "default")
    assert second["values"] == {
        "background": "operations",
        "experience_years": 2.5,
        "experience_on": TODAY,
        "path": "auto",
        "certifications": [],
        "hours_per_week": 10,
    }
    assert type(second["values"]["hours_per_week"]) is int, "whole numbers are integers"
    assert second["start"] == TODAY

    third = one_document(run, "profile", "set", "--cert", "agile,lean", "--start", START)
    check_profile(third, "default")
    assert third["values"]["certifications"] == ["agile", "lean"]
    assert third["start"] == START
    assert third == one_document(run, "profile", "show")


@pytest.mark.parametrize("flags", PLAN_PROFILES, ids=lambda f: " ".join(f) or "nothing")
def test_profile_set_matches_schema(run: Any, flags: tuple[str, ...]) -> None:
    doc = one_document(run, "profile", "set", *flags)
    check_profile(doc, "default")
    assert doc["saved"] is True
    given = {flag.removeprefix("--") for flag in flags if flag.startswith("--")}
    field = {"experience": "experience_years", "cert": "certifications"}
    dated = {"experience_on"} if "experience" in given else set()  # saved with its day
    assert set(doc["values"]) == {field.get(g, g).replace("-", "_") for g in given} | dated


# --- profile list / path / reset --------------------------------------------------------------


def test_profile_list_with_nothing_saved(run: Any) -> None:
    doc = one_document(run, "profile", "list")
    validate("profile-list", doc)
    assert doc == {"schema_version": 1, "active": "default", "profiles": []}


def test_profile_list_names_a_damaged_file(run: Any) -> None:
    ok(run, "profile", "set", "--start", START)
    ok(run, "progress", "done", "education-audit")
    broken = Path(one_document(run, "--profile", "broken", "profile", "path")["profile_file"])
    broken.write_text("degree = [\n", encoding="utf-8")
    doc = one_document(run, "profile", "list")
    validate("profile-list", doc)
    by_name = {p["name"]: p for p in doc["profiles"]}
    assert list(by_name) == ["broken", "default"]
    assert by_name["broken"]["problem"] and by_name["broken"]["done"] is None
    assert by_name["broken"]["profile_file"] == str(broken)
    assert by_name["default"]["problem"] is None and by_name["default"]["done"] == 1
    assert by_name["default"]["active"] is True
    for item in doc["profiles"]:
        assert (item["done"] is None) == (item["problem"] is not None)


def test_profile_path_under_pomplan_home(run: Any) -> None:
    doc = one_document(run, "profile", "path")
    validate("profile-path", doc)
    home = Path(os.environ["POMPLAN_HOME"])
    assert doc["profile"] == "default"
    assert doc["pomplan_home"] is True
    assert Path(doc["config_dir"]) == Path(doc["data_dir"]) == home
    assert Path(doc["profile_file"]) == home / "profiles" / "default.toml"
    assert Path(doc["progress_file"]) == home / "progress" / "default.json"
    assert Path(doc["backups_dir"]) == home / "backups"
    assert not home.exists(), "profile path creates nothing"
    named = one_document(run, "--profile", "work", "profile", "path")
    validate("profile-path", named)
    assert Path(named["profile_file"]).name == "work.toml"


def test_profile_path_without_pomplan_home(run: Any) -> None:
    doc = one_document(run, "profile", "path", env={"POMPLAN_HOME": ""})
    validate("profile-path", doc)
    assert doc["pomplan_home"] is False
    assert Path(doc["profile_file"]) == Path(doc["config_dir"]) / "profiles" / "default.toml"
    assert Path(doc["progress_file"]) == Path(doc["data_dir"]) / "progress" / "default.json"
    assert Path(doc["backups_dir"]) == Path(doc["data_dir"]) / "backups"


def test_profile_reset_with_nothing_saved(run: Any) -> None:
    doc = one_document(run, "profile", "reset", "--yes")
    validate("profile-reset", doc)
    assert doc == {"schema_version": 1, "profile": "default", "backup": None, "moved": []}


def test_profile_reset_moves_both_files(run: Any) -> None:
    ok(run, "--profile", "work", "profile", "set", "--start", START)
    ok(run, "--profile", "work", "progress", "done", "education-audit")
    where = one_document(run, "--profile", "work", "profile", "path")
    doc = one_document(run, "--profile", "work", "profile", "reset", "--yes")
    validate("profile-reset", doc)
    assert doc["profile"] == "work"
    backup = Path(doc["backup"])
    assert backup.parent == Path(where["backups_dir"]) and backup.is_dir()
    assert re.fullmatch(r"work-\d{8}T\d{6}(-\d+)?", backup.name)
    assert sorted(Path(p).name for p in doc["moved"]) == ["work.json", "work.toml"]
    assert all(Path(p).parent == backup and Path(p).is_file() for p in doc["moved"])
    assert not Path(where["profile_file"]).exists()
    assert not Path(where["progress_file"]).exists()
    # Nothing is left to reset, and the profile is gone from the list.
    again = one_document(run, "--profile", "work", "profile", "reset", "--yes")
    assert again["backup"] is None and again["moved"] == []
    assert one_document(run, "profile", "list")["profiles"] == []


# --- The schemas are strict where it matters --------------------------------------------------


def mutated(doc: dict[str, Any], change: Any) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(doc))
    change(copy)
    return copy


@pytest.fixture
def documents(run: Any) -> dict[str, dict[str, Any]]:
    """One real document per schema, from a saved profile with a tick, all valid."""
    ok(run, "profile", "set", *EXAMPLE_PROFILE, "--start", START)
    ok(run, "progress", "done", "education-audit", "--on", "2026-02-10")
    docs = {
        "plan": one_document(run, "plan"),
        "progress": one_document(run, "progress"),
        "profile": one_document(run, "profile", "show"),
        "profile-list": one_document(run, "profile", "list"),
        "profile-path": one_document(run, "profile", "path"),
        "profile-reset": one_document(run, "--profile", "nothing", "profile", "reset", "--yes"),
    }
    for name, doc in docs.items():
        validate(name, doc)
    return docs


def first_milestone(d: dict[str, Any]) -> dict[str, Any]:
    milestone: dict[str, Any] = d["milestones"][0]
    return milestone


BROKEN: list[Any] = [
    # plan
    pytest.param("plan", lambda d: d.update(status="late"), id="plan status late"),
    pytest.param("plan", lambda d: d.update(percent=101), id="plan percent 101"),
    pytest.param("plan", lambda d: d.update(percent=-1), id="plan percent -1"),
    pytest.param("plan", lambda d: d.update(percent=3.5), id="plan percent 3.5"),
    pytest.param("plan", lambda d: d.update(percent_elapsed="26"), id="plan elapsed as text"),
    pytest.param("plan", lambda d: d.update(schema_version=2), id="plan schema_version 2"),
    pytest.param("plan", lambda d: d.pop("remaining"), id="plan remaining missing"),
    pytest.param("plan", lambda d: d["remaining"].pop("months"), id="plan remaining.months"),
    pytest.param("plan", lambda d: d.update(start="2026-1-5"), id="plan start not padded"),
    pytest.param("plan", lambda d: d.update(end="2027-02-30"), id="plan end no such day"),
    pytest.param("plan", lambda d: d.update(today="2027-03-01T00:00:00"), id="plan today time"),
    pytest.param("plan", lambda d: d["finish"].pop("latest"), id="plan finish.latest"),
    pytest.param("plan", lambda d: d.update(saved_profile="Bad Name"), id="plan saved_profile"),
    pytest.param("plan", lambda d: d["profile"].update(path="auto"), id="plan profile path auto"),
    pytest.param("plan", lambda d: d["assumptions"][0].update(field="x"), id="plan assumption"),
    pytest.param("plan", lambda d: d.update(next=["a", "b", "c", "d"]), id="plan next 4"),
    pytest.param("plan", lambda d: d.update(next=["a", "a"]), id="plan next twice"),
    pytest.param("plan", lambda d: d.update(not_in_plan="x"), id="plan not_in_plan text"),
    pytest.param("plan", lambda d: d.update(phases=[]), id="plan no phases"),
    pytest.param("plan", lambda d: d["phases"][0].update(id="sales"), id="plan phase id"),
    pytest.param("plan", lambda d: d["phases"][0].update(alongside=0), id="plan alongside 0"),
    pytest.param("plan", lambda d: first_milestone(d).update(done="true"), id="plan done text"),
    pytest.param("plan", lambda d: first_milestone(d).update(done_on=""), id="plan done_on ''"),
    pytest.param("plan", lambda d: first_milestone(d).update(id="Bad_ID"), id="plan id case"),
    pytest.param("plan", lambda d: first_milestone(d).update(id="a--b"), id="plan id --"),
    pytest.param("plan", lambda d: first_milestone(d).update(actions=[]), id="plan no actions"),
    pytest.param("plan", lambda d: first_milestone(d).update(sources=["S1F2"]), id="plan source"),
    pytest.param("plan", lambda d: first_milestone(d).update(phase="sales"), id="plan m phase"),
    pytest.param("plan", lambda d: first_milestone(d).pop("due"), id="plan due missing"),
    # progress
    pytest.param("progress", lambda d: d.update(status="late"), id="progress status late"),
    pytest.param("progress", lambda d: d.update(percent=101), id="progress percent 101"),
    pytest.param("progress", lambda d: d.update(done="education-audit"), id="progress done text"),
    pytest.param("progress", lambda d: d.update(open=[1]), id="progress open number"),
    pytest.param("progress", lambda d: d["done"].append(d["done"][0]), id="progress done twice"),
    pytest.param(
        "progress", lambda d: d["done_on"].update({"x": "yesterday"}), id="progress done_on text"
    ),
    pytest.param("progress", lambda d: d["done_on"].update({"Bad": TODAY}), id="progress key"),
    pytest.param("progress", lambda d: d.update(done_on=[]), id="progress done_on list"),
    pytest.param("progress", lambda d: d.pop("profile_name"), id="progress no profile_name"),
    pytest.param(
        "progress", lambda d: d["remaining"]["years"].update(low=-1), id="progress negative"
    ),
    # profile
    pytest.param("profile", lambda d: d.update(saved="yes"), id="profile saved text"),
    pytest.param("profile", lambda d: d.update(start="today"), id="profile start text"),
    pytest.param("profile", lambda d: d["values"].update(degree="phd"), id="profile degree"),
    pytest.param("profile", lambda d: d["values"].update(path="fastest"), id="profile path"),
    pytest.param("profile", lambda d: d["values"].update(hours_per_week=0), id="profile hours 0"),
    pytest.param("profile", lambda d: d.update(values=[]), id="profile values list"),
    pytest.param("profile", lambda d: d.update(name=""), id="profile empty name"),
    # profile list / path / reset
    pytest.param("profile-list", lambda d: d.update(active=True), id="list active bool"),
    pytest.param("profile-list", lambda d: d["profiles"][0].update(done=-1), id="list done -1"),
    pytest.param("profile-list", lambda d: d["profiles"][0].pop("problem"), id="list problem"),
    pytest.param("profile-path", lambda d: d.update(pomplan_home="true"), id="path home text"),
    pytest.param("profile-path", lambda d: d.pop("backups_dir"), id="path backups missing"),
    pytest.param("profile-reset", lambda d: d.update(moved="x"), id="reset moved text"),
    pytest.param("profile-reset", lambda d: d.update(backup=""), id="reset backup empty"),
]


@pytest.mark.parametrize(("name", "change"), BROKEN)
def test_schema_rejects(documents: dict[str, dict[str, Any]], name: str, change: Any) -> None:
    bad = mutated(documents[name], change)
    assert errors(name, bad), "should be rejected"


@pytest.mark.parametrize("name", NEW_SCHEMAS)
def test_schema_allows_new_fields(documents: dict[str, dict[str, Any]], name: str) -> None:
    validate(name, {**documents[name], "added_later": [1, 2, 3]})


def test_nullable_fields_accept_null(documents: dict[str, dict[str, Any]]) -> None:
    plan = documents["plan"]
    validate("plan", mutated(plan, lambda d: d.update(saved_profile=None)))
    validate("plan", mutated(plan, lambda d: first_milestone(d).update(done_on=None)))
    validate("profile", mutated(documents["profile"], lambda d: d.update(start=None)))


# --- One document on stdout, nothing on stderr, whatever the terminal -------------------------

TERMINALS: list[dict[str, str]] = [
    {"COLUMNS": "20", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    {"COLUMNS": "300", "NO_COLOR": "1"},
    {"COLUMNS": "80", "NO_COLOR": "", "FORCE_COLOR": "", "TERM": "dumb"},
]
# Each is run after the setup in test_json_ignores_the_terminal; ticking again changes nothing.
JSON_COMMANDS: list[tuple[str, ...]] = [
    ("plan",),
    ("plan", *EXAMPLE_PROFILE, "--start", START),
    ("progress",),
    ("progress", "done", "education-audit"),
    ("progress", "undo", "skills-process-map"),
    ("profile", "show"),
    ("profile", "set", "--hours-per-week", "6"),
    ("profile", "list"),
    ("profile", "path"),
    ("--profile", "nothing", "profile", "reset", "--yes"),
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=" ".join)
def test_json_ignores_the_terminal(run: Any, args: tuple[str, ...]) -> None:
    ok(run, "profile", "set", *EXAMPLE_PROFILE, "--start", START)
    ok(run, "progress", "done", "network-community", "--on", "2026-02-10")
    outputs = set()
    for env in TERMINALS:
        result = run(*args, "--json", env=env)
        assert result.exit_code == 0, result.output
        assert result.stderr == "", f"{env}: {result.stderr!r}"
        _, end = json.JSONDecoder().raw_decode(result.stdout)
        assert result.stdout[end:] == "\n"
        assert "\x1b" not in result.stdout
        outputs.add(result.stdout)
    assert len(outputs) == 1, "the terminal changed the JSON"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("plan", ("plan", "--start", START)),
        ("progress", ("progress",)),
        ("profile", ("profile", "show")),
        ("profile-list", ("profile", "list")),
    ],
)
def test_json_from_a_real_process(name: str, args: tuple[str, ...]) -> None:
    """Through the console entry point, stdout a pipe, colours forced: still one document."""
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "30", "TERM": "xterm-256color"}
    result = subprocess.run(
        [sys.executable, "-m", "pomplan", *args, "--json"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    out = result.stdout.decode("utf-8")
    doc, end = json.JSONDecoder().raw_decode(out)
    assert out[end:] == "\n"
    validate(name, doc)


# --- Errors: nothing on stdout ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("plan", "--start", "2026-13-01"), 2),
        (("plan", "--start", "5 Jan 2026"), 2),
        (("plan", "--background", "nope"), 2),
        (("--profile", "missing", "plan"), 1),
        (("--profile", "Bad Name", "plan"), 2),
        (("progress", "done", "no-such-milestone"), 2),
        (("progress", "done", "education-audit", "--on", "2099-01-01"), 2),
        (("progress", "undo", "no-such-milestone"), 2),
        (("--profile", "missing", "progress"), 1),
        (("--profile", "missing", "profile", "show"), 1),
        (("profile", "set", "--start", "tomorrow"), 2),
        (("profile", "set", "--hours-per-week", "0"), 2),
        (("profile", "reset"), 2),  # not on a terminal: --yes is needed
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v),
)
def test_error_leaves_stdout_empty(run: Any, args: tuple[str, ...], code: int) -> None:
    result = run(*args, "--json")
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "error:" in lines[0], result.stderr


def test_damaged_profile_is_an_error_not_a_document(run: Any) -> None:
    path = Path(one_document(run, "profile", "path")["profile_file"])
    path.parent.mkdir(parents=True)
    path.write_text("start = 12\n", encoding="utf-8")
    for args in (("plan",), ("progress",), ("profile", "show"), ("profile", "set")):
        result = run(*args, "--json")
        assert result.exit_code == 1, args
        assert result.stdout == ""
    # ... and the way out still answers with a document.
    doc = one_document(run, "profile", "reset", "--yes")
    validate("profile-reset", doc)
    assert [Path(p).name for p in doc["moved"]] == ["default.toml"]


# --- Bugs found while writing this contract (see the report) -----------------------------------


def test_progress_done_writes_nothing_on_stderr_when_no_start_is_saved(run: Any) -> None:
    """Rule 1 and this contract: a --json run writes the document and nothing else.

    With no start saved, 'progress done' saves today as the start and prints a note; with
    --json the note must not appear (the document already shows the start, via `plan`).
    """
    result = run("progress", "done", "education-audit", "--json")
    assert result.exit_code == 0, result.output
    validate("progress", json.loads(result.stdout))
    assert result.stderr == ""


def test_exactly_ten_points_ahead_is_on_track(run: Any) -> None:
    """docs/model.md: "more than 10 points ahead is *ahead*". Ten points exactly is on track,
    as ten points behind is."""
    ok(run, "profile", "set", *EXAMPLE_PROFILE, "--start", "2027-02-09")  # 20 days ago
    plan = one_document(run, "plan")
    ids = [m["id"] for m in plan["milestones"]]
    assert plan["percent_elapsed"] == 1 and len(ids) == 35
    ok(run, "progress", "done", *ids[:5])  # 132 of 1185 hours (twice the middles): 11%
    plan = one_document(run, "plan")
    assert plan["percent"] - plan["percent_elapsed"] == 10
    assert plan["status"] == "on-track"


def test_json_before_the_profile_subcommand(run: Any) -> None:
    """Rule 7: --json goes anywhere on the line, as with 'pomplan paths --json show ID'."""
    for sub in (("show",), ("list",), ("path",)):
        after = run("profile", *sub, "--json")
        before = run("profile", "--json", *sub)
        assert before.exit_code == 0, f"profile --json {sub[0]}: {before.stderr}"
        assert before.stdout == after.stdout


# --- docs/json.md stays true ------------------------------------------------------------------


def doc_section(title: str) -> str:
    text = JSON_DOC.read_text("utf-8")
    marker = f"\n## {title}\n"
    assert marker in text, f"docs/json.md has no section {title!r}"
    return text.split(marker, 1)[1].split("\n## ", 1)[0]


def section_example(title: str) -> tuple[list[str], dict[str, Any]]:
    """The commands of a section (from its sh and console blocks, in order) and its JSON."""
    section = doc_section(title)
    commands: list[str] = []
    for lang, body in re.findall(r"```(sh|console)\n(.*?)```", section, re.S):
        joined = re.sub(r"\\\n\s*", "", body)
        for line in joined.splitlines():
            if lang == "console" and not line.startswith("$ "):
                continue  # output
            line = line.removeprefix("$ ").split("  #", 1)[0].strip()
            if line and not line.startswith("#"):
                commands.append(line)
    blocks = re.findall(r"```json\n(.*?)```", section, re.S)
    assert len(blocks) == 1, f"{title}: one JSON example"
    return commands, json.loads(blocks[0])


def run_commands(run: Any, commands: list[str]) -> dict[str, Any]:
    """Run documented commands as a shell would (``export X=Y``, ``X=Y pomplan ...``); the
    last one must print a JSON document, which is returned."""
    env: dict[str, str] = {}
    doc: dict[str, Any] = {}
    for i, command in enumerate(commands):
        words = shlex.split(command)
        if words[0] == "export":
            key, value = words[1].split("=", 1)
            env[key] = value
            continue
        local = dict(env)
        while "=" in words[0]:
            key, value = words.pop(0).split("=", 1)
            local[key] = value
        assert words[0] == "pomplan", command
        if i == len(commands) - 1:
            assert words[-1] == "--json", command
            doc = one_document(run, *words[1:-1], env=local)
        else:
            ok(run, *words[1:], env=local)
    assert env.get("POMPLAN_TODAY", TODAY) == TODAY
    return doc


def assert_shortened(shown: list[Any], real: list[Any], what: str) -> None:
    """Every item shown is a real one, in the real order (the doc may leave items out)."""
    assert shown, what
    positions = [real.index(item) if item in real else -1 for item in shown]
    assert -1 not in positions, f"{what}: an item shown is not in the real output"
    assert positions == sorted(positions), f"{what}: out of order"


def test_json_md_links_every_new_schema() -> None:
    text = JSON_DOC.read_text("utf-8")
    for name in NEW_SCHEMAS:
        assert f"(schemas/{name}.schema.json)" in text, name


def test_json_md_plan_example_is_real_output(run: Any) -> None:
    commands, shown = section_example("`pomplan plan --json`")
    assert any("--start 2026-01-05" in c for c in commands)
    real = run_commands(run, commands)
    validate("plan", shown)
    for key in ("phases", "milestones"):
        assert_shortened(shown.pop(key), real.pop(key), key)
    shown.pop("rules_file")
    real.pop("rules_file")
    assert shown == real, "update the plan example in docs/json.md"


def test_json_md_progress_example_is_real_output(run: Any) -> None:
    commands, shown = section_example("`pomplan progress --json`")
    real = run_commands(run, commands)
    validate("progress", shown)
    assert_shortened(shown.pop("open"), real.pop("open"), "open")
    assert shown == real, "update the progress example in docs/json.md"


def test_json_md_profile_example_is_real_output(run: Any) -> None:
    commands, shown = section_example("`pomplan profile show --json`")
    real = run_commands(run, commands)
    validate("profile", shown)
    assert Path(shown.pop("file")).name == Path(real.pop("file")).name
    assert shown == real, "update the profile example in docs/json.md"


def test_json_md_profile_list_example_is_real_output(run: Any) -> None:
    commands, shown = section_example("`pomplan profile list --json`")
    real = run_commands(run, commands)
    validate("profile-list", shown)
    for doc in (shown, real):
        for item in doc["profiles"]:
            for key in ("profile_file", "progress_file"):
                item[key] = None if item[key] is None else Path(item[key]).name
    assert shown == real, "update the profile list example in docs/json.md"


def test_json_md_profile_path_example_is_real_output(run: Any) -> None:
    commands, shown = section_example("`pomplan profile path --json`")
    validate("profile-path", shown)
    # The example shows the default locations for a user 'me' on Linux.
    home = "/home/me"
    env = {"POMPLAN_HOME": "", "XDG_CONFIG_HOME": f"{home}/.config"}
    env["XDG_DATA_HOME"] = f"{home}/.local/share"
    words = shlex.split(commands[-1])
    assert commands == ["pomplan profile path --json"], commands
    real = one_document(run, *words[1:-1], env=env)
    if sys.platform.startswith("linux"):
        assert shown == real, "update the profile path example in docs/json.md"
    else:  # other systems keep these files elsewhere
        assert set(shown) == set(real)
        assert shown["pomplan_home"] is real["pomplan_home"] is False


def test_json_md_profile_reset_example_is_real_output(run: Any) -> None:
    commands, shown = section_example("`pomplan profile reset --yes --json`")
    real = run_commands(run, commands)
    validate("profile-reset", shown)
    backup = Path(shown["backup"])
    assert re.fullmatch(r"default-\d{8}T\d{6}", backup.name)
    assert all(Path(p).parent == backup for p in shown["moved"])
    assert [Path(p).name for p in shown["moved"]] == [Path(p).name for p in real["moved"]]
    assert shown["profile"] == real["profile"]
    assert set(shown) == set(real)


def test_json_md_recipes_show_real_output(run: Any) -> None:
    """The plan and progress jq recipes, redone in Python against the progress example."""
    commands, _ = section_example("`pomplan progress --json`")
    run_commands(run, commands)
    plan = one_document(run, "plan")
    progress = one_document(run, "progress")
    recipes = doc_section("`jq` recipes")
    titles = {m["id"]: m for m in plan["milestones"]}
    next_lines = "\n".join(f"{titles[i]['due']}  {titles[i]['title']}" for i in plan["next"])
    # Laid out again (behind): overdue against the plan as first laid out.
    overdue = "\n".join(
        m["id"] for m in plan["milestones"] if m["was_due"] and m["was_due"] < plan["today"]
    )
    assert overdue
    left = progress["remaining"]["months"]
    status_line = (
        f"{progress['status']}: {progress['percent']}% done, "
        f"{left['low']}-{left['high']} months left"
    )
    for expected in (next_lines, overdue, status_line):
        assert f"\n{expected}\n" in recipes, f"docs/json.md recipes: missing\n{expected}"
