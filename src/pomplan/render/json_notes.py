"""The JSON documents of the notes and of 'profile import' (``docs/json.md``); the plan's
``notes`` list (with ``--details``) is written here too."""

from __future__ import annotations

from pathlib import Path

from pomplan.render.json_doc import SCHEMA_VERSION, JSONValue
from pomplan.store import Note


def note_list(notes: tuple[Note, ...]) -> list[JSONValue]:
    return [
        {"id": n.id, "date": n.day.isoformat(), "text": n.text, "milestone": n.milestone}
        for n in notes
    ]


def notes(name: str, items: tuple[Note, ...], change: str | None) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": name,
        "change": change,
        "notes": note_list(items),
    }


def profile_import(
    name: str, source: str, done: int, notes: int, backup: Path | None
) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": name,
        "source": source,
        "done": done,
        "notes": notes,
        "backup": str(backup) if backup else None,
    }
