"""A person's skill levels, read for the plan and drawn as bars. Pure: no I/O, no Rich.

- :func:`strong`: the skills rated 3 or 4 (strong, expert): the plan may count the
  milestones that build only those as covered.
- :func:`weakest_first`: milestone ids ordered so that those building the weakest skills come
  first (for the plan's next actions).
- :func:`chart`: one line per skill, ``analytical-skills  ###-  3/4 strong``, with block
  characters or in plain ASCII.

Levels are the profile field ``skills``: (skill id, level) pairs (:mod:`pomplan.levels`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pomplan.levels import LEVEL_NAMES, SKILLS, Levels
from pomplan.model import Skill

STRONG = 3  # a level from which a skill counts as a strength (strong, expert)
TOP = len(LEVEL_NAMES) - 1
# What a skill not rated weighs when ordering by weakness: between working (2) and strong (3),
# so a skill a person says they lack comes before one they did not rate, and one they
# did not rate before one they are strong in. pomplan's judgement.
UNRATED_WEIGHT = 2.5


def as_dict(levels: Levels | Mapping[str, int] | None) -> dict[str, int]:
    if levels is None:
        return {}
    return dict(levels.items() if isinstance(levels, Mapping) else levels)


def strong(levels: Levels | Mapping[str, int] | None) -> set[str]:
    """The ids of the skills rated strong or expert (3 or 4)."""
    return {skill for skill, level in as_dict(levels).items() if level >= STRONG}


def _catalogue(skills: Iterable[Skill] | None) -> Iterable[Skill]:
    if skills is not None:
        return skills
    from pomplan.content import skills as shipped

    return shipped()


def covered(
    levels: Levels | Mapping[str, int] | None, skills: Iterable[Skill] | None = None
) -> dict[str, tuple[str, ...]]:
    """Milestone id -> the strong skills that build it, for each milestone whose every
    building skill is rated strong or expert (a milestone two skills build needs both)."""
    good = strong(levels)
    builders: dict[str, list[str]] = {}
    for s in _catalogue(skills):
        for milestone in s.milestones:
            builders.setdefault(milestone, []).append(s.id)
    return {m: tuple(ids) for m, ids in builders.items() if set(ids) <= good}


def reason(levels: Levels | Mapping[str, int] | None, skill_ids: Iterable[str]) -> str:
    """Why a milestone is covered by skills, in words: "You rated analytical skills strong (3
    of 4): this milestone builds it." (``skill_ids``: the strong skills that build it)."""
    rated = as_dict(levels)
    names = {s.id: s.name for s in _catalogue(None)}
    parts = [
        f"{_lower(names.get(i, i))} {LEVEL_NAMES[rated[i]]} ({rated[i]} of {TOP})"
        for i in skill_ids
    ]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"You rated {said}: this milestone builds {'it' if len(parts) == 1 else 'them'}."


def _lower(name: str) -> str:
    """A skill's name inside a sentence: the first letter small, unless a name (Lean)."""
    return name if name.startswith("Lean") else name[:1].lower() + name[1:]


def weakest_first(
    levels: Levels | Mapping[str, int] | None,
    milestone_ids: Iterable[str],
    skills: Iterable[Skill] | None = None,
) -> list[str]:
    """``milestone_ids`` reordered: those that build the weakest skill first (a milestone
    weighs as its weakest building skill; one that builds no skill comes after all that do,
    as does one that builds only strong skills). Ties keep their order (a stable sort)."""
    rated = as_dict(levels)
    weight: dict[str, float] = {}
    for s in _catalogue(skills):
        level = float(rated.get(s.id, UNRATED_WEIGHT))
        for milestone in s.milestones:
            weight[milestone] = min(weight.get(milestone, float(TOP)), level)
    ids = list(milestone_ids)
    return sorted(ids, key=lambda m: weight.get(m, float(TOP)))


def bar(level: int | None, fancy: bool) -> str:
    """A bar of four cells: ``███░`` (or ``###-`` in ASCII); ``····`` / ``....`` unrated."""
    if level is None:
        return ("·" if fancy else ".") * TOP
    full, empty = ("█", "░") if fancy else ("#", "-")
    return full * level + empty * (TOP - level)


def chart(levels: Levels | Mapping[str, int] | None, fancy: bool) -> list[str]:
    """One line per skill, in the skills' order: id, bar, level out of 4 and its name."""
    rated = as_dict(levels)
    width = max(len(s) for s in SKILLS)
    lines = []
    for skill in SKILLS:
        level = rated.get(skill)
        said = "not rated" if level is None else f"{level}/{TOP} {LEVEL_NAMES[level]}"
        lines.append(f"{skill.ljust(width)}  {bar(level, fancy)}  {said}")
    return lines


def unrated(levels: Levels | Mapping[str, int] | None) -> list[str]:
    """The ids of the skills not rated, in the skills' order."""
    rated = as_dict(levels)
    return [s for s in SKILLS if s not in rated]
