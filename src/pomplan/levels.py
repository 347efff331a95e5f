"""Skill levels as a profile field: ``analytical-skills=3,communication=2``, checked.

A person's levels are a mapping from a skill id to a level from 0 to 4, held as a tuple of
(id, level) pairs in the skills' order (hashable, so the batch path can cache on it). A level
is typed as its number or its name (:data:`pomplan.fields.LEVEL_NAMES`: none, basic, working,
strong, expert). Within one flag, variable or cell, a later level for the same skill wins, as
a later flag does. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pomplan.errors import UsageProblem

if TYPE_CHECKING:
    from pomplan.datafile import Reader

LEVELS = "levels"  # the field kind: a level from 0 to 4 for some of a list (skill id -> level)
Levels = tuple[tuple[str, int], ...]  # (id, level) pairs, in the list's order
# The skills a person may rate (data/skills.toml lists them, in this order; content.py checks),
# and the names of the five levels, 0 to 4 (what each looks like: data/skills.toml).
SKILLS: tuple[str, ...] = (
    "operational-thinking",
    "analytical-skills",
    "communication",
    "technical-acumen",
    "soft-skills",
    "lean-six-sigma",
    "continuous-improvement",
    "strategic-pragmatism",
)
LEVEL_NAMES: tuple[str, ...] = ("none", "basic", "working", "strong", "expert")
# The rest of the field's row in fields.FIELDS (its name, flag and kind are there).
SKILL_FIELD: dict[str, Any] = {
    "metavar": "ID=LEVEL",
    "help": (
        "How well you can do a skill, from 0 to 4 (repeat or comma-separate): ID=LEVEL, e.g. "
        f"analytical-skills=3; ids: {', '.join(SKILLS)}; levels 0-4 or "
        f"{', '.join(LEVEL_NAMES)}. Adds to your saved levels; 'pomplan skills assess' asks."
    ),
    "noun": "skill",
    "label": "skills",
    "question": "How well you can do each skill",  # asked by 'skills assess', not the wizard
    "answers": "ID=LEVEL pairs, comma-separated",
    "key_aliases": ("skills",),
    "completer": "skill_levels",
    "assumption": "so they count as neither strength nor gap; "
    "'pomplan skills assess' asks, or set yours with --skill",
}

TOP = len(LEVEL_NAMES) - 1  # 4
SEPARATORS = (",", ";")  # ';' too: a batch cell in a CSV file keeps its commas for columns
LEVEL_HINT = f"give a level from 0 to {TOP} or one of: {', '.join(LEVEL_NAMES)}"


def ordered(found: dict[str, int], order: tuple[str, ...] = SKILLS) -> Levels:
    """``found`` as (id, level) pairs, in ``order``."""
    return tuple((skill, found[skill]) for skill in order if skill in found)


def level(label: str, skill: str, raw: str) -> int:
    """A level typed as a number (0-4) or a name (none ... expert), else a usage error."""
    text = raw.strip().lower()
    if text.isdigit() and text.isascii() and len(text) < 3 and int(text) <= TOP:
        return int(text)
    if text in LEVEL_NAMES:
        return LEVEL_NAMES.index(text)
    where = f"{label}: " if label else ""  # the wizard's question says where
    raise UsageProblem(f"{where}{raw.strip()!r} is not a level for {skill}; {LEVEL_HINT}")


def skill_id(label: str, raw: str, choices: tuple[str, ...] = SKILLS) -> str:
    """A skill id as typed (case, spaces and ``_`` forgiven), else a usage error with a hint."""
    normal = "-".join(raw.strip().lower().replace("_", " ").replace("-", " ").split())
    if normal in choices:
        return normal
    from pomplan.content import did_you_mean

    hint = did_you_mean(normal, choices)
    raise UsageProblem(
        f"{label}: no skill {raw.strip()!r}; {hint}choose from: {', '.join(choices)}"
    )


def parts(values: Iterable[str]) -> list[str]:
    found = []
    for value in values:
        for piece in value.replace(";", ",").split(","):
            if piece.strip():
                found.append(piece.strip())
    return found


def levels(
    values: list[str] | str | None, label: str = "skills", choices: tuple[str, ...] = SKILLS
) -> Levels | None:
    """``ID=LEVEL`` texts (each may hold several, comma-separated) as levels; ``None`` if
    none is given."""
    if values is None:
        return None
    pieces = parts([values] if isinstance(values, str) else values)
    if not pieces:
        return None
    found: dict[str, int] = {}
    for piece in pieces:
        name, sep, raw = piece.partition("=")
        if not sep or not name.strip() or not raw.strip():
            raise UsageProblem(
                f"{label}: write ID=LEVEL, for example analytical-skills=3, not {piece!r}"
            )
        skill = skill_id(label, name, choices)
        found[skill] = level(label, skill, raw)
    return ordered(found, choices)


def combine(order: tuple[str, ...], *layers: Levels) -> Levels:
    """Several layers of levels as one: for each skill, the first layer that rates it."""
    found: dict[str, int] = {}
    for layer in reversed(layers):
        found.update(layer)
    return ordered(found, order)


def merged(kind: str, layers: list[Any]) -> Any:
    """The value of several layers of one field (flag, variable, saved profile), the first
    first: the first layer's value, except that levels combine, the first layer's level of
    each skill winning (``--skill a=3`` changes one level and keeps the saved others)."""
    first = next(iter(layers), None)
    return combine(SKILLS, *layers) if first is not None and kind == LEVELS else first


def read_levels(r: Reader, key: str, choices: tuple[str, ...] = SKILLS) -> Levels:
    """Levels in a saved file: a table of skill id = whole number from 0 to 4 (or its name)."""
    table = r.sub(key)
    table.only(*choices)
    found: dict[str, int] = {}
    for skill in choices:
        if not table.has(skill):
            continue
        raw: Any = table.table[skill]
        if isinstance(raw, str) and raw.strip().lower() in LEVEL_NAMES:
            found[skill] = LEVEL_NAMES.index(raw.strip().lower())
            continue
        number = table.integer(skill)
        if not 0 <= number <= TOP:
            raise table.fail(skill, f"{number} is out of range; {LEVEL_HINT}")
        found[skill] = number
    return ordered(found, choices)
