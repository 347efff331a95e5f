"""Every saved profile at a glance, and 'profile reset': moving a profile's files aside."""

from __future__ import annotations

import os
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from pomplan import files
from pomplan.store.base import NAME, Locations, StoreError, ensure_dir, locked, write_error
from pomplan.store.notes import notes_file
from pomplan.store.profiles import load_profile
from pomplan.store.progress import load_progress


class Listed(NamedTuple):
    name: str
    profile_file: Path | None
    progress_file: Path | None
    done: int | None  # milestones recorded; None if the progress can't be read
    problem: str | None  # why a file can't be read, if one can't


def saved_names(where: Locations) -> list[str]:
    """The names of the saved profiles (a profile file, a progress file or both), sorted."""
    names: set[str] = set()
    folders = ((where.config / "profiles", ".toml"), (where.data / "progress", ".json"))
    for folder, suffix in folders:
        with suppress(OSError):
            names |= {
                p.name[: -len(suffix)]
                for p in folder.iterdir()
                if p.name.endswith(suffix) and NAME.fullmatch(p.name[: -len(suffix)])
            }
    return sorted(names)


def list_profiles(where: Locations) -> list[Listed]:
    result = []
    for name in saved_names(where):
        profile_file = where.profile_file(name)
        progress_file = where.progress_file(name)
        problem = None
        done = None
        try:
            load_profile(where, name)
            done = len(load_progress(where, name))
        except StoreError as exc:
            problem = exc.message
        result.append(
            Listed(
                name,
                profile_file if os.path.lexists(profile_file) else None,
                progress_file if os.path.lexists(progress_file) else None,
                done,
                problem,
            )
        )
    return result


def reset(where: Locations, name: str, now: datetime) -> tuple[Path, list[Path]] | None:
    """Move profile ``name``'s files into a new timestamped backup folder.

    Returns the folder and the files moved, or ``None`` if nothing was saved. Files are moved
    whole, whatever they contain, so a damaged file can be moved aside too.
    """
    every = (where.profile_file(name), where.progress_file(name), notes_file(where, name))
    saved = [p for p in every if os.path.lexists(p)]
    if not saved:
        return None
    ensure_dir(where.backups)
    try:
        folder = files.new_folder(where.backups, f"{name}-{now:%Y%m%dT%H%M%S}")
    except OSError as exc:
        raise write_error(where.backups, exc) from None
    moved = []
    for path in saved:
        with locked(path):
            try:
                moved.append(files.move(path, folder))
            except OSError as exc:
                raise write_error(path, exc) from None
    return folder, moved
