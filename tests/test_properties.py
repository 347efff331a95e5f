"""Properties of the estimate over every profile, against the shipped rules."""

from __future__ import annotations

import math
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan import content
from pomplan.levels import SKILLS
from pomplan.model import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    PATH_CHOICES,
    PATHS,
    Estimate,
    Profile,
    Range,
)
from pomplan.render import json_doc
from pomplan.report import Given, build_report
from pomplan.rules import choose_path, compare_paths, estimate, load_rules

RULES = load_rules()
FACT_IDS = frozenset(content.sources()[1])
BASELINE = Range(Decimal(3), Decimal(6))
ADJACENT = ("project-management", "business-analysis", "product-management")
# Best degree first; master and mba share one effect.
DEGREE_ORDER = ("master", "bachelor", "bachelor-other", "none")

SETTINGS = settings(max_examples=200, deadline=None)

# Exact boundaries (cap, pace tiers, range ends) plus any value with two decimals.
experience = st.one_of(
    st.sampled_from([Decimal(v) for v in ("0", "0.5", "1", "3.99", "4", "4.01", "50")]),
    st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False),
)
hours = st.one_of(
    st.sampled_from([Decimal(v) for v in ("1", "2.99", "3", "5", "7.99", "8", "12", "20", "80")]),
    st.decimals(min_value=1, max_value=80, places=2, allow_nan=False, allow_infinity=False),
)
certs = st.lists(st.sampled_from(CERTIFICATIONS), unique=True).map(tuple)
profiles = st.builds(
    Profile,
    degree=st.sampled_from(DEGREES),
    background=st.sampled_from(BACKGROUNDS),
    experience_years=experience,
    path=st.sampled_from(PATHS),
    certifications=certs,
    hours_per_week=hours,
    skills=st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4)).map(
        lambda found: tuple((s, found[s]) for s in SKILLS if s in found)
    ),
)


def ends(e: Estimate) -> tuple[Decimal, Decimal]:
    return e.years.low, e.years.high


def not_longer(shorter: Estimate, longer: Estimate) -> bool:
    return shorter.years.low <= longer.years.low and shorter.years.high <= longer.years.high


def half_up(value: Decimal) -> int:
    return math.floor(value + Decimal("0.5"))


@SETTINGS
@given(profiles)
def test_range_is_positive_and_ordered(profile: Profile) -> None:
    e = estimate(profile, RULES)
    assert 0 < e.years.low <= e.years.high


@SETTINGS
@given(profiles)
def test_breakdown_reconciles_exactly(profile: Profile) -> None:
    e = estimate(profile, RULES)
    assert e.baseline == RULES.baseline.effect
    low = e.baseline.low + sum((a.effect.low for a in e.adjustments), Decimal(0))
    high = e.baseline.high + sum((a.effect.high for a in e.adjustments), Decimal(0))
    assert (low, high) == ends(e)


@SETTINGS
@given(
    degree=st.sampled_from(DEGREES),
    background=st.sampled_from(BACKGROUNDS),
    years=experience,
    path=st.sampled_from(PATH_CHOICES),
    certifications=certs,
    weekly=hours,
)
def test_json_document_reconciles(
    degree: str,
    background: str,
    years: Decimal,
    path: str,
    certifications: tuple[str, ...],
    weekly: Decimal,
) -> None:
    wanted = Given(degree, background, years, path, certifications, weekly)
    report = build_report(wanted, RULES)
    doc = json_doc.estimate(report)
    for end in ("low", "high"):
        total = doc["baseline"][end] + sum(a[end] for a in doc["adjustments"])
        assert abs(total - doc["years"][end]) < 1e-9
        assert doc["years"][end] == pytest.approx(float(getattr(report.estimate.years, end)))
    assert [a["id"] for a in doc["adjustments"]] == [a.id for a in report.estimate.adjustments]
    assert doc["profile"]["path"] == report.estimate.profile.path
    assert doc["months"] == dict(zip(("low", "high"), report.estimate.months, strict=True))


@SETTINGS
@given(profiles, experience, experience)
def test_more_experience_is_never_longer(profile: Profile, a: Decimal, b: Decimal) -> None:
    less, more = sorted((a, b))
    slow = estimate(profile._replace(experience_years=less), RULES)
    fast = estimate(profile._replace(experience_years=more), RULES)
    assert not_longer(fast, slow)


@SETTINGS
@given(profiles)
def test_better_degree_is_never_longer(profile: Profile) -> None:
    by_degree = {d: estimate(profile._replace(degree=d), RULES) for d in DEGREES}
    assert ends(by_degree["mba"]) == ends(by_degree["master"])
    for better, worse in pairwise(DEGREE_ORDER):
        assert not_longer(by_degree[better], by_degree[worse]), (better, worse)


@SETTINGS
@given(profiles, st.sampled_from(CERTIFICATIONS))
def test_an_added_certification_is_never_longer(profile: Profile, cert: str) -> None:
    without = tuple(c for c in profile.certifications if c != cert)
    before = estimate(profile._replace(certifications=without), RULES)
    after = estimate(profile._replace(certifications=(*without, cert)), RULES)
    assert not_longer(after, before)


@SETTINGS
@given(profiles, hours, hours)
def test_more_hours_are_never_longer(profile: Profile, a: Decimal, b: Decimal) -> None:
    fewer, more = sorted((a, b))
    slow = estimate(profile._replace(hours_per_week=fewer), RULES)
    fast = estimate(profile._replace(hours_per_week=more), RULES)
    assert not_longer(fast, slow)


@SETTINGS
@given(profiles, st.sampled_from(CERTIFICATIONS), hours, experience)
def test_the_automatic_path_keeps_every_never_longer(
    profile: Profile, cert: str, more_hours: Decimal, more_years: Decimal
) -> None:
    # The same invariants for the fastest path, where years served can reach the floor.
    def auto(who: Profile) -> Estimate:
        return choose_path(who, RULES)[0]

    now = auto(profile)
    for better, worse in pairwise(DEGREE_ORDER):
        assert not_longer(
            auto(profile._replace(degree=better)), auto(profile._replace(degree=worse))
        )
    held = tuple(dict.fromkeys((*profile.certifications, cert)))
    assert not_longer(auto(profile._replace(certifications=held)), now)
    if more_hours >= profile.hours_per_week:
        assert not_longer(auto(profile._replace(hours_per_week=more_hours)), now)
    if more_years >= profile.experience_years:
        assert not_longer(auto(profile._replace(experience_years=more_years)), now)


@pytest.mark.parametrize("background", ADJACENT)
def test_reference_profile_gets_exactly_the_baseline(background: str) -> None:
    profile = Profile("bachelor", background, Decimal(0), "standard", (), Decimal(5), ())
    e = estimate(profile, RULES)
    assert e.years == BASELINE
    assert e.months == (36, 72)
    assert all(a.effect == Range(Decimal(0), Decimal(0)) for a in e.adjustments)


def test_the_rules_reference_person_gets_the_baseline() -> None:
    assert estimate(RULES.reference, RULES).years == RULES.baseline.effect == BASELINE


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("background", ["unrelated", "none"])
def test_no_degree_and_an_unrelated_start_is_longer_than_the_reference(
    background: str, path: str
) -> None:
    # The reference person's other values, on any path.
    outsider = Profile("none", background, Decimal(0), path, (), Decimal(5), ())
    e = estimate(outsider, RULES)
    assert e.years.low > BASELINE.low
    assert e.years.high > BASELINE.high


@SETTINGS
@given(profiles, st.sampled_from(("unrelated", "none")))
def test_no_degree_and_an_unrelated_start_is_longer_than_a_relevant_one(
    profile: Profile, background: str
) -> None:
    # Whatever else is true of the person, swapping in the reference degree and background
    # shortens both ends. (Against the fixed 3-6 this need not hold: an outsider with five
    # certificates, 12 hours a week and the education path reaches exactly 3 at the low end.)
    outsider = estimate(profile._replace(degree="none", background=background), RULES)
    insider = estimate(profile._replace(degree="bachelor", background="project-management"), RULES)
    assert outsider.years.low > insider.years.low
    assert outsider.years.high > insider.years.high


@SETTINGS
@given(profiles)
def test_choose_path_keeps_the_fastest(profile: Profile) -> None:
    every = [estimate(profile._replace(path=p), RULES) for p in PATHS]
    best, choice = choose_path(profile, RULES)
    key = min((e.years.high, e.years.low) for e in every)
    assert (best.years.high, best.years.low) == key
    first = next(e for e in every if (e.years.high, e.years.low) == key)
    assert best == first  # ties go to the earlier path
    assert choice.automatic is True
    # The reason names the standard path's figures whenever another path wins.
    assert (best.profile.path == "standard") == ("no other path" in choice.reason)
    assert choice.reason.strip()


@SETTINGS
@given(profiles)
def test_compare_paths_is_sorted_and_complete(profile: Profile) -> None:
    ranked = compare_paths(profile, RULES)
    assert sorted(e.profile.path for e in ranked) == sorted(PATHS)
    assert len(ranked) == len(PATHS)
    keys = [(e.years.high, e.years.low) for e in ranked]
    assert keys == sorted(keys)
    for e in ranked:
        assert e == estimate(profile._replace(path=e.profile.path), RULES)
    assert ends(ranked[0]) == ends(choose_path(profile, RULES)[0])


@SETTINGS
@given(profiles)
def test_adjustments_are_unique_explained_and_sourced(profile: Profile) -> None:
    e = estimate(profile, RULES)
    ids = [a.id for a in e.adjustments]
    assert len(ids) == len(set(ids))
    for a in e.adjustments:
        assert a.reason.strip(), a.id
        assert a.label.strip(), a.id
        assert a.sources, a.id
        assert set(a.sources) <= FACT_IDS, (a.id, set(a.sources) - FACT_IDS)


@SETTINGS
@given(profiles)
def test_months_round_half_up(profile: Profile) -> None:
    e = estimate(profile, RULES)
    low, high = e.months
    assert low == half_up(e.years.low * 12)
    assert high == half_up(e.years.high * 12)
    assert 0 < low <= high


@pytest.mark.parametrize(
    ("years", "months"),
    [("2.04", 24), ("2.05", 25), ("0.5", 6), ("3.0416", 36), ("3.0417", 37), ("1.125", 14)],
)
def test_months_rounding_examples(years: str, months: int) -> None:
    profile = Profile("bachelor", "project-management", Decimal(0), "standard", (), Decimal(5), ())
    e = Estimate(profile, BASELINE, (), Range(Decimal(years), Decimal(years)))
    assert e.months == (months, months)


@SETTINGS
@given(profiles)
def test_estimate_is_pure(profile: Profile) -> None:
    snapshot = profile._replace()
    first = estimate(profile, RULES)
    second = estimate(profile, RULES)
    assert first == second
    assert profile == snapshot
    assert first.profile == profile
    assert choose_path(profile, RULES) == choose_path(profile, RULES)
