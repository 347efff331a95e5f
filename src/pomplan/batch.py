"""The run behind ``pomplan estimate --input FILE``: one estimate per row of a CSV or JSON
Lines file.

Rows are read, estimated and written one at a time, so memory stays flat however long the
input is. Each row stands alone: a field left empty takes the reference value, as an omitted
flag does when no profile is saved; the saved profile and POMPLAN_* profile variables are
not used. This module reads the rows and checks each cell against the field
table; :class:`Run` goes through them, and a format of ``render.rows`` writes each row's
estimate (JSON Lines or CSV, put together from cached pieces by ``render.json_lines``).
Every cache is bounded.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from pomplan.batch_cells import _LONGEST, _NESTED, _surrogate, given
from pomplan.batch_lines import NOT_UTF8, SURROGATE, Line, lines
from pomplan.content import did_you_mean
from pomplan.errors import PomplanError, UsageProblem
from pomplan.fields import names
from pomplan.model import Given
from pomplan.served import served

COLUMNS = ("id", *names())  # the JSON names: degree, background, experience_years, ...
_KNOWN = frozenset(COLUMNS)


class Row(NamedTuple):
    number: int  # counting from 1, after the header; blank lines are not rows
    ident: Any  # the row's id, as given (None when there is none)
    values: dict[str, Any] | None  # field -> value as read; None when the row is unreadable
    problem: str | None = None


class Failure(NamedTuple):
    row: int
    ident: Any
    message: str


class Outcome(NamedTuple):
    rows: int
    failed: int
    first: Failure | None  # the first bad row, if any


# Reading ----------------------------------------------------------------------------------


def _kind(name: str, first: str) -> str:
    suffix = Path(name).suffix.lower() if name != "-" else ""
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "jsonl" if first.lstrip().startswith("{") else "csv"


def read_rows(stream: TextIO, name: str, also: tuple[str, ...] = ()) -> Iterator[Row]:
    """The rows of a CSV (with a header) or JSON Lines stream, told apart by the file's
    suffix or, failing that, by its first character. A line that can't be read (too long,
    not UTF-8, a quote left open) is that row's problem; the next line is read as usual.
    ``also`` names columns accepted beside the batch's own (a roster's ``name``, ``start``)."""
    each = lines(stream)
    known = (*COLUMNS, *also)
    for first in each:
        if first[1] is not None or first[0].strip():
            rest = chain((first,), each)  # blank lines before the first row or header dropped
            if _kind(name, first[0]) == "jsonl":
                return _jsonl(rest, known)
            return _csv(rest, name, known)
    return iter(())


def _column(raw: str) -> str:
    return raw.strip().lower().replace(" ", "_").replace("-", "_")


def _header(cells: list[str], name: str, known: tuple[str, ...] = COLUMNS) -> list[str]:
    columns = [_column(c) for c in cells]
    for raw, column in zip(cells, columns, strict=True):
        if column not in known:
            hint = did_you_mean(column, known)
            raise UsageProblem(
                f"--input {name}: unknown column {raw.strip()!r}; {hint}columns: {', '.join(known)}"
            )
    seen = [c for i, c in enumerate(columns) if c in columns[:i]]
    if seen:
        raise UsageProblem(f"--input {name}: column {seen[0]!r} appears twice; keep one")
    return columns


UNCLOSED = (
    "a quote opens a cell that does not close on this line; close it (a cell can't hold "
    "a line break)"
)


class _Cells:
    """One line's cells per call, from one reader fed a line at a time. Each line is read on
    its own, so a quote left open spoils only its own row: a cell that runs over several lines
    is not read (it is that row's problem)."""

    def __init__(self) -> None:
        self.line: str | None = None
        self.reader = csv.reader(self)

    def __iter__(self) -> _Cells:
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


def _header_of(line: Line, name: str, known: tuple[str, ...]) -> list[str]:
    text, problem = line
    if problem == NOT_UTF8:
        where = "standard input" if name == "-" else repr(name)
        raise PomplanError(f"--input: {where} is {NOT_UTF8}")
    cells, unsplit = _Cells()(text)
    if (problem := problem or unsplit) is not None:
        raise PomplanError(f"--input {name}: the header line is {problem}")
    return _header(cells, name, known)


def _csv(lines: Iterator[Line], name: str, known: tuple[str, ...]) -> Iterator[Row]:
    columns = _header_of(next(lines), name, known)
    number, split = 0, _Cells()
    for text, problem in lines:
        cells, problem = ([], problem) if problem else split(text)
        if problem is None and not any(cell.strip() for cell in cells):
            continue  # a blank line, or a row of empty cells (spreadsheets write those)
        number += 1
        if problem is None and len(cells) > len(columns):
            problem = f"has {len(cells)} cells but the header names {len(columns)} columns"
        if problem is not None:
            yield Row(number, _csv_id(dict(zip(columns, cells, strict=False))), None, problem)
            continue
        values = {c: v for c, v in zip(columns, cells, strict=False) if v.strip()}
        yield Row(number, _csv_id(values), values)


def _csv_id(values: dict[str, str]) -> str | None:
    ident = values.get("id")
    return ident.strip() if ident is not None and ident.strip() else None


class _Unusable(ValueError):
    """A JSON constant pomplan does not read: NaN, Infinity, -Infinity."""


def _constant(word: str) -> Any:
    raise _Unusable(f"{word} is not a number pomplan can use; give a finite number")


_loads = json.JSONDecoder(parse_constant=_constant).decode


def _jsonl(lines: Iterable[Line], known: tuple[str, ...] = COLUMNS) -> Iterator[Row]:
    number = 0
    for text, problem in lines:
        if problem is None and not text.strip():
            continue
        number += 1
        yield Row(number, None, None, problem) if problem else _json_row(number, text, known)


def _json_row(number: int, text: str, known: tuple[str, ...] = COLUMNS) -> Row:
    try:
        values = _loads(text)
    except RecursionError:
        return Row(number, None, None, f"not JSON pomplan reads: {_NESTED}")
    except json.JSONDecodeError as exc:
        return Row(number, None, None, f"not JSON: {exc.msg}")
    except _Unusable as exc:
        return Row(number, None, None, f"not JSON pomplan reads: {exc}")
    except ValueError:  # int() refuses a number this long (sys.get_int_max_str_digits)
        most = f"{sys.get_int_max_str_digits():,}"
        return Row(number, None, None, f"a number has more than {most} digits; shorten it")
    if not isinstance(values, dict):
        return Row(number, None, None, "not a JSON object; write one {...} per line")
    ident = values.get("id")
    problem = None
    if isinstance(ident, str) and not ident.isascii() and SURROGATE.search(ident):
        problem = _surrogate("id", ident)
        ident = None
    elif not _scalar(ident) or (ident.__class__ is int and not -_LONGEST < ident < _LONGEST):
        ident, problem = None, "id: give text or a number"
    if problem is None and not _KNOWN.issuperset(values):
        unknown = [k for k in values if k not in known]
        if unknown:
            hint = did_you_mean(unknown[0], known)
            problem = f"unknown key {unknown[0]!r}; {hint}keys: {', '.join(known)}"
    return Row(number, ident, None if problem else values, problem)


def _scalar(value: Any) -> bool:
    """An id: text, or a finite number (true and false are not ids)."""
    if value.__class__ is float:
        return math.isfinite(value)
    return value is None or value.__class__ in (str, int)


# The run ----------------------------------------------------------------------------------


class Run:
    """The rows, each checked, handed in order to a writer as ``(row, given, problem)``
    (``given`` is None for a bad row, ``problem`` None for a good one). The run counts the rows
    and the bad ones; with ``strict`` the first bad row stops it (as an error naming the row).
    A format gives the writer (``render.rows``); the command reads the count afterwards."""

    def __init__(self, rows: Iterable[Row], strict: bool, today: date | None = None) -> None:
        self.rows, self.strict = rows, strict
        self.today = today  # a row's experience_on counts the years since, up to this day
        self.total = self.failed = 0
        self.first: Failure | None = None  # the first bad row, if any

    def each(self, write: Callable[[Row, Given | None, str | None], None]) -> None:
        """Check every row and hand it to ``write``, in order."""
        total = failed = 0
        try:
            for row in self.rows:
                total += 1
                problem = row.problem
                key = None
                if problem is None and row.values is not None:
                    try:
                        key = given(row.values)
                        if self.today is not None:
                            key = served(key, self.today)
                    except PomplanError as exc:
                        problem = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
                    except _CONTAINED as exc:  # a check that missed a value: this row only
                        problem = _unusable(exc)
                if problem is not None:
                    failed += 1
                    self._bad(row, problem)
                try:
                    write(row, key, problem)  # a writer puts a line together, then writes it
                except _CONTAINED as exc:
                    if key is None:
                        raise
                    failed += 1
                    self._bad(row, problem := _unusable(exc))
                    write(row, None, problem)
        finally:
            self.total, self.failed = total, failed

    def _bad(self, row: Row, problem: str) -> None:
        if self.first is None:
            self.first = Failure(row.number, row.ident, problem)
        if self.strict:
            raise PomplanError(
                f"{_where(self.first)}: {problem}", "fix it, or leave out --strict to go on past it"
            )

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.total, self.failed, self.first)


# What a row's values can still raise past the checks; the row gets an error record.
_CONTAINED = (ArithmeticError, RecursionError, ValueError)


def _unusable(exc: Exception) -> str:
    return f"its values could not be worked with ({type(exc).__name__}); check its numbers"


def _where(f: Failure) -> str:
    return f"row {f.row}" + (f" (id {f.ident})" if f.ident not in (None, "") else "")


def summary(outcome: Outcome, first: Failure) -> str:
    """The line on stderr after a run with bad rows."""
    rows = "row" if outcome.rows == 1 else "rows"
    return (
        f"{outcome.failed} of {outcome.rows} {rows} could not be estimated and have an error "
        f"record in the output; the first, {_where(first)}: {first.message}"
    )
