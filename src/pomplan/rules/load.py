"""Load and validate a rules file: the baseline, the reference person, each kind's table, the
floor. Errors name the file, the rule and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pomplan import datafile, fields, files
from pomplan.datafile import Reader
from pomplan.model import Profile
from pomplan.rules.base import Rule, Rules, cites, effect
from pomplan.rules.costs import parse_costs, shipped_costs
from pomplan.rules.kinds import KINDS

RULES_FILE = "rules.toml"


def parse_rules(doc: dict[str, object], label: str, shipped: bool = False) -> Rules:
    """Validate a parsed rules document."""
    top = Reader(dict(doc), label)
    top.only("schema_version", "baseline", "reference", *(k.key for k in KINDS), "floor", "costs")

    b = top.sub("baseline", "rule 'baseline'")
    b.only("low", "high", "reason", "sources")
    baseline = effect(b, "baseline", "Baseline", cites(b))
    if baseline.effect.low <= 0 or baseline.effect.high < baseline.effect.low:
        raise b.fail("low", "the baseline needs 0 < low <= high")

    reference = _reference(top.sub("reference", "rule 'reference'"))
    tables = {k.key: k.parse(top.sub(k.key, f"rule '{k.key}'")) for k in KINDS}

    f = top.sub("floor", "rule 'floor'")
    f.only("low", "high", "reason", "sources")
    floor: Rule = effect(f, "floor", "Floor", cites(f))
    if floor.effect.low < 0 or floor.effect.high < floor.effect.low:
        raise f.fail("low", "the floor needs 0 <= low <= high")

    # What a what-if change costs: the file's own [costs], else the shipped figures.
    costs = parse_costs(top.sub("costs", "[costs]")) if top.has("costs") else shipped_costs()
    return Rules(label, shipped, baseline, reference, tables, floor, costs)


def _reference(ref: Reader) -> Profile:
    """The reference person: every profile field, a path chosen (not ``auto``)."""
    ref.only(*fields.names())
    return Profile(**{f.name: _reference_value(ref, f) for f in fields.FIELDS})


def _reference_value(ref: Reader, f: fields.Field) -> Any:
    """The reference person's value of ``f``; a field with a fallback may be left out (a rules
    file written before it existed): ``experience_on`` (the figures are true on whatever day
    they are used), ``in_background`` (yes)."""
    if f.fallback and not ref.has(f.name):
        return f.fallback[0]
    return fields.read(ref, f, unset_ok=False)


def load_rules(path: Path | None = None) -> Rules:
    """The shipped rules, or the rules file at ``path``."""
    doc, label = datafile.load_file(path) if path else datafile.load_shipped(RULES_FILE)
    return parse_rules(doc, label, shipped=path is None)


def rules_text(path: Path | None = None) -> str:
    """The text of the rules file, to copy and edit."""
    if path is None:
        return datafile.shipped(RULES_FILE).read_text(encoding="utf-8")
    data = files.read_bytes(path, datafile.RULES_LIMIT)  # bounded, like every read
    if data is None:
        raise FileNotFoundError(2, "No such file or directory", str(path))
    return data.decode("utf-8")
