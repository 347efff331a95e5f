"""The header of an ``estimate --input`` CSV file and the cells of its lines: which columns are
pomplan's (in their JSON spelling), which are the user's own (carried through as they are),
and which look like a typing slip of one of pomplan's (refused, with the name meant).
:mod:`pomplan.batch` reads the rows.
"""

from __future__ import annotations

import csv
import difflib

from pomplan.batch_lines import NOT_UTF8, Line
from pomplan.errors import PomplanError, UsageProblem
from pomplan.fields import names

COLUMNS = ("id", *names())  # the JSON names: degree, background, experience_years, ...
KNOWN = frozenset(COLUMNS)


def _column(raw: str) -> str:
    return raw.strip().lower().replace(" ", "_").replace("-", "_")


# How close an unknown column's name may come to one of pomplan's before it is taken for a
# typing slip (refused, with the name meant) rather than a column of the user's own (carried
# through): pomplan's judgement, as a difflib ratio. 'degre' (0.91), 'ids' (0.8) are slips;
# 'name', 'email', 'start', 'date', 'group' are not near any.
SLIP = 0.8


def slip(column: str) -> str | None:
    """The column of pomplan's that ``column`` looks like a typing slip of, if any: a close
    spelling, or the first word of one ('hours', 'experience', 'cert')."""
    near = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=SLIP)
    if near:
        return near[0]
    starts = [c for c in COLUMNS if len(column) >= 4 and c.startswith(column)]
    return starts[0] if starts else None


def _header(cells: list[str], name: str) -> list[str]:
    """The header's column names: pomplan's own in their JSON spelling, the others as given
    (stripped); a name that is a slip of one of pomplan's is refused."""
    if cells and cells[0].lstrip().startswith("{"):
        raise UsageProblem(
            f"--input {name}: the header line looks like JSON, not CSV; a JSON Lines file's "
            "name ends in .jsonl"
        )
    columns = []
    for raw in cells:
        column = _column(raw)
        if column in KNOWN:
            columns.append(column)
            continue
        meant = slip(column)
        if meant is not None:
            raise UsageProblem(
                f"--input {name}: unknown column {raw.strip()!r}; did you mean {meant!r}? "
                f"columns: {', '.join(COLUMNS)} (a column of your own, such as name or email, "
                "is carried through)"
            )
        columns.append(raw.strip())
    seen = [c for i, c in enumerate(columns) if c and c in columns[:i]]
    if seen:
        raise UsageProblem(
            f"--input {name}: column {seen[0]!r} appears twice; keep one (the header names "
            "each column once)"
        )
    return columns


UNCLOSED = (
    "a quote opens a cell that does not close on this line; close it (a cell can't hold "
    "a line break)"
)


class Cells:
    """One line's cells per call, from one reader fed a line at a time. Each line is read on
    its own, so a quote left open spoils only its own row: a cell that runs over several lines
    is not read (it is that row's problem)."""

    def __init__(self, delimiter: str = ",") -> None:
        self.line: str | None = None
        self.reader = csv.reader(self, delimiter=delimiter)

    def __iter__(self) -> Cells:
        return self

    def __next__(self) -> str:
        line, self.line = self.line, None
        if line is None:
            raise StopIteration
        return line

    def __call__(self, text: str) -> tuple[list[str], str | None]:
        self.line = text if text[-1] in "\r\n" else text + "\n"
        try:
            cells = next(self.reader, [])
        except csv.Error as exc:
            return [], f"not CSV that can be read: {exc}"
        if cells and cells[-1][-1:] in ("\n", "\r"):  # the line ended inside quotes
            return cells[:-1], UNCLOSED
        return cells, None


def header_of(line: Line, name: str, delimiter: str) -> list[str]:
    text, problem = line
    if problem == NOT_UTF8:
        where = "standard input" if name == "-" else repr(name)
        raise PomplanError(f"--input: {where} is {NOT_UTF8}")
    cells, unsplit = Cells(delimiter)(text)
    if (problem := problem or unsplit) is not None:
        raise PomplanError(f"--input {name}: the header line is {problem}")
    return _header(cells, name)
