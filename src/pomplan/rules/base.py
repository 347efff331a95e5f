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


def effect(r: Reader, rule_id: str, label: str, sources: tuple[str, ...]) -> Rule:
    """An effect table: ``low``, ``high``, ``reason``, and ``sources`` if it cites its own."""
    low, high = r.number("low"), r.number("high")
    own = r.texts("sources") if r.has("sources") else sources
    return Rule(rule_id, label, Range(low, high), r.text("reason"), own)


def options(
    r: Reader, group: str, names: tuple[str, ...], extra: tuple[str, ...] = ()
) -> tuple[dict[str, Rule], dict[str, Reader]]:
    """A table with one effect per option (``[degree.options.master]`` ...)."""
    label, sources = r.text("label"), r.texts("sources")
    table = r.sub("options")
    table.only(*names)
    rules: dict[str, Rule] = {}
    readers: dict[str, Reader] = {}
    for name in names:
        o = table.sub(name)
        o.only("low", "high", "reason", "label", "sources", *extra)
        o_label = o.text("label") if o.has("label") else label
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
