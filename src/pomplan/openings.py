"""The first milestones of a fresh plan, cached for a batch of many people.

:func:`pomplan.planner.opening` is asked once per row of ``estimate --input``. What picks and
covers milestones reads a few fields, and only whether each value is in a list (``Condition``
``when``/``unless``, ``Cover``), the years against a few thresholds, and which skills are rated
strong. So each value stands for the lists it is in (a bit mask), the years for the highest
threshold they reach: profiles alike in all of these get the same milestones, computed once
with the planner's own functions. The order of a fresh plan then depends only on the layout's
length in days, and costs a few sums over whole days (:func:`pomplan.layout.ends`), not a
layout in dates. tests/test_opening_cache.py checks this against the uncached path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pomplan import content, layout, skills
from pomplan.layout import MIN_DAYS
from pomplan.model import COVER_READS, MilestoneSpec, Phase, Profile, Range

LIMIT = 65536  # entries a cache holds before it starts afresh: bounded memory in a long batch

Scheduled = tuple[
    tuple[MilestoneSpec, ...],  # the milestones to date, in the shipped order
    frozenset[str],  # the alongside phases
    tuple[tuple[int, ...], tuple[int, ...]],  # each row's weights
    tuple[tuple[int, ...], tuple[int, ...]],  # each row's places among the milestones to date
]


class Openings:
    """The caches for one plan catalogue."""

    def __init__(self, catalogue: tuple[tuple[Phase, ...], tuple[MilestoneSpec, ...]]) -> None:
        from pomplan import planner  # it imports this module

        self.catalogue = catalogue
        self.values = planner._values  # what the conditions read
        self.scheduled_of = planner._scheduled
        self.first_actions = planner.first_actions
        phases, specs = catalogue
        conditions = [x.condition for x in (*phases, *specs)]
        keys = dict.fromkeys(k for c in conditions for k in (*c.when, *c.unless))
        # Each key's own part of every condition, and of every record a milestone asks for or
        # is covered by: a value's mask has a bit for each part it passes.
        self.conditions = {key: [c.only(key) for c in conditions] for key in keys}
        covers = [c for s in specs for c in (s.only_if, s.covered_if) if c]
        leaves = list(dict.fromkeys(leaf for c in covers for leaf in c.leaves()))
        self.covers = {
            name: (read, [leaf.only(name) for leaf in leaves]) for name, read in COVER_READS.items()
        }
        # For each record a milestone asks for or is covered by: the milestone's bit among the
        # conditions, its records' bits among the leaves, and the record's own bit.
        place = {leaf: bit for bit, leaf in enumerate(leaves)}
        self.records = [
            (len(phases) + i, _bits(leaf in c.leaves() for leaf in place), 2 * i + j)
            for i, s in enumerate(specs)
            for j, c in enumerate((s.only_if, s.covered_if))
            if c
        ]
        self.deciding: dict[tuple[int, int], int] = {}
        self.applying: dict[str, dict[Any, int]] = {key: {} for key in keys}
        self.holding: dict[str, dict[Any, int]] = {name: {} for name in COVER_READS}
        self.scheduled: dict[Any, Scheduled] = {}
        self.first: dict[Any, tuple[MilestoneSpec, ...]] = {}
        self.days: dict[Range, int] = {}

    def likeness(self, profile: Profile) -> tuple[Any, ...]:
        """What the milestones picked and covered for ``profile`` depend on: the conditions
        that apply, the records that hold (each one field at a time), the strong skills."""
        values = self.values(profile)
        applies = -1
        for key, parts in self.conditions.items():
            value = values.get(key)
            known = self.applying[key].get(value)
            if known is None:
                known = _bits(part.applies({key: value}) for part in parts)
                _store(self.applying[key], value, known)
            applies &= known
        holds = -1
        for name, (read, leaves) in self.covers.items():
            value = getattr(profile, read)
            known = self.holding[name].get(value)
            if known is None:
                known = _bits(leaf.holds(profile) for leaf in leaves)
                _store(self.holding[name], value, known)
            holds &= known
        strong = tuple(sorted(skills.strong(profile.skills))) if profile.skills else ()
        return applies, self.decide(applies, holds), strong

    def decide(self, applies: int, holds: int) -> int:
        """Which records hold, of the milestones whose conditions apply (one bit each)."""
        known = self.deciding.get((applies, holds))
        if known is None:
            known = 0
            for item, leaves, bit in self.records:
                if applies >> item & 1 and holds & leaves:
                    known |= 1 << bit
            _store(self.deciding, (applies, holds), known)
        return known

    def opening(self, profile: Profile, years: Range, count: int) -> tuple[MilestoneSpec, ...]:
        days = self.days.get(years)
        if days is None:
            days = layout.length((years.low + years.high) / 2, 0, 0)
            _store(self.days, years, days)
        alike = self.likeness(profile)
        key = (alike, days, count, profile.skills)
        found = self.first.get(key)
        if found is None:
            scheduled = self.scheduled.get(alike)
            if scheduled is None:
                scheduled = self._scheduled(profile)
                _store(self.scheduled, alike, scheduled)
            ordered = _ordered(scheduled, days)
            ids = self.first_actions(ordered, set(scheduled[1]), profile.skills, count)
            by_id = {s.id: s for s in ordered}
            found = tuple(by_id[i] for i in ids)
            _store(self.first, key, found)
        return found

    def _scheduled(self, profile: Profile) -> Scheduled:
        specs, _, alongside = self.scheduled_of(profile)
        place = {s.id: i for i, s in enumerate(specs)}
        rows = layout.rows(specs, alongside)
        return (
            tuple(specs),
            frozenset(alongside),
            (tuple(s.effort.weight for s in rows[0]), tuple(s.effort.weight for s in rows[1])),
            (tuple(place[s.id] for s in rows[0]), tuple(place[s.id] for s in rows[1])),
        )


def _bits(passes: Iterable[bool]) -> int:
    return sum(1 << bit for bit, passed in enumerate(passes) if passed)


def _store(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= LIMIT:
        cache.clear()
    cache[key] = value


def _ordered(scheduled: Scheduled, days: int) -> list[MilestoneSpec]:
    """The milestones of a fresh plan over ``days`` in its order (as ``planner._in_order``
    gives it: by the end of their window, ties in the shipped order)."""
    specs, _, weights, places = scheduled
    days = max(days, MIN_DAYS * max(len(weights[0]), len(weights[1])))
    ends = [
        (end, place)
        for row, at in zip(weights, places, strict=True)
        if row
        for end, place in zip(layout.ends(row, days), at, strict=True)
    ]
    ends.sort()
    return [specs[place] for _, place in ends]


_current: list[Openings] = []


def opening(profile: Profile, years: Range, count: int) -> tuple[MilestoneSpec, ...]:
    """:func:`pomplan.planner.opening`, from the caches."""
    catalogue = content.plan_catalogue()
    if not _current or _current[0].catalogue is not catalogue:  # tests swap the catalogue
        _current[:] = [Openings(catalogue)]
    return _current[0].opening(profile, years, count)
