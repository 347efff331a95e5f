"""The guide on a terminal: FAQ answers, the six steps, the skills, the rules, the sources."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.content import Source
from pomplan.model import (
    FaqEntry,
    Range,
    Skill,
    Step,
    plain,
)
from pomplan.render.terminal.console import show
from pomplan.render.terminal.parts import (
    bullets,
    cited,
    heading,
    signed,
)
from pomplan.rules import Rules


def faq(term: Console, query: str | None, entries: list[FaqEntry] | tuple[FaqEntry, ...]) -> None:
    # The query is recorded in the JSON document only: people see the questions it matched.
    out: list[RenderableType] = []
    for index, e in enumerate(entries):
        if index:
            out.append(Text())
        out.append(Text(e.question, style="bold"))
        out.append(Text(e.answer))
        out.append(Text.assemble(cited(e.sources), (f"  (pomplan faq {e.id})", "dim")))
    show(term, *out)


def steps(term: Console, items: tuple[Step, ...]) -> None:
    out: list[RenderableType] = []
    for s in items:
        if out:
            out.append(Text())
        out.append(Text(f"{s.number}. {s.title}", style="bold"))
        out.append(Padding(Text(s.summary), (0, 0, 0, 3)))
        out.append(Padding(bullets(s.actions), (0, 0, 0, 3)))
        out.append(Padding(cited(s.sources), (0, 0, 0, 3)))
    show(term, *out)


def skills(term: Console, items: tuple[Skill, ...]) -> None:
    out: list[RenderableType] = []
    for group, title in (("core", "Core skills"), ("edge", "Skills that give you an edge")):
        members = [s for s in items if s.group == group]
        if not members:
            continue
        if out:
            out.append(Text())
        out.append(Text(title, style="bold underline"))
        for s in members:
            out.append(Text())
            out.append(Text(s.name, style="bold"))
            out.append(Padding(Text(s.why), (0, 0, 0, 2)))
            out.append(Padding(bullets(s.practice), (0, 0, 0, 2)))
            out.append(Padding(cited(s.sources), (0, 0, 0, 2)))
    show(term, *out)


def _span(r: Range) -> str:
    return f"{signed(r.low)} / {signed(r.high)}"


def rules(term: Console, r: Rules) -> None:
    out: list[RenderableType] = [
        Text.assemble(("Rules file: ", "bold"), r.source, " (shipped)" if r.shipped else ""),
        Text(
            f"Baseline {r.baseline.effect} years for the "
            f"reference person: degree {r.reference.degree}, background {r.reference.background}, "
            f"path {r.reference.path}, {plain(r.reference.experience_years)} years credited, "
            f"{plain(r.reference.hours_per_week)} hours a week.",
        ),
        Text(),
    ]
    groups: dict[str, list[tuple[str, Range, str, tuple[str, ...]]]] = {}
    for group, applies, effect in r.all_effects()[1:]:
        groups.setdefault(group, []).append((applies, effect.effect, effect.reason, effect.sources))
    for group, rows in groups.items():
        out.append(heading(group))
        for applies, shift, reason, srcs in rows:
            line = Text("  ")
            line.append(applies)
            line.append(f": {_span(shift)} years", style="bold")
            out.append(line)
            out.append(Padding(Text.assemble(reason, " ", cited(srcs)), (0, 0, 0, 4)))
        out.append(Text())
    out.append(
        Text("Low / high: years added to each end of the range (negative = faster).", style="dim")
    )
    show(term, *out)


def sources(term: Console, items: tuple[Source, ...], facts: dict[str, str]) -> None:
    cited = Table.grid(padding=(0, 2))
    cited.add_column(no_wrap=True, style="bold")
    cited.add_column(overflow="fold")
    for s in items:
        year = f", {s.year}" if s.year else ""
        detail = Text(f'{s.publisher}, "{s.title}" ({s.kind}{year})\n')
        detail.append(s.url, style="dim")
        cited.add_row(s.id, detail)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    for ident, summary in facts.items():
        table.add_row(ident, Text(summary))
    show(term, cited, Text(), table)
