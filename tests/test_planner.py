"""Properties of the pure planner over every profile, start, progress and day.

The planner turns an estimate into dated phases and milestones (``docs/model.md``): these tests
hold it to what that promises, whatever the person, their start, what they ticked and when.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pomplan import content, planner
from pomplan.model import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    PATH_CHOICES,
    PATHS,
    Estimate,
    Plan,
    Range,
)
from pomplan.report import Given, build_report
from pomplan.rules import load_rules

RULES = load_rules()
SETTINGS = settings(max_examples=150, deadline=None)

SEQUENTIAL = ("education", "skills", "experience", "portfolio")
ALONGSIDE = ("network", "learning")
ALL_IDS = content.milestone_ids()
# Milestones that belong to one path's route only, by id prefix.
PATH_PREFIXES = {
    "experience-cs-": "customer-success",
    "experience-pm-": "project-management",
    "experience-da-": "data-analysis",
    "experience-edu-": "education",
}
DAY = Decimal("365.25")

# --- strategies ---------------------------------------------------------------------------

experience = st.one_of(
    st.sampled_from([Decimal(v) for v in ("0", "1", "4", "50")]),
    st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False),
)
hours = st.one_of(
    st.sampled_from([Decimal(v) for v in ("1", "3", "5", "8", "12", "20", "80")]),
    st.decimals(min_value=1, max_value=80, places=2, allow_nan=False, allow_infinity=False),
)
certs = st.lists(st.sampled_from(CERTIFICATIONS), unique=True).map(tuple)
givens = st.builds(
    Given,
    degree=st.sampled_from(DEGREES),
    background=st.sampled_from(BACKGROUNDS),
    experience_years=experience,
    path=st.sampled_from(PATH_CHOICES),
    certifications=certs,
    hours_per_week=hours,
)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2045, 12, 31))
starts = st.dates(min_value=date(2018, 1, 1), max_value=date(2035, 12, 31))
# Any milestone of any plan may be recorded, each on some day.
done_maps = st.dictionaries(st.sampled_from(ALL_IDS), days, max_size=len(ALL_IDS))


def make(wanted: Given, start: date, done: dict[str, date], today: date) -> Plan:
    return planner.build(build_report(wanted, RULES), "someone", start, done, today)


def sums(e: Estimate) -> tuple[Decimal, Decimal]:
    low = e.baseline.low + sum((a.effect.low for a in e.adjustments), Decimal(0))
    high = e.baseline.high + sum((a.effect.high for a in e.adjustments), Decimal(0))
    return low, high


def plan_ids(p: Plan) -> list[str]:
    return [m.id for m in p.milestones]


# --- dates ---------------------------------------------------------------------------------


@SETTINGS
@given(givens, starts, done_maps, days)
def test_every_milestone_lies_within_the_plan_and_its_phase(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    assert p.start == start
    assert p.start < p.end
    # Laid out again from today (behind), the done ones keep their first windows.
    last = max(p.end, make(wanted, start, {}, start).end)
    phases = {ph.id: ph for ph in p.phases}
    assert p.scheduled
    for m in p.scheduled:
        assert m.start is not None and m.due is not None
        assert p.start <= m.start <= m.due <= last, m
        ph = phases[m.phase]
        assert ph.start <= m.start <= m.due <= ph.end, (m, ph)
    for ph in p.phases:
        assert p.start <= ph.start <= ph.end <= last, ph
    for m in p.covered:
        assert m.start is None and m.due is None and m.covered_by


@SETTINGS
@given(givens, starts, days)
def test_sequential_phases_follow_one_another_and_fill_the_plan(
    wanted: Given, start: date, today: date
) -> None:
    p = make(wanted, start, {}, today)
    sequential = [ph for ph in p.phases if not ph.alongside]
    ids = [ph.id for ph in sequential]
    assert ids == [i for i in SEQUENTIAL if i in ids], "in the order of the six steps"
    assert set(ids) >= {"skills", "experience", "portfolio"}
    # Nothing done and behind: every milestone is laid out again, from today.
    assert sequential[0].start == (p.relaid_from or p.start)
    assert sequential[-1].end == p.end
    for before, after in pairwise(sequential):
        assert before.end == after.start, (before, after)
    for ph in p.phases:
        assert ph.start <= ph.end


@SETTINGS
@given(givens, starts, days)
def test_alongside_phases_span_the_whole_plan(wanted: Given, start: date, today: date) -> None:
    p = make(wanted, start, {}, today)
    alongside = [ph for ph in p.phases if ph.alongside]
    assert [ph.id for ph in alongside] == list(ALONGSIDE)
    for ph in alongside:
        assert (ph.start, ph.end) == (p.start, p.end)
    # ... and they come after the sequential ones, as in the shipped plan.
    assert [ph.alongside for ph in p.phases] == sorted(ph.alongside for ph in p.phases)


@SETTINGS
@given(givens, starts, days)
def test_plan_ends_at_the_middle_of_the_range(wanted: Given, start: date, today: date) -> None:
    p = make(wanted, start, {}, today)
    assume(p.relaid_from is None)  # laid out again: tests/test_plan_over_time.py
    anchor = max(start, today)  # the finish window is counted from today once started
    years = p.report.estimate.years
    middle = (years.low + years.high) / 2
    length = Decimal((p.end - p.start).days)
    assert abs(length - middle * DAY) <= Decimal("0.5"), (length, middle)
    assert abs(length / DAY - middle) < Decimal("0.003")  # within a day
    earliest, latest = p.finish
    assert abs(Decimal((earliest - anchor).days) - years.low * DAY) <= Decimal("0.5")
    assert abs(Decimal((latest - anchor).days) - years.high * DAY) <= Decimal("0.5")
    assert planner.add_years(start, years.low) <= p.end <= planner.add_years(start, years.high)
    assert p.finish == (
        planner.add_years(anchor, years.low),
        planner.add_years(anchor, years.high),
    )


@pytest.mark.parametrize(
    ("years", "expected"),
    [("1", 365), ("2", 731), ("4", 1461), ("0.5", 183), ("0.01", 4), ("4.5", 1644)],
)
def test_add_years_rounds_to_the_nearest_day(years: str, expected: int) -> None:
    start = date(2026, 1, 5)
    assert planner.add_years(start, Decimal(years)) == start + timedelta(days=expected)


# --- what the plan holds --------------------------------------------------------------------


@SETTINGS
@given(givens, starts, days)
def test_no_education_phase_for_a_graduate_degree(wanted: Given, start: date, today: date) -> None:
    p = make(wanted, start, {}, today)
    phase_ids = {ph.id for ph in p.phases}
    educated = [m.id for m in p.milestones if m.phase == "education"]
    if wanted.degree in ("master", "mba"):
        assert "education" not in phase_ids
        assert educated == []
        assert not any(i.startswith("education-") for i in plan_ids(p))
    else:  # in the plan, though years in an adjacent role may cover every one (not laid out)
        assert "education-audit" in educated
        assert "education-course" in educated
        scheduled = [m for m in p.scheduled if m.phase == "education"]
        assert ("education" in phase_ids) == bool(scheduled)


@pytest.mark.parametrize(
    ("degree", "only"),
    [
        ("none", "education-degree-decision"),
        ("bachelor-other", "education-gap-course"),
        ("bachelor", "education-graduate-degree"),
    ],
)
def test_each_degree_gets_its_own_education_milestone(degree: str, only: str) -> None:
    p = make(Given(degree=degree, path="standard"), date(2026, 1, 5), {}, date(2026, 1, 5))
    educated = [m.id for m in p.milestones if m.phase == "education"]
    assert only in educated
    others = {"education-degree-decision", "education-gap-course", "education-graduate-degree"}
    assert not (others - {only}) & set(educated)


@SETTINGS
@given(givens, starts, days)
def test_path_milestones_only_on_their_path(wanted: Given, start: date, today: date) -> None:
    p = make(wanted, start, {}, today)
    path = p.report.estimate.profile.path
    assert path in PATHS
    ids = plan_ids(p)
    for prefix, owner in PATH_PREFIXES.items():
        mine = [i for i in ids if i.startswith(prefix)]
        if owner == path:
            assert len(mine) == 2, (prefix, ids)
        else:
            assert mine == [], (path, mine)


@SETTINGS
@given(givens, starts, days)
def test_no_certification_milestone_for_a_certification_held(
    wanted: Given, start: date, today: date
) -> None:
    p = make(wanted, start, {}, today)
    held = p.report.estimate.profile.certifications
    ids = {m.id for m in p.scheduled}  # a certification held covers its milestone
    for cert in held:
        assert f"cert-{cert}" not in ids, cert
    assert ("cert-product-operations" in ids) == ("product-operations" not in held)
    for m in p.covered:
        if m.id.startswith("cert-"):
            assert m.id.removeprefix("cert-") in held
    for i in ids:
        if i.startswith("cert-"):
            assert i.removeprefix("cert-") in CERTIFICATIONS
            assert p.milestones[plan_ids(p).index(i)].phase == "skills"


@pytest.mark.parametrize(
    ("path", "cert"),
    [
        ("standard", "lean"),
        ("education", "lean"),
        ("project-management", "six-sigma"),
        ("data-analysis", "agile"),
        ("education", "agile"),
        ("customer-success", "data-analytics"),
        ("education", "product-management"),
    ],
)
def test_path_certification_milestone_goes_once_held(path: str, cert: str) -> None:
    begin = date(2026, 1, 5)
    without = make(Given(path=path, certifications=()), begin, {}, begin)
    held = make(Given(path=path, certifications=(cert,)), begin, {}, begin)
    assert f"cert-{cert}" in [m.id for m in without.scheduled]
    assert f"cert-{cert}" not in [m.id for m in held.scheduled]
    assert f"cert-{cert}" in [m.id for m in held.covered]  # shown as covered, not dropped


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_outsiders_get_the_foundation_milestones(background: str) -> None:
    begin = date(2026, 1, 5)
    ids = set(plan_ids(make(Given(background=background), begin, {}, begin)))
    outsider = background in ("none", "unrelated")
    for ident in (
        "experience-transferable-skills",
        "experience-foundations",
        "cert-project-management",
    ):
        assert (ident in ids) == outsider, ident


@SETTINGS
@given(givens, starts, done_maps, days)
def test_milestone_ids_unique_and_as_the_catalogue_selects(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    ids = plan_ids(p)
    assert len(ids) == len(set(ids))
    phases, specs = planner.contents(p.report.estimate.profile)
    assert sorted(ids) == sorted(s.id for s in specs)
    # A phase whose milestones the record all covers (education, for years in an adjacent
    # role) is not laid out; every other phase is, in the catalogue's order.
    busy = {m.phase for m in p.scheduled}
    assert [ph.id for ph in p.phases] == [ph.id for ph in phases if ph.id in busy]
    assert busy == {ph.id for ph in p.phases}, "no empty phase"
    by_id = {s.id: s for s in specs}
    for m in p.milestones:
        assert m.phase == by_id[m.id].phase
        assert m.title == by_id[m.id].title
        assert m.actions == by_id[m.id].actions and m.actions
        assert m.done_on == done.get(m.id)
        assert m.done == (m.id in done)


@SETTINGS
@given(givens, starts, done_maps, days)
def test_milestones_are_in_due_order(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    dues = [m.due for m in p.scheduled]
    assert dues == sorted(dues)  # type: ignore[type-var]
    assert list(p.milestones) == [*p.scheduled, *p.covered], "the covered ones come last"
    # Within a phase, the shipped order is kept (among the open ones, when laid out again).
    catalogue = list(ALL_IDS)
    for ph in p.phases:
        members = [m.id for m in p.scheduled if m.phase == ph.id]
        if p.relaid_from is not None:
            members = [m.id for m in p.open if m.phase == ph.id]
        assert members == sorted(members, key=catalogue.index), ph.id


@SETTINGS
@given(givens, starts, done_maps, days)
def test_next_is_the_first_three_open_milestones(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    open_ = [m for m in p.scheduled if m.id not in done]
    assert list(p.next) == [m.id for m in open_[:3]]
    assert len(p.next) == min(3, len(open_))
    assert not set(p.next) & set(done)
    if p.next:
        last_due = max(m.due for m in p.milestones if m.id in p.next)
        for m in open_:
            if m.id not in p.next:
                assert m.due >= last_due, m
    assert [m.id for m in p.open] == [m.id for m in open_]
    assert [m.id for m in p.done] == [m.id for m in p.scheduled if m.id in done]


# --- progress -------------------------------------------------------------------------------


@SETTINGS
@given(givens, starts, done_maps, days)
def test_progress_line_and_remaining_time(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    journey = p.report.estimate
    remaining = p.remaining
    ids = {m.id for m in p.scheduled}  # the covered ones are credited by the rules
    counted = len(ids & set(done))
    total = len(ids)
    weight = {m.id: m.effort.low + m.effort.high for m in p.scheduled}
    done_effort = sum(weight[i] for i in ids & set(done))
    progress = [a for a in remaining.adjustments if a.id == "progress"]
    assert (len(progress) == 1) == (counted > 0)
    assert not any(a.id == "progress" for a in journey.adjustments)
    if counted:
        assert remaining.adjustments[:-1] == journey.adjustments
        assert progress[0] == remaining.adjustments[-1]
        assert f"{counted} of {total}" in progress[0].label
        assert progress[0].reason.strip() and progress[0].sources
        # What is done takes its share of the effort off both ends (to the hundredth).
        share = Decimal(sum(weight.values()) - done_effort) / Decimal(sum(weight.values()))
        assert abs(remaining.years.low - journey.years.low * share) <= Decimal("0.005")
        assert abs(remaining.years.high - journey.years.high * share) <= Decimal("0.005")
    else:
        assert remaining == journey
    assert remaining.baseline == journey.baseline
    assert sums(remaining) == (remaining.years.low, remaining.years.high)
    assert sums(journey) == (journey.years.low, journey.years.high)
    assert Decimal(0) <= remaining.years.low <= journey.years.low
    assert Decimal(0) <= remaining.years.high <= journey.years.high
    assert remaining.years.low <= remaining.years.high
    assert p.not_in_plan == tuple(sorted(set(done) - set(plan_ids(p))))
    assert p.pace.percent_done == 100 * done_effort // sum(weight.values())


@SETTINGS
@given(givens, starts, days, days)
def test_everything_done_leaves_nothing(wanted: Given, start: date, today: date, on: date) -> None:
    first = make(wanted, start, {}, today)
    every = dict.fromkeys(plan_ids(first), on)
    p = make(wanted, start, every, today)
    assert p.remaining.years == Range(Decimal(0), Decimal(0))
    assert p.remaining.months == (0, 0)
    assert p.pace.state == "complete"
    assert p.pace.percent_done == 100
    assert p.next == ()
    assert p.open == ()
    assert sums(p.remaining) == (Decimal(0), Decimal(0))


@SETTINGS
@given(givens, starts, done_maps, st.sets(st.sampled_from(ALL_IDS)), days)
def test_more_done_never_leaves_more(
    wanted: Given, start: date, done: dict[str, date], more: set[str], today: date
) -> None:
    fewer = make(wanted, start, done, today)
    extra = {**done, **dict.fromkeys(more - set(done), today)}
    most = make(wanted, start, extra, today)
    assert most.remaining.years.low <= fewer.remaining.years.low
    assert most.remaining.years.high <= fewer.remaining.years.high
    assert most.pace.percent_done >= fewer.pace.percent_done
    assert len(most.done) >= len(fewer.done)


@SETTINGS
@given(givens, starts, days, st.lists(st.sampled_from(ALL_IDS), min_size=1, unique=True))
def test_ids_outside_the_plan_do_not_count(
    wanted: Given, start: date, today: date, picked: list[str]
) -> None:
    base = make(wanted, start, {}, today)
    outside = [i for i in picked if i not in plan_ids(base)]
    assume(outside)
    p = make(wanted, start, dict.fromkeys(outside, today), today)
    assert p.not_in_plan == tuple(sorted(outside))
    assert p.done == ()
    assert p.remaining == p.report.estimate
    assert p.milestones == base.milestones
    assert p.next == base.next
    assert p.pace == base.pace


def test_unknown_ids_are_kept_as_not_in_plan() -> None:
    begin = date(2026, 1, 5)
    p = make(Given(path="standard"), begin, {"no-such-thing": begin}, begin)
    assert p.not_in_plan == ("no-such-thing",)
    assert p.done == ()


def test_one_of_thirty_three_done() -> None:
    begin = date(2026, 1, 5)
    p = make(Given(), begin, {"apply-roles": begin}, begin)
    assert len(p.milestones) == 33
    assert p.report.estimate.years == Range(Decimal(3), Decimal(6))
    total = sum(m.effort.low + m.effort.high for m in p.milestones)
    assert total == 1296  # twice the middle of every effort range, added up
    # apply-roles is 30-80 hours: 110 of 1296. 3 * 1186/1296 = 2.745..., 6 * ... = 5.490...
    assert p.remaining.years == Range(Decimal("2.75"), Decimal("5.49"))
    line = p.remaining.adjustments[-1]
    assert line.id == "progress"
    assert line.effect == Range(Decimal("-0.25"), Decimal("-0.51"))
    assert line.label == "Progress: 8% of the effort done (1 of 33 milestones)"


# --- pace -----------------------------------------------------------------------------------


def expected_state(p: Plan, today: date) -> str:
    done, total = len(p.done), len(p.scheduled)
    first = make_like(p)  # the plan as first laid out: the pace compares with it
    span = max((first.end - p.start).days, 1)
    elapsed = min(max((today - p.start).days, 0), span)
    weight = {m.id: m.effort.low + m.effort.high for m in p.scheduled}
    percent_done = 100 * sum(weight[m.id] for m in p.done) // sum(weight.values())
    percent_elapsed = 100 * elapsed // span
    assert (p.pace.percent_done, p.pace.percent_elapsed) == (percent_done, percent_elapsed)
    if done == total:
        return "complete"
    if today < p.start and not done:
        return "not-started"
    if percent_done > percent_elapsed + planner.PACE_MARGIN:
        return "ahead"
    if percent_done < percent_elapsed - planner.PACE_MARGIN:
        return "behind"
    return "on-track"


def make_like(p: Plan) -> Plan:
    """``p``'s plan as first laid out: nothing done, seen on its first day."""
    return planner.build(p.report, p.profile_name, p.start, {}, p.start)


@SETTINGS
@given(givens, starts, done_maps, days)
def test_pace_compares_work_done_with_time_gone(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    p = make(wanted, start, done, today)
    assert 0 <= p.pace.percent_done <= 100
    assert 0 <= p.pace.percent_elapsed <= 100
    assert p.pace.state == expected_state(p, today)
    assert p.today == today
    if today < start:
        assert p.pace.percent_elapsed == 0
    if today >= make_like(p).end:
        assert p.pace.percent_elapsed == 100


@SETTINGS
@given(givens, starts, st.integers(min_value=1, max_value=4000))
def test_before_the_start_with_nothing_done_is_not_started(
    wanted: Given, start: date, before: int
) -> None:
    p = make(wanted, start, {}, start - timedelta(days=before))
    assert p.pace.state == "not-started"
    assert p.pace.percent_done == 0 and p.pace.percent_elapsed == 0


@SETTINGS
@given(givens, starts)
def test_nothing_done_long_after_the_end_is_behind(wanted: Given, start: date) -> None:
    p = make(wanted, start, {}, start)
    late = make(wanted, start, {}, p.end + timedelta(days=1))
    assert late.pace == ("behind", 0, 100)
    assert p.pace.state == "on-track"  # day one, nothing done: nothing is late yet


def _reference_plan(done: int, percent_gone: int) -> Plan:
    """The reference person's plan (33 milestones): its first ``done`` ticked, ``percent_gone``
    of its time gone (the first day on which the whole percentage is reached)."""
    begin = date(2026, 1, 5)
    first = make(Given(), begin, {}, begin)
    span = (first.end - first.start).days
    today = begin + timedelta(days=-(-span * percent_gone // 100))
    ticked = dict.fromkeys(plan_ids(first)[:done], begin)
    p = make(Given(), begin, ticked, today)
    assert p.pace.percent_elapsed == percent_gone
    return p


@pytest.mark.parametrize("done", [10, 15, 20, 28])
@pytest.mark.parametrize(
    ("offset", "state"),
    [(-11, "ahead"), (-10, "on-track"), (0, "on-track"), (10, "on-track"), (11, "behind")],
)
def test_pace_margin_examples(done: int, offset: int, state: str) -> None:
    """Time gone against the share of the effort done: within the margin either side is on
    track, one point beyond it is ahead or behind."""
    percent = make(Given(), date(2026, 1, 5), {}, date(2026, 1, 5))
    weight = [m.effort.low + m.effort.high for m in percent.milestones]
    percent_done = 100 * sum(weight[:done]) // sum(weight)
    assume_gone = percent_done + offset
    assert 0 <= assume_gone <= 100, "choose examples inside the plan's time"
    p = _reference_plan(done, assume_gone)
    assert p.pace.percent_done == percent_done
    assert p.pace.state == state, p.pace


def test_pace_examples_at_the_ends() -> None:
    assert _reference_plan(33, 99).pace.state == "complete"
    assert _reference_plan(0, 10).pace.state == "on-track"  # exactly the margin behind
    assert _reference_plan(0, 11).pace.state == "behind"
    late = _reference_plan(20, 100)
    assert late.pace.state == "behind"
    assert late.relaid_from is not None  # the open milestones are laid out again


# --- purity ---------------------------------------------------------------------------------


@SETTINGS
@given(givens, starts, done_maps, days)
def test_same_inputs_same_plan(
    wanted: Given, start: date, done: dict[str, date], today: date
) -> None:
    snapshot = dict(done)
    first = make(wanted, start, done, today)
    second = make(wanted, start, dict(done), today)
    assert first == second
    assert done == snapshot, "the planner must not change what it is given"
    assert planner.contents(first.report.estimate.profile) == planner.contents(
        first.report.estimate.profile
    )


def test_profile_name_is_carried() -> None:
    begin = date(2026, 1, 5)
    p: Any = planner.build(build_report(Given(), RULES), "work", begin, {}, begin)
    assert p.profile_name == "work"
