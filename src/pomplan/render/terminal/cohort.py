"""The cohort on a terminal: the table of everyone, a roster import's preview, an export."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.render.cohort_index import EMPTY, HEADINGS, SHORT_HEADINGS, cells
from pomplan.render.terminal.console import narrow, show

if TYPE_CHECKING:
    from pomplan.cohort import Member
    from pomplan.cohort_files import Exported
    from pomplan.cohort_import import Planned, Written


def _styled(m: Member, heading: str, value: str) -> Text:
    if heading == "Status" and m.status == "behind":
        return Text(value, style="bold yellow")
    if m.problem is not None and heading == "Next":
        return Text(value, style="yellow")
    if heading == "Name":
        return Text(value, style="bold")
    return Text(value)


# The columns a narrow screen drops first (by index into SHORT_HEADINGS): time left, which
# each person's plan shows, then the last tick; below that, one block a person.
_DROPPED = ((), (3,), (3, 6))


def _wide(members: list[Member], width: int) -> list[Text] | None:
    """The table as aligned lines (a Rich table of hundreds of rows costs more than all the
    plans behind it), dropping columns to fit ``width``; ``None`` if it can't fit."""
    rows = []
    for m in members:
        values = cells(m, short=True)
        if m.problem is not None:  # the problem itself goes under the table
            values = (*values[:5], "see below", "")
        rows.append(values)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(SHORT_HEADINGS)]
    for dropped in _DROPPED:
        kept = [i for i in range(len(widths)) if i not in dropped]
        if sum(widths[i] for i in kept) + 2 * (len(kept) - 1) <= width:
            break
    else:
        return None
    if dropped:  # say what was left out, and where to find it
        gone = " and ".join(HEADINGS[i].lower() for i in dropped)
        note = Text(f"Left out to fit the screen: {gone} (in --json, or a wider one).")
        note.stylize("dim")
    head = Text("  ".join(SHORT_HEADINGS[i].ljust(widths[i]) for i in kept).rstrip())
    head.stylize("bold")
    lines = [head]
    for m, values in zip(members, rows, strict=True):
        line = Text()
        for i in kept:
            if i != kept[0]:
                line.append("  ")
            line.append_text(_styled(m, HEADINGS[i], values[i].ljust(widths[i])))
        line.rstrip()
        lines.append(line)
    return [*lines, note] if dropped else lines


def _problems(members: list[Member]) -> list[RenderableType]:
    return [
        Text(f"{m.name} can't be read: {m.problem}", style="yellow")
        for m in members
        if m.problem is not None
    ]


def _stacked(members: list[Member]) -> list[RenderableType]:
    """One small block a person, for a narrow terminal."""
    out: list[RenderableType] = []
    for m in members:
        values = cells(m)
        out.append(Text(m.name, style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        if m.problem is not None:
            grid.add_row("Problem", Text(m.problem, style="yellow"))
        else:
            for heading, value in zip(HEADINGS[1:], values[1:], strict=True):
                grid.add_row(heading, _styled(m, heading, value))
        out.append(Padding(grid, (0, 0, 0, 2)))
    return out


def cohort(term: Console, members: list[Member], today: date, everyone: int) -> None:
    if not everyone:
        show(term, Text(EMPTY))
        return
    head = Text()
    head.append("The cohort", style="bold")
    head.append(f"  (as of {today.isoformat()})", style="dim")
    if not members:
        show(term, head, Text(f"Nobody is behind among the {everyone} saved profiles."))
        return
    table = None if narrow(term) else _wide(members, term.width)
    body = _stacked(members) if table is None else [*table, *_problems(members)]
    shown = f"{len(members)} of {everyone}" if len(members) != everyone else f"{everyone}"
    tail = Text(
        f"{shown} profiles. 'pomplan --profile NAME plan' shows one person's plan.", style="dim"
    )
    show(term, head, *body, tail)


def _field_line(name: str, field: str, old: object, new: object) -> Text:
    from pomplan.cohort_import import shown

    return Text(f"    {name}: {field} {shown(field, old)} -> {shown(field, new)}")


def cohort_import(term: Console, source: str, planned: Planned, written: Written | None) -> None:
    out: list[RenderableType] = []
    verb = "Created" if written is not None else "Create"
    if planned.create:
        out.append(Text(f"{verb} {len(planned.create)}:", style="bold"))
        out.append(Text("    " + ", ".join(e.name for e in planned.create)))
    verb = "Changed" if written is not None else "Change"
    if planned.change:
        out.append(Text(f"{verb} {len(planned.change)}:", style="bold"))
        for entry, changes in planned.change:
            out += [_field_line(entry.name, c.field, c.old, c.new) for c in changes]
    if planned.unchanged:
        out.append(Text(f"Unchanged {len(planned.unchanged)}.", style="bold"))
    if planned.bad:
        out.append(Text(f"Bad rows, skipped: {len(planned.bad)}", style="bold yellow"))
        for b in planned.bad:
            who = f" ({b.name})" if b.name else ""
            out.append(Text(f"    row {b.row}{who}: {b.problem}", style="yellow"))
    if written is None:
        if planned.writes:
            out.append(Text("Nothing written; run again with --yes to write it.", style="dim"))
        else:
            out.append(Text("Nothing to write.", style="dim"))
    else:
        for b in written.failed:
            out.append(Text(f"Not written: {b.name}: {b.problem}", style="yellow"))
        for path in written.kept:
            out.append(Text(f"A hand-edited profile was copied to {path} first.", style="dim"))
        if written.written:
            count = len(written.written)
            profiles = "profile" if count == 1 else "profiles"
            out.append(Text(f"Wrote {count} {profiles}; progress was not touched.", "dim"))
    show(term, *out)


def cohort_export(term: Console, exported: Exported) -> None:
    out: list[RenderableType] = [
        Text(f"Wrote the cohort to {exported.folder}", style="bold"),
        Text(f"    {exported.index.name}: the table and everyone's timeline"),
        Text(f"    {len(exported.plans)} plans in plans/ as {exported.form}"),
    ]
    for name, problem in exported.problems:
        out.append(Text(f"No plan for {name}: {problem}", style="yellow"))
    if exported.replaced:
        out.append(Text(f"Replaced {_files(exported.replaced)} pomplan had written before.", "dim"))
    if exported.others:
        out.append(Text(f"Left {_files(exported.others, 'other ')} there as they were.", "dim"))
    show(term, *out)


def _files(count: int, kind: str = "") -> str:
    return f"1 {kind}file" if count == 1 else f"{count} {kind}files"
