"""Years served count against the baseline itself, down to the floor (issue 10, part A).

Properties over every profile (every path, and the automatic choice), the requirements of the
issue as examples, and the rules file's new keys.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan import datafile
from pomplan.errors import DataFileError
from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATHS, Estimate, Profile, Range
from pomplan.rules import choose_path, estimate, load_rules
from pomplan.rules.kinds import served_years

RULES = load_rules()
SETTINGS = settings(max_examples=300, deadline=None)
ADJACENT = ("project-management", "business-analysis", "product-management")
CHANGERS = ("unrelated", "none")

years = st.one_of(
    st.sampled_from([Decimal(v) for v in ("0", "0.5", "1", "2.5", "3", "4", "5", "8", "50")]),
    st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False),
)
hours = st.decimals(min_value=1, max_value=80, places=2, allow_nan=False, allow_infinity=False)
profiles = st.builds(
    Profile,
    degree=st.sampled_from(DEGREES),
    background=st.sampled_from(BACKGROUNDS),
    experience_years=years,
    path=st.sampled_from(PATHS),
    certifications=st.lists(st.sampled_from(CERTIFICATIONS), unique=True).map(tuple),
    hours_per_week=hours,
)


def line(e: Estimate, ident: str = "experience") -> Range:
    return next(a.effect for a in e.adjustments if a.id == ident)


def not_longer(shorter: Range, longer: Range) -> bool:
    return shorter.low <= longer.low and shorter.high <= longer.high


# --- properties -------------------------------------------------------------------------------


@SETTINGS
@given(profiles)
def test_low_never_above_high_and_the_breakdown_reconciles(profile: Profile) -> None:
    for e in (estimate(profile, RULES), choose_path(profile, RULES)[0]):
        assert 0 < e.years.low <= e.years.high
        total = e.baseline
        for a in e.adjustments:
            total = total.plus(a.effect)
        assert total == e.years  # exactly: baseline + lines == years


@SETTINGS
@given(profiles, years, years)
def test_more_experience_never_lengthens_either_end(
    profile: Profile, a: Decimal, b: Decimal
) -> None:
    less, more = sorted((a, b))
    fewer = profile._replace(experience_years=less)
    longer = profile._replace(experience_years=more)
    assert not_longer(estimate(longer, RULES).years, estimate(fewer, RULES).years)
    # The automatic path too: the fastest path's range never grows at either end.
    auto_fewer, auto_more = choose_path(fewer, RULES)[0], choose_path(longer, RULES)[0]
    assert not_longer(auto_more.years, auto_fewer.years)


@SETTINGS
@given(profiles)
def test_the_experience_line_only_shortens_and_never_past_the_floor(profile: Profile) -> None:
    shift = line(estimate(profile, RULES))
    base, floor = RULES.baseline.effect, RULES.floor.effect
    assert shift.low <= 0 and -shift.low <= base.low - floor.low
    assert -shift.high <= base.high - floor.high and shift.high <= 0


@SETTINGS
@given(profiles)
def test_the_range_never_goes_below_the_floor(profile: Profile) -> None:
    e = estimate(profile, RULES)
    assert not_longer(RULES.floor.effect, e.years)


@SETTINGS
@given(profiles, st.sampled_from(ADJACENT))
def test_a_year_elsewhere_never_counts_more_than_a_year_in_an_adjacent_role(
    profile: Profile, adjacent: str
) -> None:
    for background in BACKGROUNDS:
        here = served_years(RULES, background, profile.experience_years)
        there = served_years(RULES, adjacent, profile.experience_years)
        assert not_longer(here, there)


@SETTINGS
@given(profiles, st.sampled_from(CHANGERS))
def test_a_career_changer_still_has_years_ahead(profile: Profile, background: str) -> None:
    # Whatever else they bring, someone from an unrelated field (or none) is told years.
    who = profile._replace(background=background)
    for e in (estimate(who, RULES), choose_path(who, RULES)[0]):
        assert e.years.low >= 1 and e.years.high >= 3, e.years


@SETTINGS
@given(years)
def test_years_in_an_unrelated_field_count_for_a_year_at_most(served: Decimal) -> None:
    assert not_longer(served_years(RULES, "unrelated", served), Range(Decimal(1), Decimal(1)))
    assert served_years(RULES, "none", served) == Range(Decimal(0), Decimal(0))


# --- the examples of the issue -----------------------------------------------------------------


def test_the_reference_person_gets_exactly_the_baseline() -> None:
    e = estimate(RULES.reference, RULES)
    assert e.years == Range(Decimal(3), Decimal(6))
    assert line(e) == Range(Decimal(0), Decimal(0))
    assert choose_path(RULES.reference, RULES)[0].years == Range(Decimal(3), Decimal(6))


@pytest.mark.parametrize("background", ["product-management", *ADJACENT, "program-management"])
@pytest.mark.parametrize("degree", ["bachelor", "master", "mba"])
def test_an_experienced_adjacent_person_gets_months(background: str, degree: str) -> None:
    who = RULES.reference._replace(background=background, degree=degree)
    who = who._replace(experience_years=Decimal(8))
    for path in PATHS:
        e = estimate(who._replace(path=path), RULES)
        if path in ("standard", "project-management") or e.years.high <= Decimal("1.5"):
            continue
        # Only a path that does not suit the background may add to the floor.
        assert e.years.high <= Decimal(3), (path, e.years)
    best = choose_path(who, RULES)[0]
    assert best.years.high <= Decimal("1.5")


def test_a_product_manager_with_eight_years_on_the_command_line(run_json: Any) -> None:
    doc = run_json("estimate", "--background", "product-management", "--experience", "8")
    assert doc["years"]["high"] <= 1.5
    assert doc["months"]["high"] <= 18
    served = next(a for a in doc["adjustments"] if a["id"] == "experience")
    assert served["reason"].startswith("8 years in product-management: most of what the baseline")
    assert "what no record skips" in served["reason"]


def test_a_career_changer_on_the_command_line(run_json: Any) -> None:
    doc = run_json("estimate", "--background", "unrelated", "--experience", "12")
    assert doc["years"]["low"] >= 2 and doc["years"]["high"] >= 5
    served = next(a for a in doc["adjustments"] if a["id"] == "experience")
    assert served["low"] == served["high"] == -1
    assert "12 years in an unrelated field, each counted at 25%" in served["reason"]
    assert "1 year at most in all" in served["reason"]


@pytest.mark.parametrize(
    ("background", "served", "expected"),
    [
        ("project-management", "0", "No years in project-management yet"),
        ("project-management", "2", "2 of the baseline's 3-6 years are already behind you"),
        ("project-management", "1.5", "1.5 of the baseline's 3-6 years are already behind you"),
        ("project-management", "3", "2.5-3 of the baseline's 3-6 years are already behind"),
        ("project-management", "5", "what is left (0.5-1 years) is what no record skips"),
        ("data-analysis", "2", "each counted at 75%"),
        ("none", "4", "this time does not count towards the role"),
        ("unrelated", "4", "1 of the baseline's 3-6 years is already behind you"),
    ],
)
def test_each_line_says_what_the_years_cover(background: str, served: str, expected: str) -> None:
    who = RULES.reference._replace(background=background, experience_years=Decimal(served))
    reason = next(a.reason for a in estimate(who, RULES).adjustments if a.id == "experience")
    assert expected in reason
    assert RULES.tables["experience"].per_year.reason in reason  # the rule's own reason follows


def test_two_years_in_an_adjacent_role_take_two_years_off_each_end() -> None:
    who = RULES.reference._replace(experience_years=Decimal(2))
    assert estimate(who, RULES).years == Range(Decimal(1), Decimal(4))


# --- the rules file ----------------------------------------------------------------------------


def shipped_with(old: str, new: str, tmp_path: Path) -> Path:
    text = datafile.shipped("rules.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_cap_on_years_still_applies_when_a_rules_file_gives_one(tmp_path: Path) -> None:
    path = shipped_with("per_year_high = -1\n", "per_year_high = -1\ncap_years = 1\n", tmp_path)
    rules = load_rules(path)
    who = rules.reference._replace(experience_years=Decimal(8))
    assert estimate(who, rules).years == Range(Decimal(2), Decimal(5))


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("-1", "between 0 and 50"), ("51", "between 0 and 50"), ('"a"', "expected a number")],
)
def test_a_bad_experience_most_names_its_key(value: str, fragment: str, tmp_path: Path) -> None:
    path = shipped_with("experience_most = 1\n", f"experience_most = {value}\n", tmp_path)
    with pytest.raises(DataFileError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert "experience_most" in message and "unrelated" in message, message
    assert fragment in message, message


def test_a_rules_file_without_in_background_in_its_reference_still_loads(tmp_path: Path) -> None:
    path = shipped_with('in_background = "yes"\n', "", tmp_path)
    assert load_rules(path).reference.in_background == "yes"


def test_rules_json_lists_the_experience_rule(run_json: Any) -> None:
    doc = run_json("rules")
    rows = [r for r in doc["rules"] if r["group"] == "experience"]
    assert len(rows) == 1 and rows[0]["low"] == rows[0]["high"] == -1
    assert "down to the floor" in rows[0]["applies"]
    assert json.dumps(doc["reference"]).count("in_background") == 1
