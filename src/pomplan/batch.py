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

import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from pomplan import batch_lines
from pomplan.batch_cells import (
    _LONGEST,
    _NESTED,
    CONTAINED,
    NUMBERS,
    _surrogate,
    decimal_comma,
    given,
    problems,
    said,
    unusable,
)
from pomplan.batch_header import COLUMNS, KNOWN, Cells, header_of, slip
from pomplan.batch_lines import SURROGATE, Line, lines
from pomplan.errors import PomplanError
from pomplan.model import Given
from pomplan.served import served

_KNOWN = KNOWN


class Row(NamedTuple):
    number: int  # counting from 1, after the header; blank lines are not rows
    ident: Any  # the row's id, as given (None when there is none)
    values: dict[str, Any] | None  # field -> value as read; None when the row is unreadable
    problem: str | None = None  # the first problem found reading the row
    line: int = 0  # the line of the file where the row starts (the first line is 1)
    extra: dict[str, Any] | None = None  # the columns pomplan does not use, in the file's order
    more: tuple[str, ...] = ()  # further problems found reading the row, after ``problem``

    @property
    def reading(self) -> tuple[str, ...]:
        """Every problem found reading the row (not yet its values' checks)."""
        return () if self.problem is None else (self.problem, *self.more)


class Failure(NamedTuple):
    row: int
    ident: Any
    message: str
    line: int = 0  # the line of the file where the row starts (0: not known)


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


class Rows:
    """The rows of a CSV (with a header) or JSON Lines stream, told apart by the file's suffix
    or, failing that, by its first character; iterate over it once. What reading found about
    the whole input is kept as it goes: the columns (or keys) pomplan does not use, in the
    order met, whether there was a header, and the kind of file."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self.name = name
        self.unknown: dict[str, None] = {}  # the columns or keys carried through, in order
        self.unnamed = 0  # header cells with no name: their columns are left out
        self.kind = ""  # "csv" or "jsonl", once the first line is read ("" if there was none)
        self.header = False  # a CSV header was read
        self._stream: TextIO | None = stream
        self._rows: Iterator[Row] = iter(())

    def __iter__(self) -> Iterator[Row]:
        if self._stream is not None:  # the first time: what kind of file, from its first line
            stream, self._stream = self._stream, None
            self._rows = self._start(stream)
        return self._rows  # the reading generator itself: no layer between it and the run

    def __next__(self) -> Row:
        return next(iter(self))

    def _start(self, stream: TextIO) -> Iterator[Row]:
        each = enumerate(lines(stream), 1)
        for number, first in each:
            if first[1] is not None or first[0].strip():
                rest = chain(((number, first),), each)  # blank lines before it: no rows
                self.kind = _kind(self.name, first[0])
                return self._jsonl(rest) if self.kind == "jsonl" else self._csv(rest)
        return iter(())

    def _csv(self, lines: Iterator[tuple[int, Line]]) -> Iterator[Row]:
        header_line = next(lines)[1]
        delimiter = batch_lines.delimiter(header_line[0])
        names = header_of(header_line, self.name, delimiter)
        self.header = True
        columns = [n if n in _KNOWN else None for n in names]
        self.unnamed = sum(1 for n in names if n == "")
        self.unknown.update((n, None) for n in names if n and n not in _KNOWN)
        extras = [(i, n) for i, n in enumerate(names) if n and n not in _KNOWN]
        numbers = [c for c in NUMBERS if c in names] if delimiter == ";" else []
        count, split = 0, Cells(delimiter)
        for line, (text, problem) in lines:
            cells, problem = ([], problem) if problem else split(text)
            if problem is None and not any(cell.strip() for cell in cells):
                continue  # a blank line, or a row of empty cells (spreadsheets write those)
            count += 1
            if problem is not None:  # the line itself could not be read: no values
                ident = _csv_id({c: v for c, v in zip(columns, cells, strict=False) if c})
                yield Row(count, ident, None, problem, line)
                continue
            if len(cells) > len(names):
                problem = f"has {len(cells)} cells but the header names {len(names)} columns"
            values = {c: v for c, v in zip(columns, cells, strict=False) if v.strip() and c}
            for column in numbers:
                if column in values:
                    values[column] = decimal_comma(values[column])
            extra = {n: cells[i] if i < len(cells) else "" for i, n in extras} if extras else None
            yield Row(count, _csv_id(values), values, problem, line, extra)

    def _jsonl(self, lines: Iterable[tuple[int, Line]]) -> Iterator[Row]:
        count = 0
        for line, (text, problem) in lines:
            if problem is None and not text.strip():
                continue
            count += 1
            if problem:
                yield Row(count, None, None, problem, line)
                continue
            row = _json_row(count, text, line)
            if row.extra is not None:
                self.unknown.update(dict.fromkeys(row.extra))
            yield row


def read_rows(stream: TextIO, name: str) -> Rows:
    """The rows of a CSV (with a header) or JSON Lines stream (see :class:`Rows`). A line that
    can't be read (too long, not UTF-8, a quote left open) is that row's problem; the next line
    is read as usual. A column or key pomplan does not use is carried in the row's ``extra``,
    unless its name is so close to one pomplan uses that it is taken for a typing slip."""
    return Rows(stream, name)


def _csv_id(values: dict[str, str]) -> str | None:
    ident = values.get("id")
    return ident.strip() if ident is not None and ident.strip() else None


class _Unusable(ValueError):
    """A JSON constant pomplan does not read: NaN, Infinity, -Infinity."""


def _constant(word: str) -> Any:
    raise _Unusable(f"{word} is not a number pomplan can use; give a finite number")


_loads = json.JSONDecoder(parse_constant=_constant).decode


def _json_row(number: int, text: str, line: int = 0) -> Row:
    try:
        values = _loads(text)
    except RecursionError:
        return Row(number, None, None, f"not JSON pomplan reads: {_NESTED}", line)
    except json.JSONDecodeError as exc:
        return Row(number, None, None, f"not JSON: {exc.msg}", line)
    except _Unusable as exc:
        return Row(number, None, None, f"not JSON pomplan reads: {exc}", line)
    except ValueError:  # int() refuses a number this long (sys.get_int_max_str_digits)
        most = f"{sys.get_int_max_str_digits():,}"
        return Row(number, None, None, f"a number has more than {most} digits; shorten it", line)
    if not isinstance(values, dict):
        return Row(number, None, None, "not a JSON object; write one {...} per line", line)
    ident = values.get("id")
    problem = None
    if isinstance(ident, str) and not ident.isascii() and SURROGATE.search(ident):
        problem = _surrogate("id", ident)
        ident = None
    elif not _scalar(ident) or (ident.__class__ is int and not -_LONGEST < ident < _LONGEST):
        ident, problem = None, "id: give text or a number"
    if _KNOWN.issuperset(values):  # the fast path: only keys pomplan uses
        return Row(number, ident, None if problem else values, problem, line)
    return _json_extra(number, ident, values, problem, line)


def _json_extra(
    number: int, ident: Any, values: dict[str, Any], problem: str | None, line: int
) -> Row:
    """A JSON row with keys pomplan does not use: they go to ``extra``, but a key that is a
    typing slip of one of pomplan's is a problem of the row (its value stays in ``values``)."""
    slips, extra = [], {}
    for key, value in values.items():
        if key in _KNOWN:
            continue
        if (meant := slip(key)) is not None:
            slips.append(f"unknown key {key!r}; did you mean {meant!r}? keys: {', '.join(COLUMNS)}")
        else:
            extra[key] = value
    known = {k: v for k, v in values.items() if k not in extra}
    found = [p for p in (problem, *slips) if p is not None]
    first, more = (found[0], tuple(found[1:])) if found else (None, ())
    return Row(number, ident, None if problem else known, first, line, extra or None, more)


def _scalar(value: Any) -> bool:
    """An id: text, or a finite number (true and false are not ids)."""
    if value.__class__ is float:
        return math.isfinite(value)
    return value is None or value.__class__ in (str, int)


# The run ----------------------------------------------------------------------------------


class Run:
    """The rows, each checked, handed in order to a writer as ``(row, given, problems)``
    (``given`` is None for a bad row, ``problems`` every problem of a bad row, in order, and
    empty for a good one). The run counts the rows and the bad ones; with ``strict`` the first
    bad row stops it (as an error naming the row). A format gives the writer
    (``render.rows``); the command reads the count afterwards."""

    def __init__(self, rows: Iterable[Row], strict: bool, today: date | None = None) -> None:
        self.rows, self.strict = rows, strict
        self.today = today  # a row's experience_on counts the years since, up to this day
        self.total = self.failed = 0
        self.first: Failure | None = None  # the first bad row, if any
        # Keys of the user's own a CSV output had to leave out (met after its header).
        self.left_out: dict[str, None] = {}

    def each(self, write: Callable[[Row, Given | None, tuple[str, ...]], None]) -> None:
        """Check every row and hand it to ``write``, in order."""
        total = failed = 0
        key: Given | None
        try:
            for row in self.rows:
                total += 1
                values = row.values
                if row.problem is None and values is not None:  # as check(), without a call
                    try:
                        key, found = given(values), _NONE
                    except (PomplanError, *CONTAINED):
                        key, found = check(row)
                else:
                    key, found = check(row)
                if found:
                    failed += 1
                    self._bad(row, found[0])
                elif key is not None and key.experience_on is not None and self.today is not None:
                    key = served(key, self.today)  # no day given (most rows): nothing to add
                try:
                    write(row, key, found)  # a writer puts a line together, then writes it
                except CONTAINED as exc:
                    if key is None:
                        raise
                    failed += 1
                    self._bad(row, problem := unusable(exc))
                    write(row, None, (problem,))
        finally:
            self.total, self.failed = total, failed

    def _bad(self, row: Row, problem: str) -> None:
        if self.first is None:
            self.first = Failure(row.number, row.ident, problem, row.line)
        if self.strict:
            raise PomplanError(
                f"{_where(self.first)}: {problem}", "fix it, or leave out --strict to go on past it"
            )

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.total, self.failed, self.first)


_NONE: tuple[str, ...] = ()


def check(row: Row) -> tuple[Given | None, tuple[str, ...]]:
    """A row's values checked as the flags are, or None and every problem of the row: those
    found reading it, then those of its values, field by field."""
    values = row.values
    if row.problem is None and values is not None:
        try:
            return given(values), _NONE  # the fast path: a good row
        except PomplanError as exc:
            return None, tuple(problems(values) or [said(exc)])
        except CONTAINED as exc:  # a check that missed a value: this row only
            return None, (unusable(exc),)
    found = list(row.reading)
    if values is not None:
        try:
            given(values)
        except PomplanError as exc:
            found += problems(values) or [said(exc)]
        except CONTAINED as exc:
            found.append(unusable(exc))
    return None, tuple(found)


def _where(f: Failure) -> str:
    said = [f"line {f.line}"] if f.line else []
    said += [f"id {f.ident}"] if f.ident not in (None, "") else []
    return f"row {f.row}" + (f" ({', '.join(said)})" if said else "")


def summary(outcome: Outcome, first: Failure) -> str:
    """The line on stderr after a run with bad rows."""
    rows = "row" if outcome.rows == 1 else "rows"
    return (
        f"{outcome.failed} of {outcome.rows} {rows} could not be estimated and have an error "
        f"record in the output; the first, {_where(first)}: {first.message}"
    )


def notes(run: Run, name: str) -> list[str]:
    """What to tell the person on stderr after a run: the columns (or keys) of their own that
    were carried through, any a CSV output had to leave out, and an input with no rows."""
    rows = run.rows
    said = []
    where = "standard input" if name == "-" else name
    if isinstance(rows, Rows):
        what = "key" if rows.kind == "jsonl" else "column"
        if len(rows.unknown) == 1:
            said.append(
                f"the {what} {next(iter(rows.unknown))} is not pomplan's: it is carried through "
                "as it is"
            )
        elif rows.unknown:
            said.append(
                f"the {what}s {', '.join(rows.unknown)} are not pomplan's: they are carried "
                "through as they are"
            )
        if rows.unnamed:
            said.append(f"{rows.unnamed} column(s) with no name in the header are left out")
        if not run.total:
            said.append(
                f"{where} has a header but no rows: nothing to estimate"
                if rows.header
                else f"{where} is empty: nothing to estimate"
            )
    if run.left_out:
        said.append(
            f"the CSV output leaves out the keys {', '.join(run.left_out)}, which first come "
            "after the first row (its header names only the first row's); use --format jsonl "
            "to keep them"
        )
    return said
