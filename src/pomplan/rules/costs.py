"""What a what-if change costs: the time it takes to get what the change assumes you have.

A scenario of ``pomplan estimate --what-if`` is the person with a degree, a certificate, more
years or another role already in hand. Getting there takes time: study at the person's own
hours a week (never faster than a programme's calendar allows), the years themselves, a move
into the role. The figures are the ``[costs]`` section of a rules file (pomplan's judgement,
each with its reason); :func:`cost` compares the profile before and after a change. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from pomplan import fields
from pomplan.datafile import Reader
from pomplan.model import Profile
from pomplan.record import Record
from pomplan.rules.base import cites, reason

# A month is 52/12 weeks: hours / hours a week = weeks; weeks * 12 / 52 = months.
WEEKS_PER_YEAR, MONTHS_PER_YEAR = Decimal(52), Decimal(12)
HOURS = (Decimal(0), Decimal(100_000))  # study hours: a bachelor's is about 5,000
MONTHS = (Decimal(0), Decimal(600))  # calendar months: 50 years is more than any change


class Effort(Record):
    """What getting one thing takes: study ``hours`` and calendar ``months`` (a minimum for
    study; the time itself for a move; per year for experience), each (low, high)."""

    hours: tuple[Decimal, Decimal]
    months: tuple[Decimal, Decimal]
    reason: str
    sources: tuple[str, ...]
    level: int = 0  # degrees only


class Costs(Record):
    """The ``[costs]`` section of a rules file."""

    degrees: Mapping[str, Effort]
    certifications: Mapping[str, Effort]
    experience: Effort  # months per year gained
    background: Effort  # months to move into another role
    free_backgrounds: tuple[str, ...]


class Item(Record):
    """One thing a change costs: ``what`` (``degree``, ``cert``, ``experience``,
    ``background``), the value it is about, whole months (low, high), and why."""

    what: str
    value: str
    months: tuple[int, int]
    reason: str
    sources: tuple[str, ...]


class Cost(Record):
    """What a change costs in all: whole months (low, high, never negative), one item per
    thing, the hours a week it adds (effort, not calendar time), and the pace it assumes."""

    months: tuple[int, int]
    items: tuple[Item, ...]
    more_hours: Decimal
    pace: Decimal


NO_COST = (0, 0)


# --- reading the [costs] section --------------------------------------------------------------


def _pair(r: Reader, stem: str, span: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    low, high = r.number(f"{stem}_low", span), r.number(f"{stem}_high", span)
    if high < low:
        raise r.fail(f"{stem}_high", f"must be at least {stem}_low ({low}), got {high}")
    return low, high


def _study(r: Reader, sources: tuple[str, ...], degree: bool) -> Effort:
    keys = ("hours_low", "hours_high", "min_months_low", "min_months_high", "reason", "sources")
    r.only(*keys, *(("level",) if degree else ()))
    hours = _pair(r, "hours", HOURS)
    zero = (Decimal(0), Decimal(0))
    minimum = _pair(r, "min_months", MONTHS) if r.has("min_months_low") or degree else zero
    level = r.integer("level") if degree else 0
    if not 0 <= level <= 10:
        raise r.fail("level", f"must be a whole number from 0 to 10, got {level}")
    own = cites(r) if r.has("sources") else sources
    return Effort(hours, minimum, reason(r), own, level)


def _table(
    r: Reader, key: str, names: tuple[str, ...], sources: tuple[str, ...]
) -> dict[str, Effort]:
    t = r.sub(key)
    t.only(*names)
    return {name: _study(t.sub(name), sources, key == "degree") for name in names}


def parse_costs(r: Reader) -> Costs:
    """The ``[costs]`` table, every degree and certification priced (a missing one would be
    free by mistake)."""
    r.only("sources", "degree", "certifications", "experience", "background")
    sources = cites(r)
    degrees = _table(r, "degree", fields.DEGREES, sources)
    certs = _table(r, "certifications", fields.CERTIFICATIONS, sources)

    e = r.sub("experience")
    e.only("months_per_year_low", "months_per_year_high", "reason", "sources")
    per_year = _pair(e, "months_per_year", MONTHS)
    experience = Effort(
        (Decimal(0),) * 2, per_year, reason(e), cites(e) if e.has("sources") else sources
    )

    b = r.sub("background")
    b.only("months_low", "months_high", "free", "reason", "sources")
    move = _pair(b, "months", MONTHS)
    free = b.texts("free", allowed=fields.BACKGROUNDS, empty_ok=True) if b.has("free") else ()
    background = Effort(
        (Decimal(0),) * 2, move, reason(b), cites(b) if b.has("sources") else sources
    )
    return Costs(degrees, certs, experience, background, free)


@cache
def shipped_costs() -> Costs:
    """The ``[costs]`` pomplan ships: what a rules file without its own section uses."""
    from pomplan import datafile
    from pomplan.rules.load import RULES_FILE

    doc, label = datafile.load_shipped(RULES_FILE)
    return parse_costs(Reader(doc, label).sub("costs", "[costs]"))


# --- what a change costs ----------------------------------------------------------------------


def _whole(months: Decimal) -> int:
    """Whole months, a part of a month counted as one (a cost is never rounded away)."""
    return max(0, math.ceil(months))


def _study_months(effort: Effort, pace: Decimal) -> tuple[int, int]:
    """Months of study at ``pace`` hours a week, never under the calendar minimum."""
    per_hour = MONTHS_PER_YEAR / WEEKS_PER_YEAR / pace
    return (
        _whole(max(effort.hours[0] * per_hour, effort.months[0])),
        _whole(max(effort.hours[1] * per_hour, effort.months[1])),
    )


def _item(what: str, value: str, months: tuple[int, int], effort: Effort) -> Item:
    return Item(what, value, months, effort.reason, effort.sources)


def _items(before: Profile, after: Profile, costs: Costs) -> list[Item]:
    pace = after.hours_per_week
    items = []
    if after.degree != before.degree:
        target = costs.degrees[after.degree]
        if target.level >= costs.degrees[before.degree].level:
            items.append(_item("degree", after.degree, _study_months(target, pace), target))
    for cert in after.certifications:
        if cert not in before.certifications:
            effort = costs.certifications[cert]
            items.append(_item("cert", cert, _study_months(effort, pace), effort))
    more_years = after.experience_years - before.experience_years
    if more_years > 0:
        per_year = costs.experience.months
        months = (_whole(more_years * per_year[0]), _whole(more_years * per_year[1]))
        items.append(_item("experience", fields.plain(more_years), months, costs.experience))
    if after.background != before.background and after.background not in costs.free_backgrounds:
        move = costs.background.months
        months = (_whole(move[0]), _whole(move[1]))
        items.append(_item("background", after.background, months, costs.background))
    return items


def cost(before: Profile, after: Profile, costs: Costs) -> Cost:
    """What it takes to go from ``before`` to ``after``: the items' months added up (they are
    done one after another, at ``after``'s hours a week), and the extra hours a week."""
    items = tuple(i for i in _items(before, after, costs) if i.months != NO_COST)
    low = sum(i.months[0] for i in items)
    high = sum(i.months[1] for i in items)
    more_hours = max(Decimal(0), after.hours_per_week - before.hours_per_week)
    return Cost((low, high), items, more_hours, after.hours_per_week)
