"""The cached first milestones of a fresh plan (``pomplan.openings``, behind
``planner.opening``) equal the uncached path: ``planner._opening``, which lays the plan out in
dates, and the ``next`` of ``planner.build`` for a fresh plan. The caches are shared across
examples, so a key that lumps together two profiles that differ would show up here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pomplan import layout, openings, planner
from pomplan.levels import SKILLS
from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATHS, Profile, Range
from pomplan.report import Given, build_report
from tests._plan_strategies import RULES, SETTINGS, experience, givens, hours, starts

levels = st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4)).map(
    lambda rated: tuple((s, rated[s]) for s in SKILLS if s in rated)
)
profiles = st.builds(
    Profile,
    degree=st.sampled_from(DEGREES),
    background=st.sampled_from(BACKGROUNDS),
    experience_years=experience,
    path=st.sampled_from(PATHS),
    certifications=st.lists(st.sampled_from(CERTIFICATIONS), unique=True).map(tuple),
    hours_per_week=hours,
    skills=st.one_of(st.just(()), levels),
)
ends = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)
spans = st.decimals(min_value=0, max_value=15, places=2, allow_nan=False, allow_infinity=False)
years = st.builds(lambda low, span: Range(low, low + span), ends, spans)


def uncached(profile: Profile, span: Range, count: int = 3) -> tuple[str, ...]:
    days = layout.length((span.low + span.high) / 2, 0, 0)
    return tuple(s.id for s in planner._opening(profile, days, count))


def cached(profile: Profile, span: Range, count: int = 3) -> tuple[str, ...]:
    return tuple(s.id for s in planner.opening(profile, span, count))


@SETTINGS
@given(profiles, years, st.integers(1, 8))
def test_the_cached_opening_equals_a_fresh_layout_in_dates(
    profile: Profile, span: Range, count: int
) -> None:
    assert cached(profile, span, count) == uncached(profile, span, count)


@SETTINGS
@given(st.lists(st.tuples(profiles, years), min_size=2, max_size=12))
def test_the_caches_keep_apart_the_profiles_of_a_batch_whatever_came_before(
    rows: list[tuple[Profile, Range]],
) -> None:
    openings._current.clear()
    for profile, span in rows + rows[::-1]:
        assert cached(profile, span) == uncached(profile, span)


@SETTINGS
@given(givens, levels, starts)
def test_the_cached_opening_is_the_next_of_a_fresh_plan(
    wanted: Given, rated: tuple[tuple[str, int], ...], day: date
) -> None:
    report = build_report(wanted._replace(skills=rated or None), RULES)
    plan = planner.build(report, "x", day, {}, day)
    assert cached(report.estimate.profile, report.estimate.years) == plan.next


def test_years_in_a_background_the_records_do_not_name_cover_nothing() -> None:
    # Conditions and records both read the background: their bits must not share a cache
    # (they once did, and an engineer of 13 years had the education steps covered).
    span = Range(Decimal("2.5"), Decimal("6"))
    for background in ("engineering", "project-management", "engineering"):
        profile = Profile("bachelor", background, Decimal(13), "standard", ("agile",), Decimal(8))
        assert cached(profile, span) == uncached(profile, span)
    engineer = Profile("bachelor", "engineering", Decimal(13), "standard", (), Decimal(8))
    assert "education-audit" in cached(engineer, span)


def test_the_order_depends_on_the_length_as_the_layout_in_dates_does() -> None:
    profile = Profile("none", "unrelated", Decimal(0), "standard", (), Decimal(8))
    for tenths in range(1, 200):
        span = Range(Decimal(tenths) / 10, Decimal(tenths) / 10)
        assert cached(profile, span, 12) == uncached(profile, span, 12)


# The spans of days over which an opening stays the same (openings._Spans) ---------------------

unrated = profiles.map(lambda profile: profile._replace(skills=()))


def at_length(days: int) -> Range:
    """The years whose layout is ``days`` days long."""
    years = Decimal(days) / layout.DAYS_PER_YEAR
    assert layout.length(years, 0, 0) == max(days, 1)
    return Range(years, years)


@SETTINGS
@given(unrated, st.lists(st.integers(1, 8000), min_size=1, max_size=60), st.integers(1, 8))
def test_the_spans_of_days_give_the_uncached_opening_at_every_length(
    profile: Profile, lengths: list[int], count: int
) -> None:
    # A fresh cache, and lengths close to one another as well as far apart: spans grow, meet
    # and merge in any order, and every length asked is checked against the layout in dates.
    openings._current.clear()
    near = [d + step for d in lengths[:10] for step in (-3, -1, 1, 2, 5) if d + step > 0]
    for days in lengths + near + lengths[::-1]:
        got = cached(profile, at_length(days), count)
        assert got == tuple(s.id for s in planner._opening(profile, days, count)), days


def test_the_spans_hold_at_every_length_of_a_few_years_asked_in_any_order() -> None:
    import random

    profiles_ = [
        Profile("none", "unrelated", Decimal(0), "standard", (), Decimal(8)),
        Profile("bachelor", "engineering", Decimal(13), "standard", ("agile",), Decimal(8)),
        Profile("master", "data-analysis", Decimal(3), "standard", (), Decimal(20)),
    ]
    lengths = list(range(1, 2200))
    random.Random(7).shuffle(lengths)
    for profile in profiles_:
        openings._current.clear()
        for days in lengths:
            got = cached(profile, at_length(days), 3)
            assert got == tuple(s.id for s in planner._opening(profile, days, 3)), days


def test_spans_of_the_same_order_merge_and_others_stay_apart() -> None:
    spans = openings._Spans()
    one, two = (), (None,)  # stand-ins for openings: only their identity matters here
    spans.add(10, (True,), one)  # type: ignore[arg-type]
    spans.add(20, (True,), one)  # type: ignore[arg-type]
    spans.add(40, (False,), two)  # type: ignore[arg-type]
    spans.add(30, (True,), one)  # type: ignore[arg-type]
    assert (spans.starts, spans.stops) == ([10, 40], [30, 40])
    assert spans.get(25) is one and spans.get(35) is None and spans.get(40) is two
    spans.add(5, (False,), two)  # type: ignore[arg-type]
    spans.add(50, (False,), two)  # type: ignore[arg-type]
    assert (spans.starts, spans.stops) == ([5, 10, 40], [5, 30, 50])
