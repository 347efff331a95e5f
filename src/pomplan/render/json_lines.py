"""The estimate document as one line of JSON text, put together from cached pieces.

This is for ``estimate --input``, where a cohort has many rows and few distinct values. It runs
the same engine as ``pomplan estimate``: each rule kind of the registry
(:data:`pomplan.rules.KINDS`) makes its lines with its own line function, and ``json_doc``
writes them, once per distinct value of the profile fields the kind reads. A row then costs a
few cache lookups, two additions per end of the range, and a join, instead of a full estimate
and a ``json.dumps`` of a 2 KB document.

The result reads back as exactly the document that ``json_doc.estimate(build_report(...))``
gives for the same values: tests/test_json_lines.py and tests/test_batch.py check this against
that slower path, row by row, over random profiles and rules files.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, partial
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from pomplan import openings, planner
from pomplan import rules as engine
from pomplan.batch_cells import CACHE_SIZE
from pomplan.fields import CHOICE, FIELDS, PATHS, Field, by_name
from pomplan.model import Adjustment, Given, Profile, Range, to_months
from pomplan.render import json_doc
from pomplan.report import CHOSEN, auto_assumption, filled_values, resolve

SIZE = CACHE_SIZE  # entries per cache keyed on a free-form value; the rest are bounded by the rules
# Entries of the caches keyed on the effects added up (the path choice, the floor): pomplan's
# judgement. The benchmark's 100,000 rows give about 3,300 such sums, which a cache of SIZE
# kept missing (two rows in three tried every path again); a few thousand small entries.
SUMS = 4 * CACHE_SIZE

Piece = tuple[Decimal, Decimal, str]  # a kind's lines: their effect added up (low, high),
# and their JSON text


class Solved(NamedTuple):
    """Everything a row's document says, worked out from the cached pieces."""

    values: list[Any]  # the profile's values, reference values filled in, the path chosen
    path: str
    automatic: bool
    years: Range
    lines: str  # the adjustments, as JSON text
    reason: str  # why the path was picked ("" when the person chose it)
    choice: str  # the path choice, as JSON text


def _groups(kinds: tuple[engine.Kind, ...]) -> list[tuple[engine.Kind, ...]]:
    """The kinds in order, those next to each other that read only fields with a fixed list
    of values (and not the path) put together: one cache lookup a row for the lot."""
    groups: list[tuple[engine.Kind, ...]] = []
    for kind in kinds:
        last = groups[-1] if groups else ()
        if last and _fixed(kind) and _fixed(last[-1]):
            groups[-1] = (*last, kind)
        else:
            groups.append((kind,))
    return groups


def _fixed(kind: engine.Kind) -> bool:
    return "path" not in kind.reads and _bounded(kind.reads)


def _bounded(reads: tuple[str, ...]) -> bool:
    """Whether the fields ``reads`` each have a fixed list of values (so a cache keyed on them
    has a bounded number of keys)."""
    return all(by_name(name).kind == CHOICE for name in reads)


_INDEX = {f.name: i for i, f in enumerate(FIELDS)}
_profile = partial(tuple.__new__, Profile)  # a row's values, in the table's order


def _getter(names: tuple[str, ...]) -> Callable[[Any], Any]:
    """The values of the fields ``names`` in a profile's values (a Profile, or a list in the
    table's order): one value, or a tuple of several."""
    return itemgetter(*[_INDEX[name] for name in names])


class _Part(NamedTuple):
    key: Callable[[Any], Any]  # the values of the fields the kinds read, from a profile
    piece: Callable[[Any], Piece]
    by_path: bool  # the kind reads the path: the automatic choice tries every path


class EstimateLines:
    """Estimate documents, as JSON text, for one set of rules."""

    def __init__(self, rules: engine.Rules) -> None:
        self.rules = rules
        encode = json_doc.encoder()
        self.encode: Callable[[Any], str] = encode
        self.baseline = rules.baseline.effect
        self.head = f'"schema_version":{json_doc.SCHEMA_VERSION},"profile":{{'
        self.chosen = encode({"automatic": CHOSEN.automatic, "reason": CHOSEN.reason})
        self.tail = f',"rules_file":{encode(rules.source)},"saved_profile":null}}'
        self.baseline_text = encode(json_doc.span(self.baseline))
        parts = tuple(self._part(group) for group in _groups(engine.KINDS))
        self.common = tuple((part.key, part.piece) for part in parts if not part.by_path)
        self.by_path = tuple(part for part in parts if part.by_path)
        # Where the texts of the kinds that read the path go: they stand next to each other.
        at = [i for i, part in enumerate(parts) if part.by_path]
        if at != list(range(at[0], at[0] + len(at))):
            raise ValueError("the rule kinds that read the path must stand next to each other")
        self.path_at = at[0]
        bounded = lru_cache(maxsize=SIZE)
        self.settle = lru_cache(maxsize=SUMS)(self._settle)
        self.years = bounded(self._years)
        self.values = tuple(bounded(self._value(f)) for f in FIELDS)
        self.assumed = tuple(f.name for f in FIELDS if f.assumed)
        self.assumed_of = attrgetter(*self.assumed)  # the fields listed when left out (of a Given)
        self.nones = (None,) * len(self.assumed)
        names = [f.name for f in FIELDS]
        self.path_index = names.index("path")
        # The fields other than the path that the kinds reading the path read too.
        read = (n for kind in engine.KINDS if "path" in kind.reads for n in kind.reads)
        self.path_others = tuple(n for n in dict.fromkeys(read) if n != "path")
        self.others_of = _getter(self.path_others)  # one value, or a tuple of several
        self.choice = bounded(self._choice)
        self.assumptions = bounded(self._assumptions)
        self.steps: dict[int, tuple[Any, str]] = {}  # the next milestones (by id()): their text
        self.fastest = lru_cache(maxsize=SUMS)(self._fastest)
        self.path_pieces = bounded(self._path_pieces)

    def _value(self, f: Field) -> Callable[[Any], str]:
        key = f'"{f.name}":'
        return lambda value: key + self.encode(f.to_json(value))

    def _part(self, kinds: tuple[engine.Kind, ...]) -> _Part:
        """One cached piece for ``kinds`` (next to each other in the registry), keyed on the
        values of the fields they read."""
        rules, encode = self.rules, self.encode
        reads = tuple(name for kind in kinds for name in kind.reads)

        def piece(key: Any) -> Piece:
            values = key if len(reads) > 1 else (key,)
            made: list[Adjustment] = []
            for kind in kinds:
                made += kind.lines(rules, *values[: len(kind.reads)])
                values = values[len(kind.reads) :]
            low = sum((a.effect.low for a in made), Decimal(0))
            high = sum((a.effect.high for a in made), Decimal(0))
            return low, high, ",".join(encode(json_doc.adjustment(a)) for a in made)

        # Kinds that read only fields with a fixed list of values have a bounded number of
        # keys: their cache needs no limit (and an unlimited cache is the faster one).
        cache = lru_cache(maxsize=None if _bounded(reads) else SIZE)(piece)
        return _Part(_getter(reads), cache, "path" in reads)

    # --- the pieces, each made once per distinct key ---------------------------------------

    def _settle(self, raw: Range) -> tuple[Range, str]:
        final, floor = engine.settle(self.rules, raw)
        return final, "" if floor is None else self.encode(json_doc.adjustment(floor))

    def _years(self, final: Range) -> str:
        months = {"low": to_months(final.low), "high": to_months(final.high)}
        return f'"years":{self.encode(json_doc.span(final))},"months":{self.encode(months)}'

    def _choice(self, path: str, best: Range, standard: Range) -> tuple[str, str]:
        reason = engine.auto_reason(path, best, standard)
        return reason, self.encode({"automatic": True, "reason": reason})

    def _assumptions(self, missing: tuple[Any, ...], path: str | None, reason: str) -> str:
        # Only which values are missing matters (a given value is not an assumption), and
        # which skills were rated (one left out is).
        *gone_ones, rated = missing
        ref = self.rules.reference
        kept = (name for name, gone in zip(self.assumed, gone_ones, strict=True) if not gone)
        stand_in = Given(**{name: getattr(ref, name) for name in kept})
        if rated:
            stand_in = stand_in._replace(skills=tuple((skill, 0) for skill in rated))
        found = resolve(stand_in, self.rules)[1]
        if path is not None:
            found.append(auto_assumption(path, reason))
        return self.encode(json_doc.assumptions(found))

    def upcoming(self, values: list[Any], years: Range) -> str:
        """The next milestones of a fresh plan, as 'pomplan estimate' gives them
        (planner.opening, which has caches of its own: nearly every row is a new key here)."""
        first = openings.opening(_profile(values), years, 3)  # planner.opening's count
        # Keyed on the tuple itself (the caches hand out the same one): the entry holds it, so
        # its id is not another's while the entry stands.
        known = self.steps.get(id(first))
        if known is not None and known[0] is first:
            return known[1]
        ids = [m.id for m in first]
        steps = self.encode(list(planner.steps_text(first)))
        text = f'"next_steps":{steps},"next":{self.encode(ids)}'
        if len(self.steps) >= SIZE:
            self.steps.clear()
        self.steps[id(first)] = (first, text)
        return text

    def _path_pieces(self, path: str, others: Any) -> tuple[Range, list[str]]:
        """The lines of the kinds that read the path, for ``path`` and the ``others`` values
        those kinds read (one value, or a tuple of several): their effect added up, and their
        texts in the registry's order."""
        values = others if len(self.path_others) > 1 else (others,)
        named = dict(zip(self.path_others, values, strict=True))
        who = self.rules.reference._replace(path=path, **named)
        low = high = Decimal(0)
        texts = []
        for part in self.by_path:
            part_low, part_high, text = part.piece(part.key(who))
            low, high = low + part_low, high + part_high
            texts.append(text)
        return Range(low, high), texts

    def _fastest(self, low: Decimal, high: Decimal, others: Any) -> tuple[Any, ...]:
        # Paths differ only in the lines of the kinds that read the path: the shortest wins,
        # as in rules.choose_path.
        best: tuple[Any, ...] | None = None
        standard = None
        for path in PATHS:
            effect, texts = self.path_pieces(path, others)
            final, floor = self.settle(Range(low + effect.low, high + effect.high))
            rank = engine.ranking(final)
            if best is None or rank < best[0]:
                best = (rank, path, final, floor, texts)
            if path == "standard":
                standard = final
        assert best is not None and standard is not None
        _, path, final, floor, texts = best
        reason, choice = self.choice(path, final, standard)
        return path, final, floor, texts, reason, choice

    # --- a row ----------------------------------------------------------------------------

    def solve(self, given: Given) -> Solved:
        """A row's document, worked out from the cached pieces."""
        return Solved(*self._solve(given))

    def _solve(self, given: Given) -> tuple[Any, ...]:
        values = filled_values(given, self.rules.reference)
        low, high = self.baseline
        texts: list[str] = []
        for key, piece in self.common:
            part_low, part_high, text = piece(key(values))
            low += part_low
            high += part_high
            texts.append(text)
        others = self.others_of(values)
        if given.path is None or given.path == "auto":
            automatic = True
            path, final, floor, by_path, reason, choice = self.fastest(low, high, others)
        else:
            automatic, path = False, values[self.path_index]
            effect, by_path = self.path_pieces(path, others)
            final, floor = self.settle(Range(low + effect.low, high + effect.high))
            reason, choice = "", self.chosen
        texts[self.path_at : self.path_at] = by_path
        texts.append(floor)
        lines = ",".join(filter(None, texts))
        values[self.path_index] = path
        return values, path, automatic, final, lines, reason, choice

    def missing(self, given: Given) -> tuple[Any, ...]:
        """Which of the values listed as assumptions when left out a row left out, in the
        table's order (the path never counts: an automatic path has an assumption of its own),
        then the skills it rated (those left out are an assumption too)."""
        rated = tuple(skill for skill, _ in given.skills) if given.skills else ()
        return (*map(operator.is_, self.assumed_of(given), self.nones), rated)

    def body(self, given: Given) -> str:
        """The estimate document for ``given`` as JSON text, without its opening brace."""
        values, path, automatic, years, lines, reason, choice = self._solve(given)
        profile = ",".join(map(operator.call, self.values, values))
        assumed = self.assumptions(self.missing(given), path if automatic else None, reason)
        return (
            f'{self.head}{profile}}},"path_choice":{choice},"baseline":{self.baseline_text},'
            f'"adjustments":[{lines}],{self.years(years)},"assumptions":{assumed},'
            f"{self.upcoming(values, years)}{self.tail}"
        )
