"""The plan's timeline: a small Gantt chart, in block characters on a terminal, ASCII elsewhere."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from pomplan.model import (
    Plan,
)
from pomplan.render.terminal.console import recorder


def _column(day: date, first: date, days_per_cell: float, cells: int) -> int:
    return min(max(int((day - first).days / days_per_cell), 0), cells - 1)


def _axis(first: date, last: date, cells: int, days_per_cell: float) -> str:
    row = [" "] * cells
    span_years = (last - first).days / 365.25
    marks: list[tuple[date, str]] = []
    if span_years >= 2:
        step = max(1, int(span_years // max(cells // 6, 1)) + 1) if span_years > cells / 6 else 1
        marks = [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1, step)]
    else:
        for y in range(first.year, last.year + 1):
            for m in (1, 4, 7, 10):
                day = date(y, m, 1)
                if first < day <= last:
                    marks.append((day, f"{y}-{m:02d}" if m == 1 or not marks else f"{m:02d}"))
    free = 0
    for day, label in marks:
        col = _column(day, first, days_per_cell, cells)
        if col >= free and col + len(label) <= cells:
            row[col : col + len(label)] = list(label)
            free = col + len(label) + 1
    return "".join(row).rstrip()


def timeline_lines(p: Plan, width: int) -> list[str]:
    """The timeline in plain ASCII, line by line, for a document."""
    out = recorder(width, terminal=False)
    out.print(timeline(p, width, fancy=False))
    return [line.rstrip() for line in out.export_text().splitlines()]


def timeline(p: Plan, width: int, fancy: bool) -> Group:
    """A small Gantt chart: one bar per phase, the finish window, today marked."""
    names = [ph.name for ph in p.phases] + ["Finish"]
    label_width = min(max(len(n) for n in names), 18 if width >= 60 else 11) + 1
    count_width = 6
    cells = max(width - label_width - count_width - 1, 10)
    first, last = p.start, max(p.finish[1], p.end, p.today if p.today > p.start else p.start)
    days_per_cell = max((last - first).days, 1) / cells
    now = _column(p.today, first, days_per_cell, cells) if first <= p.today <= last else None
    done_char, open_char, window_char = ("█", "░", "·") if fancy else ("#", "=", "~")
    today_char = "│" if fancy else "|"

    def row(label: str, start: date, end: date, fraction: float, tail: str, fill: str) -> Text:
        a = _column(start, first, days_per_cell, cells)
        b = max(_column(end, first, days_per_cell, cells), a)
        text = Text(label[: label_width - 1].ljust(label_width))
        filled = a + round((b - a + 1) * fraction)
        for col in range(cells):
            if a <= col <= b:
                char, style = (done_char, "green") if col < filled else (fill, "cyan")
            elif col == now:
                char, style = today_char, "yellow"
            else:
                char, style = " ", ""
            text.append(char, style=style)
        text.append(f" {tail}".rjust(count_width + 1))
        return text

    axis = _axis(first, last, cells, days_per_cell)
    rows: list[RenderableType] = [Text(" " * label_width + axis)]
    for ph in p.phases:
        members = [m for m in p.scheduled if m.phase == ph.id]
        finished = sum(1 for m in members if m.done)
        fraction = finished / len(members) if members else 0.0
        tally = f"{finished}/{len(members)}"
        rows.append(row(ph.name, ph.start, ph.end, fraction, tally, open_char))
    rows.append(row("Finish", p.finish[0], p.finish[1], 0.0, "", window_char))
    if now is not None:
        rows.append(Text(" " * (label_width + now) + "^ today", style="yellow"))
    key = (
        f"{done_char} done  {open_char} to do  {window_char} finish window (your range)"
        f"  {today_char} today"
    )
    rows.append(Text(key, style="dim"))
    return Group(*rows)
