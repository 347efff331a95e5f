"""Notes (JSON): what happened along the way (a talk with a mentor, a lead, a piece of
evidence), each dated, optionally tied to a milestone, and numbered for good.

A note's number is never given twice: the file keeps the next number (``next_id``), so that
``note remove 3`` can never remove a note written after another 3 was removed. The file is
read, changed and written under its lock, atomically, exactly like progress.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pomplan.fields import calendar_day, outside
from pomplan.record import Record
from pomplan.store.base import (
    READ_LIMIT,
    SCHEMA_VERSION,
    Locations,
    StoreError,
    atomic_write,
    decode,
    flag,
    json_document,
    locked,
    read,
)

NOTES_KEYS = ("schema_version", "profile", "next_id", "notes")
NOTE_KEYS = ("id", "date", "text", "milestone")

# pomplan's judgement: a note is a few paragraphs (what was said, what to do next), not a
# document; 2000 characters is about a page. Longer text belongs in a file the note can name.
TEXT_LIMIT = 2000
MILESTONE_ID = re.compile(r"[a-z0-9-]{1,40}")
MAX_ID = 10**9  # a note number beyond this is a hand-edit typo, not a billionth note


class Note(Record):
    id: int
    day: date
    text: str
    milestone: str | None = None


class Notes(Record):
    next_id: int  # the number the next note gets; never lowered
    notes: tuple[Note, ...] = ()

    def in_order(self) -> tuple[Note, ...]:
        """The notes as people read them: oldest day first, then by number."""
        return tuple(sorted(self.notes, key=lambda n: (n.day, n.id)))


def notes_file(where: Locations, name: str) -> Path:
    """Where profile ``name``'s notes live: beside its progress, under a name of their own
    (``.notes.json``), so that both can sit in one backup folder after 'profile reset'."""
    return where.data / "notes" / f"{name}.notes.json"


def load_notes(where: Locations, name: str) -> Notes:
    """The notes of profile ``name``, oldest first; none if nothing is recorded."""
    path = notes_file(where, name)
    data = read(path, name)
    if data is None:
        return Notes(1)
    return notes_values(decode(data, path, name), path, name)


def notes_values(text: str, path: Path, name: str) -> Notes:
    """The notes a notes file's ``text`` holds, each checked; a problem names ``path``."""

    doc, bad = json_document(text, path, name, NOTES_KEYS)
    items = doc.get("notes")
    if not isinstance(items, list):
        raise bad("key 'notes' must be a list of notes")
    try:
        notes = tuple(note_value(item, index) for index, item in enumerate(items))
    except ValueError as exc:
        raise bad(str(exc)) from None
    return Notes(_next_id(doc.get("next_id", 1), notes, bad), notes)


def _next_id(raw: object, notes: tuple[Note, ...], bad: Callable[[str], StoreError]) -> int:
    if type(raw) is not int or not 1 <= raw <= MAX_ID + 1:
        raise bad(f"key 'next_id' must be a whole number from 1 to {MAX_ID + 1}")
    ids = [n.id for n in notes]
    if len(set(ids)) != len(ids):
        raise bad("two notes have the same id; give each its own")
    return max([raw, *(i + 1 for i in ids)])


def note_value(item: object, index: int) -> Note:
    """One note of a file or a bundle, checked; a ValueError says what is wrong."""
    where = f"notes[{index}]"
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected an object with {', '.join(NOTE_KEYS)}")
    for key in item:
        if key not in NOTE_KEYS:
            raise ValueError(f"{where}: unknown key {key!r} (expected: {', '.join(NOTE_KEYS)})")
    ident = item.get("id")
    if type(ident) is not int or not 1 <= ident <= MAX_ID:
        raise ValueError(f"{where}.id: expected a whole number from 1 to {MAX_ID}")
    raw = item.get("date")
    day = calendar_day(raw) if isinstance(raw, str) else None
    if day is None:
        shown = raw[:40] if isinstance(raw, str) else raw
        raise ValueError(f"{where}.date: expected a date like 2026-01-31, got {shown!r}")
    problem = outside(day)
    if problem:
        raise ValueError(f"{where}.date: {problem}")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}.text: expected non-empty text")
    if len(text) > TEXT_LIMIT:
        raise ValueError(f"{where}.text: is {len(text)} characters long; at most {TEXT_LIMIT}")
    milestone = item.get("milestone")
    if milestone is not None and (
        not isinstance(milestone, str) or not MILESTONE_ID.fullmatch(milestone)
    ):
        raise ValueError(f"{where}.milestone: {str(milestone)[:40]!r} is not a milestone id")
    return Note(ident, day, text, milestone)


def note_json(n: Note) -> dict[str, object]:
    return {"id": n.id, "date": n.day.isoformat(), "text": n.text, "milestone": n.milestone}


def notes_text(name: str, notes: Notes) -> str:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "profile": name,
        "next_id": notes.next_id,
        "notes": [note_json(n) for n in notes.notes],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def update_notes(where: Locations, name: str, change: Callable[[Notes], Notes]) -> Notes:
    """Read, change and write the notes of ``name`` under their lock. A change that would
    make the file too big to read back is refused, and nothing is written."""
    path = notes_file(where, name)
    with locked(path):
        current = load_notes(where, name)
        notes = change(current)
        if notes != current:  # nothing to change: nothing written
            data = notes_text(name, notes).encode()
            if len(data) > READ_LIMIT:
                raise StoreError(
                    f"{path} would grow past {READ_LIMIT >> 20} MiB, more than pomplan reads "
                    "back; nothing was changed",
                    f"remove old notes with 'pomplan{flag(name)} note remove N'",
                )
            atomic_write(path, data)
    return notes
