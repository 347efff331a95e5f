"""Time passes: years a person keeps serving in their background count, day by day.

A profile's ``experience_years`` was true on ``experience_on`` (saved as the day it was
typed). While the person stays in that background (``in_background`` yes, the default), the
experience counted on a later day is the figure plus the time since, to hundredths of a year;
a person who has left (``in_background`` no) keeps the figure as given. A day before
``experience_on`` adds nothing (never less). One pure function does it, :func:`served`; the
estimate, the plan and the batch apply it with the command's today.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pomplan.fields import EXPERIENCE_RANGE, plain, rounded
from pomplan.model import Assumption, Given

YEAR_DAYS = Decimal("365.25")  # a year of the calendar, leap days averaged in
LEFT = "no"  # in_background: the person has left that background


def since(on: date, today: date) -> Decimal:
    """Years from ``on`` to ``today``, to hundredths; 0 if ``today`` is not after ``on``."""
    return rounded(Decimal(max((today - on).days, 0)) / YEAR_DAYS)


def served(given: Given, today: date) -> Given:
    """``given`` as of ``today``: the years served since ``experience_on`` added while the
    person stays in their background (the day moves to ``today``, so the figure and its day
    agree); otherwise ``given`` unchanged. Capped at the most years a figure may be."""
    years, on = given.experience_years, given.experience_on
    if years is None or on is None or given.in_background == LEFT or today <= on:
        return given
    grown = min(rounded(years + since(on, today)), EXPERIENCE_RANGE[1])
    return given._replace(experience_years=grown, experience_on=today)


def note(given: Given, today: date) -> Assumption | None:
    """The line that says how experience was counted on ``today``, if a day was given."""
    years, on = given.experience_years, given.experience_on
    if years is None or on is None or today <= on:
        return None
    figure = f"{_years(years)} on {on.isoformat()}"
    if given.in_background == LEFT:
        why = "you have left that background, so no time is added"
        return Assumption("experience_years", plain(years), f"{figure}; {why}")
    grown = served(given, today).experience_years
    assert grown is not None
    value = plain(grown)
    why = "you are still in that background, so the time since counts"
    how = "if you have left it, say --in-background no"
    return Assumption(
        "experience_years", value, f"{figure}, {_years(grown)} by {today}: {why}; {how}"
    )


def _years(n: Decimal) -> str:
    return f"{plain(n)} year" + ("" if n == 1 else "s")


def dated(layers: Sequence[Given]) -> date | None:
    """The day of the experience figure across layers (flags, environment, saved profile): it
    comes from the first layer that gives the figure or its day, as a figure given without a
    day is true today, whatever day a lower layer saved for another figure."""
    for layer in layers:
        if layer.experience_years is not None or layer.experience_on is not None:
            return layer.experience_on
    return None


def dated_today(values: Given, typed: Given, today: date, before: Given | None = None) -> Given:
    """``values`` to save, where ``typed`` is what the person typed: a figure typed without
    its day is true ``today`` (the wizard passes ``before``, the saved values: a figure kept
    as it was saved keeps its day)."""
    if typed.experience_years is None or typed.experience_on is not None:
        return values
    if before is not None and before.experience_years == typed.experience_years:
        return values._replace(experience_on=before.experience_on)
    return values._replace(experience_on=today)
