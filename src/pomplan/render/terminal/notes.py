"""Notes on a terminal: the list, a note added or removed, notes under a plan's milestones and
the plan's closing "Notes" section; and what 'profile import' wrote.

A note's text is shown with its control and bidirectional characters written as escapes
(``\\x1b``): a note may hold anything a person pasted, and none of it drives the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.model import Plan
from pomplan.render.terminal.console import narrow, show
from pomplan.store.base import flag
from pomplan.text import escape

if TYPE_CHECKING:
    from pomplan.store import Note


def _line(n: Note, with_milestone: bool = True) -> Text:
    """``#3 2026-02-01 (first-role) text``: the number, the day, the milestone, the text."""
    text = Text()
    text.append(f"#{n.id}", style="bold")
    text.append(f" {n.day.isoformat()}", style="dim")
    if with_milestone and n.milestone:
        text.append(f" ({n.milestone})", style="cyan")
    text.append(" ")
    text.append(escape(n.text))
    return text


def notes(term: Console, name: str, items: tuple[Note, ...], change: str | None) -> None:
    if change is not None:
        verb = "Added" if change == "added" else "Removed"
        out: list[RenderableType] = [
            Text.assemble((f"{verb} note ", "bold"), f"(profile '{name}')"),
            *(Padding(_line(n), (0, 0, 0, 2)) for n in items),
        ]
        if change == "added":
            out.append(Text("'pomplan note list' shows every note.", style="dim"))
        show(term, *out)
        return
    head = Text.assemble(("Notes", "bold"), (f"  (profile '{name}')", "dim"))
    if not items:
        show(
            term,
            head,
            Text("No notes yet. Add one with 'pomplan note add TEXT'.", style="dim"),
        )
        return
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="bold", justify="right")
    table.add_column(no_wrap=True, style="dim")
    if not narrow(term):
        table.add_column(no_wrap=True, style="cyan")
    table.add_column(overflow="fold", ratio=1)
    for n in items:
        mark = n.milestone or "-"
        if narrow(term):
            body = Text.assemble((mark, "cyan"), "\n", escape(n.text))
            table.add_row(f"#{n.id}", n.day.isoformat(), body)
        else:
            table.add_row(f"#{n.id}", n.day.isoformat(), mark, Text(escape(n.text)))
    show(term, head, table)


def under(items: tuple[Note, ...], milestone: str) -> list[Text]:
    """The lines of the notes of ``milestone``, to show beneath it in a plan."""
    return [
        Text.assemble(("  note ", "dim"), _line(n, with_milestone=False))
        for n in items
        if n.milestone == milestone
    ]


def loose(p: Plan, items: tuple[Note, ...]) -> list[RenderableType]:
    """The closing "Notes" section: notes of no milestone, or of one not in this plan."""
    in_plan = {m.id for m in p.milestones}
    rest = [n for n in items if n.milestone not in in_plan]
    if not rest:
        return []
    lines: Iterable[RenderableType] = (Padding(_line(n), (0, 0, 0, 1)) for n in rest)
    return [Text(), Text("Notes", style="bold"), *lines]


def profile_import(
    term: Console, name: str, source: str, done: int, count: int, backup: Path | None
) -> None:
    where = "standard input" if source == "-" else source
    out: list[RenderableType] = [
        Text.assemble(("Imported ", "bold"), f"profile '{name}' from {escape(where)}"),
        Padding(
            Text(
                f"{done} milestone{'s' if done != 1 else ''} done, {count} note"
                f"{'s' if count != 1 else ''}"
            ),
            (0, 0, 0, 2),
        ),
    ]
    if backup is not None:
        out.append(Text(f"The files it replaced are in {escape(str(backup))}", style="dim"))
    out.append(Text(f"See the plan with 'pomplan{flag(name)} plan'.", style="dim"))
    show(term, *out)
