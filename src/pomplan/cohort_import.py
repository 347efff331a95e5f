"""``pomplan cohort import``: a roster (CSV or JSON Lines) into saved profiles.

The roster is read by the batch reader (:mod:`pomplan.batch`, the same columns and the same
cell checks as ``estimate --input``), with two more columns: ``name`` (checked as a
``--profile`` name) and ``start`` (YYYY-MM-DD). :func:`plan` compares each row with the
saved profile of that name and says what would be created and changed; :func:`write` then
writes one profile at a time through the store (atomic, locked), never touching progress or
anything else kept beside a profile. A bad row is named and skipped; a name on two rows makes
both of them bad (pomplan can't tell which one is meant).

A value left empty in the roster keeps the saved one, as a flag left out of ``profile set``
does; a new profile without a ``start`` starts today, also as with ``profile set``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from pomplan import fields, store
from pomplan.batch import Row, check, read_rows
from pomplan.errors import PomplanError
from pomplan.model import Given
from pomplan.record import Record
from pomplan.store import Locations, SavedProfile, StoreError

MAX_ROWS = 10_000  # pomplan's cap on a roster: far beyond a cohort, small enough to hold whole


class Entry(Record):
    """A good roster row: who, and the values it gives (``None`` where a cell is empty)."""

    row: int
    name: str
    given: Given
    start: date | None


class Bad(Record):
    """A roster row that is skipped, or a profile that could not be written, and why."""

    row: int | None
    name: str | None
    problem: str


class FieldChange(Record):
    field: str  # a field's name, or "start"
    old: Any  # the saved value (None: not saved)
    new: Any


class Planned(Record):
    """What importing the roster would do."""

    create: list[Entry]
    change: list[tuple[Entry, list[FieldChange]]]
    unchanged: list[Entry]
    bad: list[Bad]

    @property
    def writes(self) -> list[Entry]:
        return self.create + [entry for entry, _ in self.change]


class Written(Record):
    written: list[str]  # the profiles written, by name
    failed: list[Bad]  # those that could not be (a file changed or locked meanwhile)
    kept: list[Path]  # copies of hand-edited profiles, made before they were rewritten


# --- reading ----------------------------------------------------------------------------------


ROSTER_COLUMNS = ("name", "start")  # a roster's own columns, beside the profile columns


def read(stream: TextIO, name: str) -> tuple[list[Entry], list[Bad], list[str]]:
    """The roster's good rows and its bad ones (duplicates of a name among the bad), and the
    columns it has that a roster does not use (``email``, say), which are left out."""
    entries: list[Entry] = []
    bad: list[Bad] = []
    roster = read_rows(stream, name)
    for count, row in enumerate(roster, start=1):
        if count > MAX_ROWS:
            raise PomplanError(
                f"{name}: the roster has more than {MAX_ROWS:,} rows",
                "split it into smaller files and import each",
            )
        result = _entry(row)
        if isinstance(result, Entry):
            entries.append(result)
        else:
            bad.append(result)
    rows_of: dict[str, list[int]] = {}
    for entry in entries:
        rows_of.setdefault(entry.name, []).append(entry.row)
    kept = []
    for entry in entries:
        rows = rows_of[entry.name]
        if len(rows) == 1:
            kept.append(entry)
            continue
        listed = ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"
        bad.append(Bad(entry.row, entry.name, f"name {entry.name!r} is on rows {listed}; keep one"))
    bad.sort(key=lambda b: b.row or 0)
    return kept, bad, [c for c in roster.unknown if c not in ROSTER_COLUMNS]


def _entry(row: Row) -> Entry | Bad:
    """A roster row: ``name`` and ``start`` are among the columns batch input carries through
    (``row.extra``); the rest are the profile columns, checked as ``estimate --input`` does."""
    extra = row.extra or {}
    name = extra.get("name")
    shown = name if isinstance(name, str) and name.strip() else None
    try:
        if shown is None:
            raise PomplanError("name: every row needs a profile name")
        checked = store.check_name(shown.strip(), "name")
        start = extra.get("start")
        if start is not None and not isinstance(start, str):
            raise PomplanError("start: give a date as text, YYYY-MM-DD")
        begin = fields.day("start", start.strip() or None) if start else None
    except PomplanError as exc:
        return Bad(row.number, shown, f"{exc.message}; {exc.hint}" if exc.hint else exc.message)
    given, problems = check(row)
    if given is None:
        return Bad(row.number, shown, "; ".join(problems) or "can't be read")
    return Entry(row.number, checked, given, begin)


# --- planning and writing ---------------------------------------------------------------------


def merged(entry: Entry, current: SavedProfile | None, today: date) -> tuple[Given, date | None]:
    """The profile the row asks for: its values over the saved ones."""
    keep = current.given if current else Given()
    values = {
        f: getattr(entry.given, f) if getattr(entry.given, f) is not None else getattr(keep, f)
        for f in Given._fields
    }
    start = entry.start or (current.start if current else today)
    return Given(**values), start


def plan(where: Locations, entries: Iterable[Entry], bad: list[Bad], today: date) -> Planned:
    """What the roster would create and change, against the saved profiles."""
    result = Planned([], [], [], list(bad))
    for entry in entries:
        try:
            current = store.load_profile(where, entry.name)
        except StoreError as exc:
            problem = f"the saved profile can't be read, so it is left alone: {exc.message}"
            result.bad.append(Bad(entry.row, entry.name, problem))
            continue
        if current is None:
            result.create.append(entry)
            continue
        given, start = merged(entry, current, today)
        changes = [
            FieldChange(f, getattr(current.given, f), getattr(given, f))
            for f in Given._fields
            if getattr(current.given, f) != getattr(given, f)
        ]
        if start != current.start:
            changes.append(FieldChange("start", current.start, start))
        if changes:
            result.change.append((entry, changes))
        else:
            result.unchanged.append(entry)
    result.bad.sort(key=lambda b: b.row or 0)
    return result


def write(where: Locations, planned: Planned, today: date, now: datetime) -> Written:
    """Write each profile the plan creates or changes, one at a time; one that fails is
    named and the others are written."""
    done: Written = Written([], [], [])
    for entry in planned.writes:

        def change(current: SavedProfile | None, entry: Entry = entry) -> tuple[Given, date | None]:
            return merged(entry, current, today)

        try:
            updated = store.update_profile(where, entry.name, change, now)
        except StoreError as exc:
            done.failed.append(Bad(entry.row, entry.name, exc.message))
            continue
        done.written.append(entry.name)
        if updated.kept is not None:
            done.kept.append(updated.kept)
    return done


def shown(field: str, value: Any) -> str:
    """A value as a person reads it in the preview."""
    if value is None:
        return "(not set)"
    if isinstance(value, date):
        return value.isoformat()
    return str(_FIELDS[field].show(value))


def as_json(field: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return _FIELDS[field].to_json(value)


_FIELDS = {f.name: f for f in fields.FIELDS}
