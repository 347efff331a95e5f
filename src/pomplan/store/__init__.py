"""What a person saves: their profiles (TOML) and their progress (JSON), kept safe.

Files live under platformdirs' user directories (``appauthor=False``), or all under
``POMPLAN_HOME`` when it is set. Every file carries a ``schema_version`` and is written with
mode 0600. Every write replaces the file atomically (``pomplan.files.replace``: a temporary
file in the same directory, flushed and fsynced, then ``os.replace`` and an fsync of the
directory) while a sidecar lock (``FILE.lock``, filelock) is held across the whole
read-modify-write. A file that cannot be read as expected is never written over: the error
names it, says what is wrong and how to recover, and the file stays exactly as it was.

What lives where (import the names below from ``pomplan.store`` itself):

- ``base``: ``Locations``/``locations`` (where files live), profile names (``check_name``,
  ``RESERVED``, ``DEFAULT_PROFILE``), ``SCHEMA_VERSION``, ``StoreError`` and the wording of
  every failure (the file, then the way out), and the store's only way to disk, through
  ``pomplan.files``: read, decode, make folders, lock, write atomically;
- ``profiles``: load, update and write a profile, keeping a copy of a hand-edited file;
  ``_profile_values`` alone decides which keys a profile holds and how each is read;
- ``progress``: load, update and write progress;
- ``notes``: load, update and write notes (numbered for good, kept beside progress);
- ``listing``: every saved profile at a glance (``list_profiles``) and ``reset``, loaded
  only by the commands that use them.

The store never opens a file for writing itself: ``pomplan.files`` does.
"""

from typing import TYPE_CHECKING, Any

from pomplan.store.base import (
    DEFAULT_PROFILE,
    LOCK_TIMEOUT,
    NAME,
    RESERVED,
    SCHEMA_VERSION,
    Locations,
    StoreError,
    atomic_write,
    check_name,
    locations,
    locked,
)
from pomplan.store.notes import Note, Notes, load_notes, notes_file, update_notes
from pomplan.store.profiles import (
    PROFILE_KEYS,
    SavedProfile,
    Updated,
    load_profile,
    profile_text,
    update_profile,
)
from pomplan.store.progress import PROGRESS_KEYS, load_progress, progress_text, update_progress

if TYPE_CHECKING:
    from pomplan.store.listing import Listed, list_profiles, reset


def __getattr__(name: str) -> Any:
    """``Listed``, ``list_profiles`` and ``reset``, from ``listing`` when first asked for."""
    if name in ("Listed", "list_profiles", "reset"):
        from pomplan.store import listing

        return getattr(listing, name)
    raise AttributeError(f"module 'pomplan.store' has no attribute {name!r}")


__all__ = [
    "DEFAULT_PROFILE",
    "LOCK_TIMEOUT",
    "NAME",
    "PROFILE_KEYS",
    "PROGRESS_KEYS",
    "RESERVED",
    "SCHEMA_VERSION",
    "Listed",
    "Locations",
    "Note",
    "Notes",
    "SavedProfile",
    "StoreError",
    "Updated",
    "atomic_write",
    "check_name",
    "list_profiles",
    "load_notes",
    "load_profile",
    "load_progress",
    "locations",
    "locked",
    "notes_file",
    "profile_text",
    "progress_text",
    "reset",
    "update_notes",
    "update_profile",
    "update_progress",
]
