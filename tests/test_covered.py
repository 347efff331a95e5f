"""Milestones a person's record already covers (docs/model.md, "Covered milestones").

The rules already credit the record (years in an adjacent background, degree, certifications
held) in the estimate, so a covered milestone is shown with its reason, never scheduled, and
never counted again in progress. Someone already in an adjacent role gets the move track.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from pomplan import content, planner
from pomplan.datafile import Reader
from pomplan.errors import DataFileError
from pomplan.model import Cover
from pomplan.report import Given
from tests._plan_strategies import RULES, SETTINGS, done_maps, givens, make, starts

BEGIN = date(2026, 1, 5)
ADJACENT = (
    "project-management",
    "business-analysis",
    "product-management",
    "program-management",
    "operations",
)
MOVE = ("experience-internal-move", "experience-ops-scope")
PM = Given(degree="bachelor", background="product-management", experience_years=Decimal(8))


def ids(milestones: Any) -> list[str]:
    return [m.id for m in milestones]


def test_an_experienced_product_manager_moves_rather_than_starts() -> None:
    p = make(PM, BEGIN, {}, BEGIN)
    covered = {m.id: m.covered_by for m in p.covered}
    assert "experience-entry-role" in covered
    assert "move itself" in covered["experience-entry-role"]
    assert "experience-entry-role" not in ids(p.open), "no open entry-role milestone"
    for ident in (*MOVE, "apply-roles", "portfolio-case-study"):
        assert ident in ids(p.open), ident
    assert "experience-ops-task" in covered and "skills-cross-team" in covered


@pytest.mark.parametrize("background", ADJACENT)
def test_a_year_in_an_adjacent_role_gives_the_move_track(background: str) -> None:
    p = make(Given(background=background, experience_years=Decimal(1)), BEGIN, {}, BEGIN)
    assert set(MOVE) <= set(ids(p.scheduled))
    assert "experience-entry-role" in ids(p.covered)


@pytest.mark.parametrize("background", ["unrelated", "none", "engineering", "customer-success"])
def test_others_still_look_for_an_entry_role(background: str) -> None:
    p = make(Given(background=background, experience_years=Decimal(8)), BEGIN, {}, BEGIN)
    assert "experience-entry-role" in ids(p.scheduled)
    assert not set(MOVE) & set(ids(p.milestones))


def test_a_new_starter_in_an_adjacent_role_has_no_move_track_yet() -> None:
    p = make(Given(background="operations", experience_years=Decimal("0.5")), BEGIN, {}, BEGIN)
    assert "experience-entry-role" in ids(p.scheduled)
    assert not set(MOVE) & set(ids(p.milestones))


def test_a_certification_held_covers_its_milestone() -> None:
    p = make(Given(certifications=("product-operations",)), BEGIN, {}, BEGIN)
    [m] = [m for m in p.milestones if m.id == "cert-product-operations"]
    assert m.covered and m.covered_by == "You already hold this certification."
    assert m.start is None and m.due is None and m.was_due is None
    course = [m for m in p.milestones if m.id == "education-course"]
    assert not course[0].covered, "product operations is not a course in analytics or projects"
    lean = make(Given(certifications=("lean",)), BEGIN, {}, BEGIN)
    assert "education-course" in ids(lean.covered)


def test_covering_needs_every_key_and_the_years() -> None:
    cover = Cover(background=("operations",), experience_years_at_least=Decimal(2))
    who = RULES.reference._replace(background="operations", experience_years=Decimal(2))
    assert cover.holds(who)
    assert not cover.holds(who._replace(experience_years=Decimal("1.99")))
    assert not cover.holds(who._replace(background="engineering"))
    by_degree = Cover(degree=("master", "mba"))
    assert by_degree.holds(who._replace(degree="mba"))
    assert not by_degree.holds(who._replace(degree="bachelor"))
    certs = Cover(certifications=("lean", "agile"))
    assert certs.holds(who._replace(certifications=("agile",)))
    assert not certs.holds(who._replace(certifications=()))


@SETTINGS
@given(givens, starts, done_maps)
def test_covered_milestones_are_credited_not_scheduled(
    wanted: Given, start: date, done: dict[str, date]
) -> None:
    p = make(wanted, start, done, start)
    profile = p.report.estimate.profile
    _, specs = planner.contents(profile)
    by_id = {s.id: s for s in specs}
    for m in p.milestones:
        spec = by_id[m.id]
        expected = spec.covered_if is not None and spec.covered_if.holds(profile)
        assert m.covered == expected, m.id
        if m.covered:
            assert m.covered_by == spec.covered_by and m.start is None and m.due is None
            assert m.id not in p.next and m not in p.open and m not in p.done
        else:
            assert m.covered_by is None and m.start is not None and m.due is not None
    # Ticking the covered ones changes nothing: the rules count them already.
    covered = {m.id: start for m in p.covered}
    ticked = make(wanted, start, {**done, **covered}, start)
    assert ticked.remaining == p.remaining
    assert ticked.pace == p.pace
    assert ticked.next == p.next
    if wanted.background in ADJACENT and p.report.estimate.profile.experience_years >= 1:
        assert "experience-entry-role" not in ids(p.open)


def _milestone(**changes: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": "x-one",
        "phase": "skills",
        "title": "A title",
        "actions": ["Do it."],
        "sources": ["S1.F1"],
        "effort_hours": {"low": 2, "high": 4},
        "effort_reason": "Why.",
        "covered_if": {"background": ["operations"], "experience_years_at_least": 2},
        "covered_by": "Because.",
    }
    table.update(changes)
    return {k: v for k, v in table.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"covered_by": None}, "give both or neither"),
        ({"covered_if": None}, "give both or neither"),
        ({"covered_if": {}}, "give at least one of"),
        ({"covered_if": {"background": ["astronaut"]}}, "astronaut"),
        ({"covered_if": {"certifications": ["pmp"]}}, "pmp"),
        ({"covered_if": {"experience_years_at_least": 51}}, "between 0 and 50"),
        ({"covered_if": {"hours": 3}}, "hours"),
        ({"only_if": {"degree": ["phd"]}}, "phd"),
        ({"covered_if": [{"background": ["operations"]}, {"hours": 3}]}, "hours"),
        ({"covered_if": [{"background": ["operations"]}, "lean"]}, "tables"),
    ],
)
def test_bad_covering_is_refused(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(DataFileError) as caught:
        content._milestone(Reader(_milestone(**changes), "plan.toml"))
    assert words in str(caught.value)


def test_every_shipped_covering_has_a_reason() -> None:
    for spec in content.plan_catalogue()[1]:
        assert (spec.covered_if is None) == (spec.covered_by == ""), spec.id
        if spec.covered_if is not None:
            assert spec.covered_by.endswith("."), spec.id


# --- through the CLI --------------------------------------------------------------------------

PM_FLAGS = ("--background", "product-management", "--experience", "8", "--degree", "bachelor")


def test_plan_json_marks_covered_milestones(run_json: Any) -> None:
    doc = run_json("plan", *PM_FLAGS, "--start", "2026-01-05")
    covered = [m for m in doc["milestones"] if m["covered"]]
    assert {m["id"] for m in covered} >= {"experience-entry-role"}
    for m in doc["milestones"]:
        assert (m["covered_by"] is not None) == m["covered"]
    assert not any(
        m["id"] == "experience-entry-role" and not m["covered"] for m in doc["milestones"]
    )


def test_the_terminal_shows_them_dimmed_apart(run: Any) -> None:
    result = run("plan", *PM_FLAGS, "--start", "2026-01-05", env={"POMPLAN_TODAY": "2026-01-05"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Already covered by your record" in out
    section = out.split("Already covered by your record", 1)[1]
    assert "Land an entry role close to product operations" in section
    assert "[-]" in section
    assert "Land an entry role" not in out.split("Already covered by your record", 1)[0]


def test_ticking_a_covered_milestone_is_allowed_and_counts_nothing(run: Any, run_json: Any) -> None:
    assert run("profile", "set", *PM_FLAGS, "--start", "2026-01-05").exit_code == 0
    before = run_json("progress")
    result = run("progress", "done", "experience-entry-role")
    assert result.exit_code == 0, result.output
    assert "already covers it" in " ".join(result.stdout.split())
    after = run_json("progress")
    assert "experience-entry-role" in after["covered"]
    assert "experience-entry-role" not in after["done"] + after["open"]
    for key in ("percent", "remaining", "status", "done", "open"):
        assert after[key] == before[key], key
    plan = run_json("plan")
    [m] = [m for m in plan["milestones"] if m["id"] == "experience-entry-role"]
    assert m["done"] and m["covered"]


def test_several_records_cover_when_any_one_holds() -> None:
    spec = content._milestone(
        Reader(
            _milestone(
                covered_if=[
                    {"certifications": ["lean"]},
                    {"background": ["operations"], "experience_years_at_least": 3},
                ]
            ),
            "plan.toml",
        )
    )
    cover = spec.covered_if
    assert cover is not None and len(cover.parts()) == 2
    base = RULES.reference
    assert cover.holds(base._replace(certifications=("lean",)))
    assert cover.holds(base._replace(background="operations", experience_years=Decimal(3)))
    assert not cover.holds(base._replace(background="operations", experience_years=Decimal(2)))
    assert not cover.holds(base)


def test_years_in_an_adjacent_role_cover_the_education_steps() -> None:
    veteran = make(PM, BEGIN, {}, BEGIN)  # a product manager of many years
    covered = ids(veteran.covered)
    for ident in ("education-audit", "education-graduate-degree", "education-course"):
        assert ident in covered, ident
    assert "education" not in [ph.id for ph in veteran.phases]
    changer = make(Given(background="unrelated", experience_years=Decimal(10)), BEGIN, {}, BEGIN)
    assert "education-audit" in ids(changer.open)
    assert "education-course" in ids(changer.open)
