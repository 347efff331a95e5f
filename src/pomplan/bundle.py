"""A profile that moves between machines: one JSON bundle of a profile's saved values, start,
progress and notes ('profile export'), read back and written as a profile ('profile import').

A bundle is checked whole before anything is written: the profile's values with the checks a
saved profile gets (``store.profiles``, ``fields.py``), each progress day and each note like
their own files. Unknown keys at the top level are ignored and named (a newer pomplan may add
some, as JSON documents only ever gain keys); an unknown key inside ``profile`` is refused, as
in a profile file, since dropping a value would change the plan. A bundle never replaces a
profile that is saved (or has progress or notes) unless told to, and then the old files move to
a backup folder first, as 'profile reset' moves them.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pomplan import __version__, datafile, fields, store
from pomplan.errors import DataFileError, PomplanError
from pomplan.model import Given
from pomplan.record import Record
from pomplan.store import Locations, Notes, SavedProfile, StoreError
from pomplan.store.notes import MAX_ID, note_json, note_value
from pomplan.store.profiles import _profile_values

KIND = "pomplan-profile"
SCHEMA_VERSION = 1
KEYS = (
    "schema_version",
    "kind",
    "pomplan",
    "exported_on",
    "name",
    "profile",
    "progress",
    "notes",
    "next_note_id",
)
# A bundle holds a profile, progress and notes, each capped at 1 MiB as a saved file: 4 MiB
# leaves room for JSON's escapes and refuses anything that could not be a bundle at once.
LIMIT = 4 << 20
MILESTONE_ID = re.compile(r"[a-z0-9-]{1,40}")


class Bundle(Record):
    name: str  # as the bundle names it (checked like any profile name)
    given: Given
    start: date | None
    done: dict[str, date]
    notes: Notes
    ignored: tuple[str, ...]  # top-level keys this pomplan does not know


def export_doc(where: Locations, name: str, saved: SavedProfile, today: date) -> dict[str, Any]:
    """The bundle of profile ``name``: its saved values and start, progress and notes."""
    values = {f.name: f.to_json(getattr(saved.given, f.name)) for f in fields.FIELDS}
    profile = {k: v for k, v in values.items() if v is not None}
    if saved.start is not None:
        profile["start"] = saved.start.isoformat()
    done = store.load_progress(where, name)
    notes = store.load_notes(where, name)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "pomplan": __version__,
        "exported_on": today.isoformat(),
        "name": name,
        "profile": profile,
        "progress": {ident: done[ident].isoformat() for ident in sorted(done)},
        "notes": [note_json(n) for n in notes.notes],
        "next_note_id": notes.next_id,
    }


def read_bundle(data: bytes, label: str) -> Bundle:
    """The bundle in ``data`` (from ``label``), checked whole; one line if anything is wrong."""

    def bad(problem: str) -> PomplanError:
        return PomplanError(
            f"{label}: {problem}", "give a file written by 'pomplan profile export'"
        )

    try:
        doc = json.loads(data.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as exc:
        raise bad(f"is not UTF-8 text (bad byte at offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise bad(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise bad(datafile.too_deep()) from None
    except ValueError:
        raise bad(datafile.too_long()) from None
    problem = datafile.out_of_bounds(doc)
    if problem:
        raise bad(problem)
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise bad(f"is not a pomplan profile bundle (its 'kind' must be {KIND!r})")
    version = doc.get("schema_version")
    if type(version) is not int or version < 1:
        raise bad("key 'schema_version' must be a positive whole number")
    if version > SCHEMA_VERSION:
        raise PomplanError(
            f"{label} was written by a newer pomplan (schema_version {version}; this one reads "
            f"{SCHEMA_VERSION})",
            "upgrade pomplan to import it",
        )
    raw_name = doc.get("name")
    if not isinstance(raw_name, str):
        raise bad("key 'name' must be the profile's name, as text")
    name = store.check_name(raw_name, f"{label}: key 'name'")
    table = doc.get("profile")
    if not isinstance(table, dict):
        raise bad("key 'profile' must be an object of profile values")
    try:
        given, start = _profile_values(datafile.Reader(table, label, key="profile"))
    except DataFileError as exc:
        raise PomplanError(
            exc.message, "fix that value in the bundle, then import it again"
        ) from None
    try:
        done = _done(doc.get("progress", {}))
        notes = _notes(doc.get("notes", []), doc.get("next_note_id"))
    except ValueError as exc:
        raise bad(str(exc)) from None
    ignored = tuple(str(k)[:40] for k in doc if k not in KEYS)
    return Bundle(name, given, start, done, notes, ignored)


def _done(raw: object) -> dict[str, date]:
    if not isinstance(raw, dict):
        raise ValueError("key 'progress' must be an object of milestone id -> date")
    done = {}
    for ident, day in raw.items():
        if not MILESTONE_ID.fullmatch(ident):
            raise ValueError(f"key 'progress': {ident[:40]!r} is not a milestone id")
        parsed = fields.calendar_day(day) if isinstance(day, str) else None
        if parsed is None:
            shown = day[:40] if isinstance(day, str) else day
            raise ValueError(
                f"key 'progress.{ident}': expected a date like 2026-01-31, got {shown!r}"
            )
        problem = fields.outside(parsed)
        if problem:
            raise ValueError(f"key 'progress.{ident}': {problem}")
        done[ident] = parsed
    return done


def _notes(raw: object, next_id: object) -> Notes:
    if not isinstance(raw, list):
        raise ValueError("key 'notes' must be a list of notes")
    notes = tuple(note_value(item, index) for index, item in enumerate(raw))
    ids = [n.id for n in notes]
    if len(set(ids)) != len(ids):
        raise ValueError("key 'notes': two notes have the same id")
    if next_id is not None and (type(next_id) is not int or not 1 <= next_id <= MAX_ID + 1):
        raise ValueError(f"key 'next_note_id' must be a whole number from 1 to {MAX_ID + 1}")
    return Notes(max([next_id or 1, *(i + 1 for i in ids)]), notes)


def taken(where: Locations, name: str) -> bool:
    """Whether profile ``name`` has any saved file: a profile, progress or notes."""
    paths = (where.profile_file(name), where.progress_file(name), store.notes_file(where, name))
    return any(os.path.lexists(p) for p in paths)


def write(where: Locations, name: str, bundle: Bundle, force: bool, now: datetime) -> Path | None:
    """Save ``bundle`` as profile ``name``; with ``force``, a profile there first moves to a
    backup folder (returned). Without it, a profile there stops everything."""
    backup = None
    if taken(where, name):
        if not force:
            raise exists(name)
        moved = store.reset(where, name, now)
        backup = moved[0] if moved else None

    def fresh(current: object) -> None:
        if current:  # written meanwhile by another pomplan: left alone
            raise exists(name)

    def profile(current: SavedProfile | None) -> tuple[Given, date | None]:
        fresh(current)
        return bundle.given, bundle.start

    def progress(current: dict[str, date]) -> dict[str, date]:
        fresh(current)
        return dict(bundle.done)

    def notes(current: Notes) -> Notes:
        fresh(current.notes)
        return bundle.notes

    store.update_profile(where, name, profile, now)
    store.update_progress(where, name, progress)
    store.update_notes(where, name, notes)
    return backup


def exists(name: str) -> StoreError:
    return StoreError(
        f"profile '{name}' already exists here (a profile, progress or notes)",
        "add --force to replace it (its files move to a backup folder first), or import it "
        "under another name with --as NAME",
    )
