"""Progress (JSON): which milestones a person has done, and on which day."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from pomplan.fields import calendar_day, outside
from pomplan.store.base import (
    SCHEMA_VERSION,
    Locations,
    atomic_write,
    decode,
    json_document,
    locked,
    read,
)

PROGRESS_KEYS = ("schema_version", "profile", "done")


def load_progress(where: Locations, name: str) -> dict[str, date]:
    """Milestone id -> the day it was done; empty if nothing is recorded."""
    path = where.progress_file(name)
    data = read(path, name)
    if data is None:
        return {}
    return _progress_values(decode(data, path, name), path, name)


def _progress_values(text: str, path: Path, name: str) -> dict[str, date]:
    doc, bad = json_document(text, path, name, PROGRESS_KEYS)
    done = doc.get("done")
    if not isinstance(done, dict):
        raise bad("key 'done' must be an object of milestone id -> date")
    result: dict[str, date] = {}
    for ident, day in done.items():
        if not isinstance(ident, str) or not re.fullmatch(r"[a-z0-9-]{1,40}", ident):
            raise bad(f"key 'done': {ident!r} is not a milestone id")
        parsed = calendar_day(day) if isinstance(day, str) else None
        if parsed is None:
            shown = day[:40] if isinstance(day, str) else day
            raise bad(f"key 'done.{ident}': expected a date like 2026-01-31, got {shown!r}")
        problem = outside(parsed)
        if problem:
            raise bad(f"key 'done.{ident}': {problem}")
        result[ident] = parsed
    return result


def progress_text(name: str, done: Mapping[str, date]) -> str:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "profile": name,
        "done": {ident: done[ident].isoformat() for ident in sorted(done)},
    }
    return json.dumps(doc, indent=2) + "\n"


def update_progress(
    where: Locations,
    name: str,
    change: Callable[[dict[str, date]], dict[str, date]],
) -> dict[str, date]:
    """Read, change and write the progress of ``name`` under its lock."""
    path = where.progress_file(name)
    with locked(path):
        current = load_progress(where, name)
        done = change(dict(current))
        if done != current:  # nothing to change: nothing written
            atomic_write(path, progress_text(name, done).encode())
    return done
