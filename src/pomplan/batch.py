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
import functools
import io
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from pomplan.content import did_you_mean
from pomplan.errors import PomplanError, UsageProblem
from pomplan.fields import CHOICE, FIELDS, NUMBER, Field, names
from pomplan.model import Given

COLUMNS = ("id", *names())  # the JSON names: degree, background, experience_years, ...
_KNOWN = frozenset(COLUMNS)
CACHE_SIZE = 1024  # entries per cache of checked values (and of the batch's document pieces)


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


def open_input(name: str) -> io.TextIOWrapper:
    """The file ``--input`` names, or standard input for ``-``; UTF-8, a BOM allowed."""
    if name == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    path = Path(name).expanduser()
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise PomplanError(f"--input: no file {name!r}", "check the path") from None
    except IsADirectoryError:
        raise PomplanError(f"--input: {name!r} is a folder", "name a CSV or JSONL file") from None
    except OSError as exc:
        raise PomplanError(f"--input: can't read {name!r}: {exc.strerror or exc}") from None


def _kind(name: str, first: str) -> str:
    suffix = Path(name).suffix.lower() if name != "-" else ""
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "jsonl" if first.lstrip().startswith("{") else "csv"


def read_rows(stream: TextIO, name: str) -> Iterator[Row]:
    """The rows of a CSV (with a header) or JSON Lines stream, told apart by the file's
    suffix or, failing that, by its first character."""
    lines = _lines(stream, name)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    if not head or not head[-1].strip():
        return iter(())
    rest = chain(head[-1:], lines)  # blank lines before the first row or header dropped
    return _jsonl(rest) if _kind(name, head[-1]) == "jsonl" else _csv(rest, name)


def _lines(stream: TextIO, name: str) -> Iterator[str]:
    try:
        for line in stream:  # noqa: UP028 (yield from would close stdin with this generator)
            yield line
    except UnicodeDecodeError:
        where = "standard input" if name == "-" else repr(name)
        raise PomplanError(
            f"--input: {where} is not UTF-8 text",
            "save it as UTF-8 (in a spreadsheet: CSV UTF-8)",
        ) from None


def _column(raw: str) -> str:
    return raw.strip().lower().replace(" ", "_").replace("-", "_")


def _header(cells: list[str], name: str) -> list[str]:
    columns = [_column(c) for c in cells]
    for raw, column in zip(cells, columns, strict=True):
        if column not in COLUMNS:
            hint = did_you_mean(column, COLUMNS)
            raise UsageProblem(
                f"--input {name}: unknown column {raw.strip()!r}; {hint}"
                f"columns: {', '.join(COLUMNS)}"
            )
    seen = [c for i, c in enumerate(columns) if c in columns[:i]]
    if seen:
        raise UsageProblem(f"--input {name}: column {seen[0]!r} appears twice; keep one")
    return columns


def _csv(lines: Iterable[str], name: str) -> Iterator[Row]:
    reader = csv.reader(lines)
    try:
        columns = _header(next(reader), name)
        number = 0
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or a row of empty cells (spreadsheets write those)
            number += 1
            if len(cells) > len(columns):
                problem = f"has {len(cells)} cells but the header names {len(columns)} columns"
                values = dict(zip(columns, cells, strict=False))
                yield Row(number, _csv_id(values), None, problem)
                continue
            values = {c: v for c, v in zip(columns, cells, strict=False) if v.strip()}
            yield Row(number, _csv_id(values), values)
    except csv.Error as exc:
        raise PomplanError(f"--input {name}: not CSV that can be read: {exc}") from None


def _scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int))


def _csv_id(values: dict[str, str]) -> str | None:
    ident = values.get("id")
    return ident.strip() if ident is not None and ident.strip() else None


def _jsonl(lines: Iterable[str]) -> Iterator[Row]:
    number = 0
    for line in lines:
        if not line.strip():
            continue
        number += 1
        try:
            values = json.loads(line)
        except ValueError as exc:
            yield Row(number, None, None, f"not JSON: {getattr(exc, 'msg', exc)}")
            continue
        if not isinstance(values, dict):
            yield Row(number, None, None, "not a JSON object; write one {...} per line")
            continue
        ident = values.get("id")
        if not _scalar(ident):
            yield Row(number, None, None, "id: give text or a number")
            continue
        if not _KNOWN.issuperset(values):
            unknown = [k for k in values if k not in COLUMNS]
            hint = did_you_mean(unknown[0], COLUMNS)
            problem = f"unknown key {unknown[0]!r}; {hint}keys: {', '.join(COLUMNS)}"
            yield Row(number, ident, None, problem)
            continue
        yield Row(number, ident, values)


# Checking ---------------------------------------------------------------------------------


def _text(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageProblem(f"{field}: expected text, got {json.dumps(value)}")
    return value if value.strip() else None


# A cohort repeats the same few values over and over: a value that is already exactly right is
# taken as it is, and the others are checked once per distinct value (the caches are bounded).
_NUMBERS = (str, int, float)  # not bool: true is not a number of hours


def _cell_check(f: Field) -> Callable[[Any], Any]:
    """The check of one field's cell: a value already exactly right is taken as it is; the
    others are checked as a flag is, once per distinct value."""
    name = f.name
    if f.kind == CHOICE:
        exact = frozenset(f.choices)

        def choice_cell(value: Any) -> Any:
            if value.__class__ is str and value in exact:
                return value
            return f.check(name, _text(name, value))

        return choice_cell
    if f.kind == NUMBER:

        def number_cell(value: Any) -> Any:
            if value is None:
                return None
            if value.__class__ not in _NUMBERS:
                raise UsageProblem(f"{name}: expected a number, got {json.dumps(value)}")
            return _checked_number(name, value, value.__class__.__name__)  # 1 and 1.0: two

        return number_cell

    def many_cell(value: Any) -> Any:
        if value.__class__ is list:
            if not all(v.__class__ is str for v in value):
                raise UsageProblem(f"{name}: expected a list of names, got {json.dumps(value)}")
            return _checked_many(name, tuple(value))
        return _checked_many(name, _text(name, value))

    return many_cell


@lru_cache(maxsize=CACHE_SIZE)
def _checked_number(name: str, value: Any, kind: str) -> Decimal | None:
    text = _text(name, value if kind == "str" else repr(value))
    checked: Decimal | None = _BY_NAME[name].check(name, text)
    return checked


@lru_cache(maxsize=CACHE_SIZE)
def _checked_many(name: str, value: tuple[str, ...] | str | None) -> tuple[str, ...] | None:
    """A list of names ([] for none held), or the names in one text separated by ';'."""
    if value is None:
        return None
    names = list(value) if isinstance(value, tuple) else value.split(";")
    checked: tuple[str, ...] | None = _BY_NAME[name].check(name, names) if names else ()
    return checked


_BY_NAME = {f.name: f for f in FIELDS}
_CHECKS = tuple((f.name, _cell_check(f)) for f in FIELDS)
_given = functools.partial(tuple.__new__, Given)  # one value per field, in the table's order


def given(values: dict[str, Any]) -> Given:
    """A row's values, checked as the flags are; anything empty or missing stays ``None``."""
    get = values.get
    return _given([check(get(name)) for name, check in _CHECKS])


# The run ----------------------------------------------------------------------------------


class Run:
    """The rows, each checked, handed in order to a writer as ``(row, given, problem)``
    (``given`` is None for a bad row, ``problem`` None for a good one). The run counts the rows
    and the bad ones; with ``strict`` the first bad row stops it (as an error naming the row).
    A format gives the writer (``render.rows``); the command reads the count afterwards."""

    def __init__(self, rows: Iterable[Row], strict: bool) -> None:
        self.rows, self.strict = rows, strict
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
                    except PomplanError as exc:
                        problem = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
                if problem is not None:
                    failed += 1
                    self._bad(row, problem)
                write(row, key, problem)
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


def _where(f: Failure) -> str:
    return f"row {f.row}" + (f" (id {f.ident})" if f.ident not in (None, "") else "")


def summary(outcome: Outcome, first: Failure) -> str:
    """The line on stderr after a run with bad rows."""
    rows = "row" if outcome.rows == 1 else "rows"
    return (
        f"{outcome.failed} of {outcome.rows} {rows} could not be estimated and have an error "
        f"record in the output; the first, {_where(first)}: {first.message}"
    )
