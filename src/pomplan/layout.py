"""Dates for a plan's milestones: windows in proportion to effort, due days on weekdays. Pure.

The rules (``docs/model.md``, "Dates"): the milestones of the sequential phases follow one
another from the first day to the last, and those of the alongside phases do the same over the
whole plan. Every window gets at least :data:`MIN_DAYS` days; the days left over are shared in
proportion to each milestone's effort (the middle of its hours range). A due day that falls on a
Saturday or a Sunday moves to the Friday before, which the minimum keeps inside the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from pomplan.model import MilestoneSpec

DAYS_PER_YEAR = Decimal("365.25")
MIN_DAYS = 3  # the shortest window: long enough to hold a weekday before any weekend due day

Window = tuple[date, date]  # from the day work starts to the day the window ends


def days_in(years: Decimal) -> int:
    """Whole days in ``years``, rounding half up."""
    return int((years * DAYS_PER_YEAR).to_integral_value(ROUND_HALF_UP))


def add_years(start: date, years: Decimal) -> date:
    return start + timedelta(days=days_in(years))


def weekday(end: date) -> date:
    """The due day for a window ending on ``end``: a Saturday or Sunday moves to the Friday
    before (a window of :data:`MIN_DAYS` days or more still holds that Friday)."""
    return end - timedelta(days=max(end.weekday() - 4, 0))


def ends(weights: Sequence[int], days: int, limit: int | None = None) -> list[int]:
    """The day each of consecutive windows over ``days`` days ends on, counted from the first
    day, one per weight: :data:`MIN_DAYS` days each, and the days left over shared in
    proportion to the weights (rounded half up at each edge, so that the windows meet and the
    last one ends on the last day). With ``limit``, only the first ``limit`` windows."""
    total = sum(weights)
    spare = days - MIN_DAYS * len(weights)
    if spare < 0 or total <= 0:
        raise ValueError("too few days for the windows")
    result, running = [], 0
    for index, weight in enumerate(weights[:limit], start=1):
        running += weight
        result.append(MIN_DAYS * index + (2 * spare * running + total) // (2 * total))
    return result


def windows(weights: Sequence[int], first: date, last: date) -> list[Window]:
    """Consecutive windows from ``first`` to ``last``, one per weight (:func:`ends`)."""
    offsets = ends(weights, (last - first).days)
    return list(pairwise([first, *(first + timedelta(days=d) for d in offsets)]))


def length(years: Decimal, sequential: int, alongside: int) -> int:
    """Days for a layout over ``years`` with that many milestones in a row: at least
    :data:`MIN_DAYS` for each of the longer row, and one day in any case."""
    return max(days_in(years), MIN_DAYS * max(sequential, alongside), 1)


def lay_out(
    specs: Sequence[MilestoneSpec], alongside: set[str], first: date, last: date
) -> dict[str, Window]:
    """Each milestone's window: the sequential ones in a row from ``first`` to ``last``, the
    ones of the ``alongside`` phases in a row of their own over the same days."""
    result: dict[str, Window] = {}
    for row in rows(specs, alongside):
        if row:
            spans = windows([s.effort.weight for s in row], first, last)
            result.update(zip((s.id for s in row), spans, strict=True))
    return result


def rows(
    specs: Sequence[MilestoneSpec], alongside: set[str] | frozenset[str]
) -> tuple[list[MilestoneSpec], list[MilestoneSpec]]:
    """``specs`` in their two rows: those of the sequential phases, those of ``alongside``."""
    return [s for s in specs if s.phase not in alongside], [
        s for s in specs if s.phase in alongside
    ]
