"""Profiles (TOML): a person's starting point, read, written and kept when edited by hand.

``_profile_values`` alone decides which keys a profile file may hold and how each value is
read; everything else here is reading, writing and keeping the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pomplan import datafile, fields, files
from pomplan.errors import DataFileError
from pomplan.levels import LEVELS
from pomplan.model import Given
from pomplan.record import Record
from pomplan.store.base import (
    SCHEMA_VERSION,
    Locations,
    StoreError,
    atomic_write,
    decode,
    ensure_dir,
    flag,
    locked,
    newer,
    read,
    reset_hint,
    write_error,
)

PROFILE_KEYS = ("schema_version", *fields.names(), "start")


class SavedProfile(Record):
    name: str
    file: Path
    given: Given
    start: date | None


def load_profile(where: Locations, name: str) -> SavedProfile | None:
    """The saved profile ``name``, or ``None`` if none is saved."""
    path = where.profile_file(name)
    data = read(path, name)
    return None if data is None else _profile(data, path, name)


def _profile(data: bytes, path: Path, name: str) -> SavedProfile:
    source = decode(data, path, name)
    try:
        doc = datafile.parse(source.encode(), str(path))
    except DataFileError as exc:
        version = _toml_version(source)
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise newer(path, version) from None
        raise StoreError(exc.message, reset_hint(name)) from None
    try:
        given, start = _profile_values(datafile.Reader(doc, str(path)))
    except DataFileError as exc:
        raise StoreError(exc.message, reset_hint(name)) from None
    return SavedProfile(name, path, given, start)


def _toml_version(text: str) -> object:
    """The schema_version a file that is not valid TOML says it has, if it says so plainly.
    Spaces only within a line, and at most 9 digits: the scan stays linear on a hostile file
    (a file of newlines took minutes with ``\\s*``), and the number small."""
    match = re.search(r"(?m)^[ \t]*+schema_version[ \t]*+=[ \t]*+(\d{1,9})[ \t]*+$", text)
    return int(match.group(1)) if match else None


def _profile_values(r: datafile.Reader) -> tuple[Given, date | None]:
    for key in r.table:
        if key not in PROFILE_KEYS:
            from pomplan.content import did_you_mean

            hint = did_you_mean(key, PROFILE_KEYS[1:])
            raise r.fail(key, f"unknown key; {hint}expected: {', '.join(PROFILE_KEYS[1:])}")

    start: date | None = None
    if r.has("start"):
        raw = r.table["start"]
        if isinstance(raw, str):
            parsed = fields.calendar_day(raw)
            if parsed is None:
                raise r.fail("start", f"expected a date like 2026-01-31, got {raw[:40]!r}")
            raw = parsed
        if isinstance(raw, datetime):
            raise r.fail(
                "start", f"expected a date like 2026-01-31, got the date and time {raw.isoformat()}"
            )
        if not isinstance(raw, date):
            raise r.fail("start", f"expected a date like 2026-01-31, got {datafile.describe(raw)}")
        problem = fields.outside(raw)
        if problem:
            raise r.fail("start", problem)
        start = raw
    given = Given(**{f.name: fields.read(r, f) for f in fields.FIELDS if r.has(f.name)})
    return given, start


def _toml_number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


def profile_text(name: str, given: Given, start: date | None) -> str:
    import tomli_w

    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for key, value in given._asdict().items():
        if value is None:
            continue
        if isinstance(value, Decimal):
            value = _toml_number(value)
        elif fields.by_name(key).kind == LEVELS:  # a table: skill id = level
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        doc[key] = value
    if start is not None:
        doc["start"] = start
    header = (
        f"# pomplan profile '{name}'. Change it with 'pomplan{flag(name)} profile set', or\n"
        "# edit it here: a key left out takes pomplan's reference value.\n"
    )
    return header + tomli_w.dumps(doc)


class Updated(Record):
    saved: SavedProfile
    kept: Path | None  # a copy of the file as edited by hand, made before it was rewritten


def update_profile(
    where: Locations,
    name: str,
    change: Callable[[SavedProfile | None], tuple[Given, date | None]],
    now: datetime,
) -> Updated:
    """Read, change and write profile ``name`` under its lock; a bad file stops everything.

    A file edited by hand (comments, layout) would lose its edits when rewritten, so a copy
    of it goes to the backups folder first.
    """
    path = where.profile_file(name)
    with locked(path):
        old = read(path, name)
        current = None if old is None else _profile(old, path, name)
        given, start = change(current)
        if current is not None and (given, start) == (current.given, current.start):
            return Updated(current, None)  # nothing changes: the file stays as it is
        new = profile_text(name, given, start).encode()
        kept = None
        if old is not None and current is not None and old != _canonical(current):
            kept = _keep(where, f"{name}-{now:%Y%m%dT%H%M%S}", ".toml", old)
        atomic_write(path, new)
    return Updated(SavedProfile(name, path, given, start), kept)


def _canonical(saved: SavedProfile) -> bytes:
    """The file as pomplan itself would write these values."""
    return profile_text(saved.name, saved.given, saved.start).encode()


def _keep(where: Locations, stem: str, suffix: str, data: bytes) -> Path:
    """Save ``data`` in the backups folder under a name no other file has."""
    ensure_dir(where.backups)
    for number in range(1, 1000):
        copy = where.backups / (stem + (f"-{number}" if number > 1 else "") + suffix)
        try:
            files.write_new(copy, b"")  # claims the name; the bytes go in as a private file
        except FileExistsError:
            continue
        except OSError as exc:
            raise write_error(copy, exc) from None
        atomic_write(copy, data)
        return copy
    raise StoreError(f"{where.backups} holds too many copies named {stem}", "tidy it up")
