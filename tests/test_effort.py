"""Effort: every milestone's hours range, and progress weighed by it (docs/model.md, "Effort").

Progress counts each scheduled milestone by the middle of its effort range: ticking a bigger
milestone never takes off less than ticking a smaller one, and more done never leaves more.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pomplan import content, planner
from pomplan.datafile import Reader
from pomplan.errors import DataFileError
from pomplan.report import Given
from tests._plan_strategies import ALL_IDS, SETTINGS, done_maps, givens, make, starts

BEGIN = date(2026, 1, 5)
EFFORT = {m.id: m.effort for m in content.plan_catalogue()[1]}


def test_every_milestone_has_an_effort_range_and_a_reason() -> None:
    for spec in content.plan_catalogue()[1]:
        assert 1 <= spec.effort.low <= spec.effort.high <= content.EFFORT_LIMIT, spec.id
        assert spec.effort_reason.strip() and "\n" not in spec.effort_reason, spec.id
        assert spec.effort_reason.endswith("."), spec.id


@pytest.mark.parametrize(
    ("ident", "most_low", "least_high"),
    [
        ("education-audit", 4, 2),  # an afternoon's audit
        ("portfolio-case-study", 20, 40),  # a case study takes days of work
        ("experience-entry-role", 200, 100),  # landing a role takes many hours
    ],
)
def test_the_judgement_is_believable(ident: str, most_low: int, least_high: int) -> None:
    effort = EFFORT[ident]
    assert effort.low <= most_low and effort.high >= least_high, effort


def test_an_afternoon_weighs_less_than_a_case_study() -> None:
    assert EFFORT["education-audit"].weight * 5 < EFFORT["portfolio-case-study"].weight


def _milestone(**changes: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": "x-one",
        "phase": "skills",
        "title": "A title",
        "actions": ["Do it."],
        "sources": ["S1.F1"],
        "effort_hours": {"low": 2, "high": 4},
        "effort_reason": "Why.",
    }
    table.update(changes)
    return {k: v for k, v in table.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"effort_hours": {"low": 5, "high": 2}}, "must be at least low (5)"),
        ({"effort_hours": {"low": 0, "high": 2}}, "whole number of hours from 1"),
        ({"effort_hours": {"low": -3, "high": 2}}, "whole number of hours from 1"),
        ({"effort_hours": {"low": 1, "high": 99999}}, "whole number of hours from 1"),
        ({"effort_hours": {"low": 1.5, "high": 2}}, "low"),
        ({"effort_hours": {"low": 1}}, "high"),
        ({"effort_hours": {"low": 1, "high": 2, "mid": 1}}, "mid"),
        ({"effort_hours": None}, "effort_hours"),
        ({"effort_reason": None}, "effort_reason"),
    ],
)
def test_bad_effort_is_refused(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(DataFileError) as caught:
        content._milestone(Reader(_milestone(**changes), "plan.toml"))
    assert words in str(caught.value)


def test_a_good_milestone_reads() -> None:
    spec = content._milestone(Reader(_milestone(), "plan.toml"))
    assert (spec.effort.low, spec.effort.high, spec.effort.weight) == (2, 4, 6)


# --- progress by effort -----------------------------------------------------------------------


def test_the_progress_line_names_the_effort() -> None:
    p = make(Given(), BEGIN, {"portfolio-case-study": BEGIN}, BEGIN)
    line = p.remaining.adjustments[-1]
    assert line.id == "progress"
    assert "of the effort done (1 of 33 milestones)" in line.label
    assert "effort" in line.reason and "covers" in line.reason


def test_a_big_milestone_counts_more_than_a_small_one() -> None:
    small = make(Given(), BEGIN, {"education-audit": BEGIN}, BEGIN)
    big = make(Given(), BEGIN, {"portfolio-case-study": BEGIN}, BEGIN)
    assert big.remaining.years.low < small.remaining.years.low
    assert big.remaining.years.high < small.remaining.years.high
    assert big.pace.percent_done > small.pace.percent_done


@SETTINGS
@given(givens, starts, done_maps, st.data())
def test_ticking_more_effort_never_shortens_less(
    wanted: Given, start: date, done: dict[str, date], data: st.DataObject
) -> None:
    base = make(wanted, start, done, start)
    open_ = [m.id for m in base.open]
    assume(len(open_) >= 2)
    a, b = data.draw(st.lists(st.sampled_from(open_), min_size=2, max_size=2, unique=True))
    if EFFORT[a].weight < EFFORT[b].weight:
        a, b = b, a
    bigger = make(wanted, start, {**done, a: start}, start)
    smaller = make(wanted, start, {**done, b: start}, start)
    assert bigger.remaining.years.low <= smaller.remaining.years.low
    assert bigger.remaining.years.high <= smaller.remaining.years.high
    assert bigger.pace.percent_done >= smaller.pace.percent_done


@SETTINGS
@given(givens, starts, done_maps, st.sets(st.sampled_from(ALL_IDS)))
def test_more_effort_done_never_lengthens(
    wanted: Given, start: date, done: dict[str, date], more: set[str]
) -> None:
    fewer = make(wanted, start, done, start)
    most = make(wanted, start, {**dict.fromkeys(more, start), **done}, start)
    assert most.remaining.years.low <= fewer.remaining.years.low
    assert most.remaining.years.high <= fewer.remaining.years.high
    assert most.remaining.years.low <= most.remaining.years.high


@SETTINGS
@given(givens, starts, done_maps)
def test_percent_and_remaining_follow_the_effort(
    wanted: Given, start: date, done: dict[str, date]
) -> None:
    p = make(wanted, start, done, start)
    total = sum(EFFORT[m.id].weight for m in p.scheduled)
    finished = sum(EFFORT[m.id].weight for m in p.done)
    assert p.pace.percent_done == 100 * finished // total
    counted = planner.tally(p.report.estimate.profile, done)
    assert (counted.done_effort, counted.total_effort) == (finished, total)
    share = Decimal(total - finished) / Decimal(total)
    journey = p.report.estimate.years
    assert abs(p.remaining.years.low - journey.low * share) <= Decimal("0.005")
    assert abs(p.remaining.years.high - journey.high * share) <= Decimal("0.005")


def test_progress_through_the_cli_is_by_effort(run: Any, run_json: Any) -> None:
    assert run("profile", "set", "--start", "2026-01-05").exit_code == 0
    env = {"POMPLAN_TODAY": "2026-01-05"}
    assert run("progress", "done", "experience-entry-role", env=env).exit_code == 0
    doc = run_json("progress")
    weight = EFFORT["experience-entry-role"].weight
    total = sum(EFFORT[i].weight for i in doc["done"] + doc["open"])
    assert doc["percent"] == 100 * weight // total
    estimate = run_json("estimate")
    assert estimate["adjustments"][-1]["label"].startswith(
        f"Progress: {doc['percent']}% of the effort"
    )
