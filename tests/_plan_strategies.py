"""Hypothesis strategies shared by the effort, covered and plan-over-time tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st

from pomplan import content, planner
from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATH_CHOICES, Plan
from pomplan.report import Given, build_report
from pomplan.rules import load_rules

RULES = load_rules()
SETTINGS = settings(max_examples=120, deadline=None)
ALL_IDS = content.milestone_ids()

experience = st.one_of(
    st.sampled_from([Decimal(v) for v in ("0", "0.5", "1", "2", "3", "8", "50")]),
    st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False),
)
hours = st.one_of(
    st.sampled_from([Decimal(v) for v in ("1", "5", "8", "20", "80")]),
    st.decimals(min_value=1, max_value=80, places=2, allow_nan=False, allow_infinity=False),
)
givens = st.builds(
    Given,
    degree=st.sampled_from(DEGREES),
    background=st.sampled_from(BACKGROUNDS),
    experience_years=experience,
    path=st.sampled_from(PATH_CHOICES),
    certifications=st.lists(st.sampled_from(CERTIFICATIONS), unique=True).map(tuple),
    hours_per_week=hours,
)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2045, 12, 31))
starts = st.dates(min_value=date(2018, 1, 1), max_value=date(2035, 12, 31))
done_maps = st.dictionaries(st.sampled_from(ALL_IDS), days, max_size=len(ALL_IDS))


def make(wanted: Given, start: date, done: dict[str, date], today: date) -> Plan:
    return planner.build(build_report(wanted, RULES), "someone", start, done, today)
