"""Time passes (docs/model.md, "The plan over time"): the finish window is today plus what
remains, due days fall on weekdays, and a plan that fell behind is laid out again from today
while its status still compares with the plan as first laid out."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given

from pomplan import layout, planner
from pomplan.model import Plan
from pomplan.report import Given, build_report
from tests._plan_strategies import RULES, SETTINGS, days, done_maps, givens, make, starts


def first_laid_out(p: Plan) -> Plan:
    """``p``'s plan as first laid out: nothing done, on its first day."""
    return planner.build(p.report, p.profile_name, p.start, {}, p.start)


@SETTINGS
@given(givens, starts, done_maps, days)
def test_the_finish_window_is_today_plus_what_remains(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    anchor = max(today, start)
    earliest, latest = p.finish
    assert anchor <= earliest <= latest, "never before today"
    assert p.finish == (
        planner.add_years(anchor, p.remaining.years.low),
        planner.add_years(anchor, p.remaining.years.high),
    ), "the finish window and the time left agree"
    assert p.remaining.years.low <= p.remaining.years.high


@SETTINGS
@given(givens, starts, done_maps, days)
def test_dates_are_ordered_and_due_on_weekdays(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    dues = []
    for m in p.scheduled:
        assert m.start is not None and m.due is not None
        assert m.start <= m.due, m
        assert m.due.weekday() < 5, m
        assert m.due >= m.start, "the Friday before is never before the start"
        dues.append(m.due)
    assert dues == sorted(dues)
    assert p.start < p.end


@SETTINGS
@given(givens, starts, done_maps, days)
def test_behind_lays_the_open_milestones_out_again(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    first = first_laid_out(p)
    assert p.first_end == first.end
    # The pace compares with the plan as first laid out, whatever happened since.
    span = max((first.end - start).days, 1)
    elapsed = min(max((today - start).days, 0), span)
    assert p.pace.percent_elapsed == 100 * elapsed // span
    before = {m.id: m for m in first.milestones}
    if p.pace.state != "behind" or not p.open:
        assert p.relaid_from is None and p.end == first.end
        assert [(m.start, m.due) for m in p.milestones] == [
            (before[m.id].start, before[m.id].due) for m in p.milestones
        ]
        assert all(m.was_due is None for m in p.milestones)
        return
    anchor = max(today, start)
    assert p.relaid_from == anchor
    for m in p.open:
        assert m.start is not None and m.start >= anchor, m
        assert m.was_due == (before[m.id].due if before[m.id].due != m.due else None)
    for m in p.done:
        assert (m.start, m.due, m.was_due) == (before[m.id].start, before[m.id].due, None)
    # Laid out over the middle of what remains (each window at least MIN_DAYS days).
    years = p.remaining.years
    rows = [len([m for m in p.open if m.phase in group]) for group in _rows(p)]
    assert p.end == anchor + timedelta(days=layout.length((years.low + years.high) / 2, *rows))
    if layout.days_in((years.low + years.high) / 2) >= layout.MIN_DAYS * max(rows):
        assert p.finish[0] <= p.end <= p.finish[1], "inside the range from that day"


def _rows(p: Plan) -> tuple[set[str], set[str]]:
    alongside = {ph.id for ph in p.phases if ph.alongside}
    return {ph.id for ph in p.phases if not ph.alongside}, alongside


@SETTINGS
@given(givens, days)
def test_a_plan_laid_out_from_a_day_ends_inside_the_range_from_that_day(
    wanted: Given, day: date
) -> None:
    p = make(wanted, day, {}, day)
    years = p.report.estimate.years
    assert planner.add_years(day, years.low) <= p.end <= planner.add_years(day, years.high)
    assert p.finish == (planner.add_years(day, years.low), planner.add_years(day, years.high))


@SETTINGS
@given(givens, starts, starts)
def test_a_fresh_plan_starts_with_the_same_next_steps_whatever_its_first_day(
    wanted: Given, one: date, other: date
) -> None:
    report = build_report(wanted, RULES)
    first = planner.build(report, "x", one, {}, one)
    second = planner.build(report, "x", other, {}, other)
    assert first.next == second.next == report.next
    opening = planner.opening(report.estimate.profile, report.estimate.years)
    assert tuple(s.id for s in opening) == first.next


def test_windows_follow_effort() -> None:
    start = date(2026, 1, 5)
    p = make(Given(), start, {}, start)
    for a in p.scheduled:
        for b in p.scheduled:
            same_row = (a.phase in {"network", "learning"}) == (b.phase in {"network", "learning"})
            if same_row and a.effort.weight > b.effort.weight:
                assert a.start is not None and a.due is not None
                assert b.start is not None and b.due is not None
                # Friday moves take at most two days off a window.
                assert (a.due - a.start).days + 2 >= (b.due - b.start).days, (a.id, b.id)


def test_weekday_moves_a_weekend_to_the_friday_before() -> None:
    friday = date(2026, 1, 9)
    assert layout.weekday(friday) == friday
    assert layout.weekday(friday + timedelta(days=1)) == friday
    assert layout.weekday(friday + timedelta(days=2)) == friday
    assert layout.weekday(friday + timedelta(days=3)) == friday + timedelta(days=3)


# --- a worked example (docs/model.md): someone who fell behind ---------------------------------


def test_the_worked_example_of_someone_who_fell_behind() -> None:
    start, today = date(2024, 1, 1), date(2026, 1, 5)
    done = {"education-audit": date(2024, 1, 10), "network-community": date(2024, 2, 1)}
    p = make(Given(), start, done, today)
    assert p.report.estimate.years == (Decimal(3), Decimal(6))
    assert p.pace.state == "behind"
    assert (p.pace.percent_done, p.pace.percent_elapsed) == (0, 44)
    assert str(p.remaining.years) == "2.97-5.94"  # 12 of 1296 effort done: 3 * 1284/1296
    assert p.relaid_from == today
    assert p.first_end == date(2028, 7, 2)
    assert p.end == date(2030, 6, 20)  # today + the middle of 2.97-5.94
    assert p.finish == (date(2028, 12, 25), date(2031, 12, 15))
    first = {m.id: m for m in p.milestones}["education-graduate-degree"]
    assert (first.was_due, first.start, first.due) == (
        date(2024, 2, 9),
        date(2026, 1, 5),
        date(2026, 2, 2),
    )


def test_estimate_and_plan_give_the_same_next_steps(run: Any, run_json: Any) -> None:
    assert run("profile", "set", "--start", "2024-01-01").exit_code == 0
    for ticks in ([], ["education-audit", "network-community"], ["education-course"]):
        if ticks:
            assert run("progress", "done", *ticks).exit_code == 0
        plan, estimate = run_json("plan"), run_json("estimate")
        assert estimate["next"] == plan["next"]
        titles = {m["id"]: m["title"] for m in plan["milestones"]}
        assert [s.split(":")[0] for s in estimate["next_steps"]] == [
            titles[i] for i in plan["next"]
        ]
        text = " ".join(run("estimate").stdout.split())
        for ident in plan["next"]:
            assert titles[ident] in text and ident in text
