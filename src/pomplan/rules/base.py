"""What every rule kind shares: a rule as a rules file gives it, the registry entry of a kind,
the validated rules, and the helpers that read an effect table and write an estimate line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from pomplan.datafile import Reader
from pomplan.model import Adjustment, Profile, Range
from pomplan.record import Record

CENT = Decimal("0.01")
# The most one rule may add or take off, in years: a plan lays every year out on the calendar,
# so a rule of 8000 years is a typo that would run past the last date.
YEARS = (Decimal(-50), Decimal(50))
LABEL_LIMIT, REASON_LIMIT = 80, 500  # a label fits a line; a reason, a short paragraph
SOURCE_LIMIT = 20  # the length of a source id, and how many one rule cites


class Rule(NamedTuple):
    """One rule of a rules file: the span it adds to an estimate, why, and on what facts."""

    id: str
    label: str
    effect: Range
    reason: str
    sources: tuple[str, ...]


class Rules(Record):
    """A validated rules file: the baseline, the reference person, one table per rule kind
    (by the kind's key, see :data:`pomplan.rules.kinds.KINDS`), and the floor."""

    source: str
    shipped: bool
    baseline: Rule
    reference: Profile
    tables: Mapping[str, Any]
    floor: Rule
    costs: Any = None  # what a what-if change costs (rules/costs.py: Costs)

    def all_effects(self) -> list[tuple[str, str, Rule]]:
        """Every rule, flattened, with the condition under which it applies."""
        from pomplan.rules.kinds import KINDS

        rows: list[tuple[str, str, Rule]] = [("baseline", "always", self.baseline)]
        for kind in KINDS:
            rows += kind.describe(self.tables[kind.key])
        rows.append(("floor", "when the range would fall below it", self.floor))
        return rows


# A line function: the rules, then the values of the fields the kind reads, in its order.
Lines = Callable[..., tuple[Adjustment, ...]]


class Kind(Record):
    """A kind of rule: its table in a rules file, the profile fields it reads, how its table is
    parsed and validated, the estimate lines it adds, and how ``pomplan rules`` lists it."""

    key: str
    reads: tuple[str, ...]
    parse: Callable[[Reader], Any]
    lines: Lines
    describe: Callable[[Any], list[tuple[str, str, Rule]]]


def label(r: Reader, key: str = "label") -> str:
    return r.text(key, LABEL_LIMIT)


def reason(r: Reader, key: str = "reason") -> str:
    return r.text(key, REASON_LIMIT)


def cites(r: Reader) -> tuple[str, ...]:
    """The ``sources`` a rule cites: a few short ids."""
    return r.texts("sources", limit=SOURCE_LIMIT, most=SOURCE_LIMIT)


def span(r: Reader, low: str = "low", high: str = "high") -> Range:
    """Two figures in years, each within :data:`YEARS`."""
    return Range(r.number(low, YEARS), r.number(high, YEARS))


def effect(r: Reader, rule_id: str, label: str, sources: tuple[str, ...]) -> Rule:
    """An effect table: ``low``, ``high``, ``reason``, and ``sources`` if it cites its own."""
    own = cites(r) if r.has("sources") else sources
    return Rule(rule_id, label, span(r), reason(r), own)


def options(
    r: Reader, group: str, names: tuple[str, ...], extra: tuple[str, ...] = ()
) -> tuple[dict[str, Rule], dict[str, Reader]]:
    """A table with one effect per option (``[degree.options.master]`` ...)."""
    group_label, sources = label(r), cites(r)
    table = r.sub("options")
    table.only(*names)
    rules: dict[str, Rule] = {}
    readers: dict[str, Reader] = {}
    for name in names:
        o = table.sub(name)
        o.only("low", "high", "reason", "label", "sources", *extra)
        o_label = label(o) if o.has("label") else group_label
        rules[name] = effect(o, f"{group}.{name}", o_label, sources)
        readers[name] = o
    return rules, readers


def not_positive(r: Reader, span: Range, prefix: str, why: str) -> None:
    """Refuse a rule that could lengthen an estimate where it may only shorten it."""
    for end, value in (("low", span.low), ("high", span.high)):
        if value > 0:
            raise r.fail(f"{prefix}{end}", f"{why}: use a number <= 0, not {value}")


def line(
    rule: Rule, adj_id: str, label: str, shift: Range | None = None, note: str = ""
) -> Adjustment:
    """The estimate line ``rule`` adds (``shift`` in place of its own effect, if given)."""
    reason = f"{rule.reason} ({note})" if note else rule.reason
    return Adjustment(adj_id, label, rule.effect if shift is None else shift, reason, rule.sources)
