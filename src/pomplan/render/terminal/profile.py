"""Saved profiles on a terminal: one profile, the list, where files live, a reset."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.model import (
    plain,
)
from pomplan.render.terminal.console import show

if TYPE_CHECKING:
    from pomplan.store import Listed, Locations, SavedProfile


def _value(value: object) -> str:
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):  # skill levels
        return ", ".join(f"{k} {n}" for k, n in value)
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def profile(term: Console, name: str, saved: SavedProfile | None, file: Path) -> None:
    if saved is None:
        show(
            term,
            Text(f"No profile '{name}' is saved yet, so pomplan uses its reference values."),
            Text(
                "Save yours with 'pomplan profile set --background FIELD ...', or answer a few "
                "questions with 'pomplan profile init'.",
                style="dim",
            ),
        )
        return
    head = Text()
    head.append(f"Profile '{name}'", style="bold")
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for field, value in saved.given._asdict().items():
        if value is not None:
            shown = Text(_value(value))
        elif field == "path":
            shown = Text("not saved (auto: the fastest path for you)", style="dim")
        else:
            shown = Text("not saved (pomplan uses its reference value)", style="dim")
        table.add_row(field, shown)
    table.add_row(
        "start",
        Text(saved.start.isoformat()) if saved.start else Text("not saved (today)", style="dim"),
    )
    show(term, head, table, Text(f"Saved in {file}", style="dim"))


def profile_list(term: Console, items: list[Listed], active: str) -> None:
    if not items:
        show(term, Text("No profiles are saved yet; 'pomplan profile set' saves one."))
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for item in items:
        name = Text(("* " if item.name == active else "  ") + item.name, style="bold")
        if item.problem:
            detail = Text(f"can't be read: {item.problem}", style="yellow")
        else:
            parts = ["profile saved" if item.profile_file else "no profile file"]
            parts.append(f"{item.done} milestone{'s' if item.done != 1 else ''} ticked")
            detail = Text(", ".join(parts))
        table.add_row(name, detail)
    if any(item.name == active for item in items):
        legend = "* the profile in use (--profile NAME picks another)"
    else:
        legend = f"The profile in use, {active!r}, has nothing saved yet."
    show(term, table, Text(legend, style="dim"))


def profile_paths(term: Console, name: str, where: Locations) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    rows = [
        ("Profile file", where.profile_file(name)),
        ("Progress file", where.progress_file(name)),
        ("Backups", where.backups),
        ("Settings folder", where.config),
        ("Data folder", where.data),
    ]
    for label, path in rows:
        table.add_row(label, Text(str(path)))
    note = (
        "POMPLAN_HOME is set, so everything lives under it."
        if where.override
        else "Set POMPLAN_HOME to keep everything in one folder of your choice."
    )
    show(term, table, Text(note, style="dim"))


def profile_reset(term: Console, name: str, result: tuple[Path, list[Path]] | None) -> None:
    if result is None:
        show(term, Text(f"Nothing is saved for profile '{name}'; nothing was moved."))
        return
    folder, moved = result
    out: list[RenderableType] = [Text(f"Moved profile '{name}' aside to {folder}")]
    out += [Padding(Text(path.name), (0, 0, 0, 2)) for path in moved]
    out.append(Text("To undo, move the files back to where they were.", style="dim"))
    show(term, *out)
