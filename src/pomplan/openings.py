"""The first milestones of a fresh plan, cached for a batch of many people.

:func:`pomplan.planner.opening` is asked once per row of ``estimate --input``, and nearly every
row is a new profile. What picks and covers milestones (``Condition.applies``, ``Cover.holds``)
is an "and" over fields, so each value of a field stands for the parts it passes, as bits (one
per condition, one per record a milestone asks for or is covered by), worked out once with those
methods on the field alone (``only``). The bits of a row's fields and its strong skills decide
its milestones, which ``planner._scheduled`` then gives once per such key. The order of a fresh
plan depends only on the layout's length in days: whole-day sums (:func:`pomplan.layout.ends`)
over the first few windows of each row, not a layout in dates. tests/test_opening_cache.py
checks all this against the uncached path.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, cast

from pomplan import content, layout, skills
from pomplan.layout import MIN_DAYS
from pomplan.model import COVER_READS, MilestoneSpec, Phase, Profile, Range

# Entries a cache holds before it starts afresh: memory stays flat in a long batch (a million
# rows take no more than ten thousand; benchmarks/batch.py measures both). pomplan's judgement:
# as many as the batch's other caches of sums hold (json_lines.SUMS); the keys that would need
# more are ones that rarely repeat, so a bigger cache buys little.
LIMIT = 4096
SPANS = 256  # spans of days kept for one set of milestones (a few dozen in practice)

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
        self.scheduled_of = planner._scheduled
        self.first_actions = planner.first_actions
        phases, specs = catalogue
        items: list[Phase | MilestoneSpec] = [*phases, *specs]
        conditions = [x.condition for x in items]
        covers = [c for s in specs for c in (s.only_if, s.covered_if) if c]
        leaves = list(dict.fromkeys(leaf for c in covers for leaf in c.leaves()))
        # One bit for each condition, then one for each record a milestone asks for or is
        # covered by (without any_of): a value's mask has the bits of those its own part passes.
        self.width = len(conditions)
        # The profile field behind each key the conditions read (none: the key reads None).
        named = planner._values(cast(Profile, _Names()))
        keys = dict.fromkeys(k for c in conditions for k in (*c.when, *c.unless))
        parts: dict[str, list[Any]] = {}
        for key in keys:
            checks = [c.only(key) for c in conditions]
            if key in named:
                parts.setdefault(cast(str, named[key]), []).append((key, checks))
        self.constant = -1
        for key in keys:
            if key not in named:
                self.constant &= _bits(c.only(key).applies({}) for c in conditions)
        for name, read in COVER_READS.items():
            parts.setdefault(read, []).append((None, [leaf.only(name) for leaf in leaves]))
        self.parts = parts
        self.masks: dict[str, dict[Any, int]] = {read: {} for read in parts}
        self.reads = tuple(self.masks.items())
        # For each record a milestone asks for or is covered by: the milestone's bit among the
        # conditions, its records' bits, and the record's own bit.
        self.records = [
            (len(phases) + i, _bits(leaf in c.leaves() for leaf in leaves) << self.width, 2 * i + j)
            for i, s in enumerate(specs)
            for j, c in enumerate((s.only_if, s.covered_if))
            if c
        ]
        self.deciding: dict[int, int] = {}
        self.scheduled: dict[Any, Scheduled] = {}
        self.ordered: dict[Any, tuple[MilestoneSpec, ...]] = {}
        self.first: dict[Any, tuple[MilestoneSpec, ...]] = {}
        self.days: dict[Range, int] = {}
        self.spans: dict[Any, _Spans] = {}
        self.same: dict[tuple[str, ...], tuple[MilestoneSpec, ...]] = {}

    def mask(self, read: str, profile: Profile) -> int:
        """The bits of the parts that the value of ``profile``'s field ``read`` passes."""
        value = getattr(profile, read)
        known = self.masks[read].get(value)
        if known is None:
            known = -1
            for key, checks in self.parts[read]:
                if key is None:  # records: each reads this field alone
                    passed = _bits(leaf.holds(profile) for leaf in checks) << self.width
                    known &= passed | ((1 << self.width) - 1)
                else:
                    passed = _bits(c.applies({key: value}) for c in checks)
                    known &= passed | ~((1 << self.width) - 1)
            _store(self.masks[read], value, known)
        return known

    def decide(self, passed: int) -> int:
        """Which records hold, of the milestones whose conditions apply (one bit each)."""
        known = self.deciding.get(passed)
        if known is None:
            known = 0
            for item, leaves, bit in self.records:
                if passed >> item & 1 and passed & leaves:
                    known |= 1 << bit
            _store(self.deciding, passed, known)
        return known

    def opening(self, profile: Profile, years: Range, count: int) -> tuple[MilestoneSpec, ...]:
        days = self.days.get(years)
        if days is None:
            days = layout.length((years.low + years.high) / 2, 0, 0)
            _store(self.days, years, days)
        passed = self.constant
        for read, masks in self.reads:
            known = masks.get(getattr(profile, read))
            passed &= self.mask(read, profile) if known is None else known
        key = (passed, days, count, profile.skills)
        found = self.first.get(key)
        if found is None:
            strong = tuple(sorted(skills.strong(profile.skills))) if profile.skills else ()
            alike = (passed & ((1 << self.width) - 1), self.decide(passed), strong)
            if profile.skills:
                found = self.ordered.get((alike, days, count, profile.skills))
                if found is None:
                    found = self._first(alike, profile, days, count)
                    _store(self.ordered, (alike, days, count, profile.skills), found)
            else:
                found = self._unrated(alike, profile, days, count)
            _store(self.first, key, found)
        return found

    def _unrated(
        self, alike: Any, profile: Profile, days: int, count: int
    ) -> tuple[MilestoneSpec, ...]:
        """The opening of a profile without skills rated, from the spans of days over which
        it stays the same (:class:`_Spans`) for its milestones."""
        scheduled = self.scheduled.get(alike)
        if scheduled is None:
            scheduled = self._scheduled(profile)
            _store(self.scheduled, alike, scheduled)
        specs, _, weights, places = scheduled
        days = max(days, MIN_DAYS * max(len(weights[0]), len(weights[1])))
        spans = self.spans.get((alike, count))
        if spans is None:
            spans = _Spans()
            _store(self.spans, (alike, count), spans)
        found = spans.get(days)
        if found is None:
            found = self.ordered.get((alike, days, count, ()))
        if found is None:
            rows = [
                list(zip(layout.ends(row, days, count), at, strict=False)) if row else []
                for row, at in zip(weights, places, strict=True)
            ]
            found = tuple(specs[place] for _, place in sorted(rows[0] + rows[1])[:count])
            # One tuple for each opening: those who write it out can key on the tuple itself.
            ids = tuple(s.id for s in found)
            same = self.same.get(ids)
            if same is None:
                _store(self.same, ids, found)
            else:
                found = same
            signs = _signs(rows[0], rows[1])
            if signs is None:  # two windows end within a day of each other: this day alone
                _store(self.ordered, (alike, days, count, ()), found)
            else:
                spans.add(days, signs, found)
        return found

    def _first(
        self, alike: Any, profile: Profile, days: int, count: int
    ) -> tuple[MilestoneSpec, ...]:
        scheduled = self.scheduled.get(alike)
        if scheduled is None:
            scheduled = self._scheduled(profile)
            _store(self.scheduled, alike, scheduled)
        # Without skills rated, the next actions are the first of the plan's order as it is
        # (planner.first_actions), and those come from the first few of each row.
        ordered = _ordered(scheduled, days, None if profile.skills else count)
        ids = self.first_actions(ordered, set(scheduled[1]), profile.skills, count)
        by_id = {s.id: s for s in ordered}
        return tuple(by_id[i] for i in ids)

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


def _signs(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> tuple[bool, ...] | None:
    """Which of each window of the first row and each of the second ends later, when each
    pair's ends are at least 2 days apart; None otherwise."""
    signs = []
    for end, _ in first:
        for other, _ in second:
            if -2 < end - other < 2:
                return None
            signs.append(end > other)
    return tuple(signs)


class _Spans:
    """The opening of one set of milestones (without skills rated) over spans of days.

    Each window's end is ``MIN_DAYS * k + floor(x)``, ``x`` linear in the days (layout.ends),
    so the difference ``f`` of two windows' ends (one of each row) is within 1 of a linear
    ``g``. Where ``f <= -2`` at two lengths, ``g < -1`` at both, so ``g < -1`` and ``f < 0``
    at every length between them (and the same for ``f >= 2``): when every pair of windows
    compares so at two lengths, the same way, the order of the windows, and so the opening,
    is the same over every length between. Each span is such a stretch, its two ends lengths
    where that was worked out; a length where two ends are within a day of each other gets no
    span (the caller keeps it by itself). tests/test_opening_cache.py checks every length.
    """

    __slots__ = ("found", "signs", "starts", "stops")

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.starts: list[int] = []
        self.stops: list[int] = []
        self.signs: list[tuple[bool, ...]] = []
        self.found: list[tuple[MilestoneSpec, ...]] = []

    def get(self, days: int) -> tuple[MilestoneSpec, ...] | None:
        at = bisect_right(self.starts, days) - 1
        if at >= 0 and days <= self.stops[at]:
            return self.found[at]
        return None

    def add(self, days: int, signs: tuple[bool, ...], found: tuple[MilestoneSpec, ...]) -> None:
        """``found`` at ``days``, where the windows compare as ``signs`` say (no span holds
        ``days``): a span next to it that compares the same way grows to take it in."""
        if len(self.starts) >= SPANS:
            self.clear()
        at = bisect_right(self.starts, days)  # the spans from here on start after ``days``
        before = at > 0 and self.signs[at - 1] == signs
        after = at < len(self.starts) and self.signs[at] == signs
        if before and after:
            self.stops[at - 1] = self.stops[at]
            del self.starts[at], self.stops[at], self.signs[at], self.found[at]
        elif before:
            self.stops[at - 1] = days
        elif after:
            self.starts[at] = days
        else:
            self.starts.insert(at, days)
            self.stops.insert(at, days)
            self.signs.insert(at, signs)
            self.found.insert(at, found)


class _Names:
    """Stands for a profile whose every field holds its own name."""

    def __getattr__(self, name: str) -> str:
        return name


def _bits(passes: Iterable[bool]) -> int:
    return sum(1 << bit for bit, passed in enumerate(passes) if passed)


def _store(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= LIMIT:
        cache.clear()
    cache[key] = value


def _ordered(scheduled: Scheduled, days: int, limit: int | None = None) -> list[MilestoneSpec]:
    """The milestones of a fresh plan over ``days`` in its order (as ``planner._in_order``
    gives it: by the end of their window, ties in the shipped order); with ``limit``, the
    first ``limit`` (each row's windows end later one after another, so they are among the
    first ``limit`` of each row)."""
    specs, _, weights, places = scheduled
    days = max(days, MIN_DAYS * max(len(weights[0]), len(weights[1])))
    ends = [
        (end, place)
        for row, at in zip(weights, places, strict=True)
        if row
        for end, place in zip(layout.ends(row, days, limit), at, strict=False)
    ]
    ends.sort()
    return [specs[place] for _, place in ends[:limit]]


_current: list[Openings] = []


def opening(profile: Profile, years: Range, count: int) -> tuple[MilestoneSpec, ...]:
    """:func:`pomplan.planner.opening`, from the caches."""
    catalogue = content.plan_catalogue()
    if not _current or _current[0].catalogue is not catalogue:  # tests swap the catalogue
        _current[:] = [Openings(catalogue)]
    return _current[0].opening(profile, years, count)
