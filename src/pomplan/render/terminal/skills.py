"""Skills on a terminal: one skill with its five levels, and a person's levels as bars."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.text import Text

from pomplan.levels import LEVEL_NAMES
from pomplan.model import Skill
from pomplan.render.terminal.console import fancy, show
from pomplan.render.terminal.parts import bullets, cited
from pomplan.skills import TOP, bar, unrated

ASSESS = "pomplan skills assess"


def detail(term: Console, s: Skill) -> None:
    out: list[RenderableType] = [
        Text(f"{s.name} ({s.id}, {s.group})", style="bold"),
        Padding(Text(s.why), (0, 0, 0, 2)),
        Text(),
        Text("Levels", style="bold"),
        Padding(
            bullets([f"{n} {LEVEL_NAMES[n]}: {t}" for n, t in enumerate(s.levels)]), (0, 0, 0, 2)
        ),
        Text(),
        Text("How to build it", style="bold"),
        Padding(bullets(s.practice), (0, 0, 0, 2)),
    ]
    if s.milestones:
        out += [Text(), Text("Milestones that build it", style="bold")]
        out.append(Padding(bullets(s.milestones), (0, 0, 0, 2)))
    out += [Text(), cited(s.sources)]
    show(term, *out)


def chart(
    term: Console, skills: tuple[Skill, ...], levels: tuple[tuple[str, int], ...]
) -> list[Text]:
    """The bars, one line per skill: id, bar, level out of 4 and its name."""
    rated = dict(levels)
    blocks = fancy(term) or (term.record and term.is_terminal)
    width = max(len(s.id) for s in skills)
    lines = []
    for s in skills:
        level = rated.get(s.id)
        said = "not rated" if level is None else f"{level}/{TOP} {LEVEL_NAMES[level]}"
        if width + 8 + len(said) > term.width and level is not None:
            said = f"{level}/{TOP}"  # a narrow screen: the name goes, the line stays whole
        style = (
            "dim" if level is None else ("green" if level >= 3 else "yellow" if level else "red")
        )
        lines.append(
            Text.assemble(s.id.ljust(width), "  ", (bar(level, blocks), style), "  ", said)
        )
    return lines


def mine(
    term: Console, profile: str, skills: tuple[Skill, ...], levels: tuple[tuple[str, int], ...]
) -> None:
    out: list[RenderableType] = [Text(f"Your skills (profile {profile})", style="bold"), Text()]
    out += chart(term, skills, levels)
    missing = unrated(levels)
    if missing:
        out += [
            Text(),
            Text(
                f"Not rated yet: {len(missing)} of {len(skills)}; rate them with '{ASSESS}'.",
                style="dim",
            ),
        ]
    show(term, *out)
