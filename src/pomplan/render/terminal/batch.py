"""``estimate --input`` on a terminal: one line of a table per row (where it is in the file, who
it is, the years, the path, what is wrong), drawn a block of rows at a time so that memory stays
flat however long the input is. Narrow terminals get one line per row instead of a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pomplan.fields import plain
from pomplan.render.json_lines import EstimateLines
from pomplan.render.terminal.console import narrow, show
from pomplan.text import escape

if TYPE_CHECKING:
    from pomplan.batch import Row, Run
    from pomplan.model import Given
    from pomplan.rules import Rules

BLOCK = 200  # rows drawn at a time: a table needs its rows before it can size its columns


class Line(NamedTuple):
    line: int
    ident: str
    name: str
    years: str
    path: str
    problems: tuple[str, ...]


def _text(value: Any) -> str:
    """A value of the file as text, its control and bidirectional characters escaped before
    the table measures it (so that a cell is as wide as drawn)."""
    return escape("" if value is None else value if isinstance(value, str) else str(value))


def _short(problem: str) -> str:
    """A problem as a table cell: the list of every valid value is left out (the JSON Lines
    record has it whole); what is wrong and a did-you-mean stay."""
    head, sep, _ = problem.partition("; choose from: ")
    return f"{head} (see 'pomplan estimate --help')" if sep else problem


def batch(term: Console, run: Run, rules: Rules) -> None:
    """Every row of ``run``, estimated, as a table (a block of rows at a time)."""
    lines = EstimateLines(rules)
    block: list[Line] = []

    def write(row: Row, key: Given | None, errors: tuple[str, ...]) -> None:
        years = path = ""
        if key is not None:
            solved = lines.solve(key)
            years = f"{plain(solved.years.low)}-{plain(solved.years.high)}"
            path = solved.path + (" (picked)" if solved.automatic else "")
        name = _text((row.extra or {}).get("name"))
        problems = tuple(escape(_short(e)) for e in errors)
        block.append(Line(row.line, _text(row.ident), name, years, path, problems))
        if len(block) >= BLOCK:
            _draw(term, block)
            block.clear()

    try:
        run.each(write)
    finally:  # the rows read before a --strict stop are still shown
        if block:
            _draw(term, block)
    if run.total:
        good = run.total - run.failed
        show(term, Text(f"{good} of {run.total} estimated; years are low-high", style="dim"))


def _draw(term: Console, block: list[Line]) -> None:
    has_id = any(line.ident for line in block)
    has_name = any(line.name for line in block)
    if narrow(term):
        show(term, *(Text(_one_line(line, has_id, has_name)) for line in block))
        return
    table = Table(box=None, padding=(0, 2, 0, 0), header_style="bold")
    table.add_column("line", justify="right", no_wrap=True)
    if has_id:
        table.add_column("id", overflow="fold")
    if has_name:
        table.add_column("name", overflow="fold")
    table.add_column("years", no_wrap=True)
    table.add_column("path", no_wrap=True)
    table.add_column("problems", overflow="fold", ratio=1)
    for line in block:  # Text, never markup: a name such as '[/b]' is shown as it is
        cells = [Text(str(line.line))]
        cells += [Text(line.ident)] if has_id else []
        cells += [Text(line.name)] if has_name else []
        problems = Text("\n".join(line.problems), style="yellow")
        table.add_row(*cells, Text(line.years), Text(line.path), problems)
    show(term, table)


def _one_line(line: Line, has_id: bool, has_name: bool) -> str:
    parts = [line.ident] if has_id and line.ident else []
    parts += [line.name] if has_name and line.name else []
    parts += list(line.problems) if line.problems else [f"{line.years} years", line.path]
    return f"line {line.line}: " + ", ".join(parts)
