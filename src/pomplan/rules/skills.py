"""The ``skills`` rule kind: one estimate line from the skill levels a person rated.

Each level (none, basic, working, strong, expert) has an effect per skill; each skill a weight
(the core skills count fully, the edge ones less). The line is the weighted sum over the rated
skills, held between two caps. A skill not rated adds nothing, so the reference person (who
rated none) gets no line. Effects may not grow with the level: raising a skill never
lengthens an estimate. Registered in :data:`pomplan.rules.kinds.KINDS`.
"""

from __future__ import annotations

from decimal import Decimal

from pomplan.datafile import Reader
from pomplan.fields import plain
from pomplan.levels import LEVEL_NAMES, SKILLS, Levels
from pomplan.model import ZERO, Adjustment, Range
from pomplan.record import Record
from pomplan.rules.base import CENT, Rule, cites, effect, label, line, not_positive, reason, span


class SkillRules(Record):
    rule: Rule  # the line's label, reason and sources
    levels: tuple[Rule, ...]  # one per level, 0 to 4
    weights: dict[str, Decimal]  # per skill id, 0 to 1
    cap: Rule  # the most the skills take off together (<= 0)
    most: Rule  # the most they add together (>= 0)


def parse(r: Reader) -> SkillRules:
    r.only(
        "label", "reason", "sources", "save_most_low", "save_most_high", "save_most_reason",
        "add_most_low", "add_most_high", "add_most_reason", "weights", "levels",
    )  # fmt: skip
    name, sources = label(r), cites(r)
    rule = Rule("skills", name, ZERO, reason(r), sources)
    cap = Rule(
        "skills-cap",
        name,
        span(r, "save_most_low", "save_most_high"),
        reason(r, "save_most_reason"),
        sources,
    )
    not_positive(r, cap.effect, "save_most_", "the cap is the most skills can save")
    most = Rule(
        "skills-most",
        name,
        span(r, "add_most_low", "add_most_high"),
        reason(r, "add_most_reason"),
        sources,
    )
    for end, value in (("low", most.effect.low), ("high", most.effect.high)):
        if value < 0:
            raise r.fail(
                f"add_most_{end}", f"the most skills can add: use a number >= 0, not {value}"
            )
    w = r.sub("weights")
    w.only(*SKILLS)
    weights = {skill: w.number(skill, (Decimal(0), Decimal(1))) for skill in SKILLS}
    table = r.sub("levels")
    table.only(*LEVEL_NAMES)
    levels: list[Rule] = []
    for n, level in enumerate(LEVEL_NAMES):
        e = table.sub(level)
        e.only("low", "high", "reason", "sources")
        this = effect(e, f"skills.{level}", name, sources)
        if levels:
            before = levels[-1].effect
            for end, now, was in (
                ("low", this.effect.low, before.low),
                ("high", this.effect.high, before.high),
            ):
                if now > was:
                    raise e.fail(
                        end,
                        f"a higher level may not add time: {level} ({n}) adds {now}, "
                        f"more than {LEVEL_NAMES[n - 1]} ({was})",
                    )
        levels.append(this)
    return SkillRules(rule, tuple(levels), weights, cap, most)


def lines(rules: object, skills: Levels) -> tuple[Adjustment, ...]:
    """One line for the rated skills (none if none is rated)."""
    if not skills:
        return ()
    table: SkillRules = rules.tables["skills"]  # type: ignore[attr-defined]
    low = high = Decimal(0)
    for skill, level in skills:
        weight, shift = table.weights[skill], table.levels[level].effect
        low += shift.low * weight
        high += shift.high * weight
    cap, most = table.cap.effect, table.most.effect
    total = Range(
        min(max(low, cap.low), most.low).quantize(CENT),
        min(max(high, cap.high), most.high).quantize(CENT),
    )
    strong = sum(1 for _, level in skills if level >= 3)
    gaps = sum(1 for _, level in skills if level == 0)
    note = f"{len(skills)} of {len(SKILLS)} rated: {strong} strong or expert, {gaps} never done"
    if total != Range(low.quantize(CENT), high.quantize(CENT)):
        note += "; held at the cap"
    return (line(table.rule, "skills", table.rule.label, total, note),)


def describe(table: SkillRules) -> list[tuple[str, str, Rule]]:
    weights = ", ".join(f"{k} {plain(v)}" for k, v in table.weights.items() if v != 1)
    rows = [
        ("skills", f"each skill rated {n} ({name}), times its weight", rule)
        for n, (name, rule) in enumerate(zip(LEVEL_NAMES, table.levels, strict=True))
    ]
    rows.append(("skills-cap", "when the skills together would save more", table.cap))
    rows.append(("skills-most", "when the skills together would add more", table.most))
    if weights:
        rows[0] = (rows[0][0], rows[0][1] + f" (weights below 1: {weights})", rows[0][2])
    return rows
