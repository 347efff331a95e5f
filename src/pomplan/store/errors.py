"""The store's one error type and how it words what went wrong: the file, then the way out."""

from __future__ import annotations

import errno
from pathlib import Path

from pomplan.errors import PomplanError
from pomplan.store.paths import DEFAULT_PROFILE, SCHEMA_VERSION


class StoreError(PomplanError):
    """A saved file can't be read or written; it is left exactly as it was."""


def flag(name: str) -> str:
    """The ``--profile`` option that names profile ``name`` in a command ('' for the default)."""
    return "" if name == DEFAULT_PROFILE else f" --profile {name}"


def reset_hint(name: str) -> str:
    return f"fix it by hand, or move it aside with 'pomplan{flag(name)} profile reset'"


def why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def file_in_the_way(path: Path) -> StoreError:
    """The error for a file standing where one of ``path``'s folders should be."""
    blocker = next(
        (p for p in reversed(path.parents) if p.exists() and not p.is_dir()), path.parent
    )
    return StoreError(
        f"{blocker} is a file, where pomplan expects a folder",
        "move that file out of the way, or set POMPLAN_HOME to another folder",
    )


def newer(path: Path, version: object) -> StoreError:
    return StoreError(
        f"{path} was written by a newer pomplan (schema_version {version}; this one reads "
        f"{SCHEMA_VERSION})",
        "upgrade pomplan to use it; this version will not change it",
    )


def read_error(path: Path, name: str, exc: OSError) -> StoreError:
    """One line about a saved file of profile ``name`` that can't be read."""
    if isinstance(exc, IsADirectoryError):
        return StoreError(
            f"{path} is a directory, where pomplan expects a file",
            f"move it out of the way, or run 'pomplan{flag(name)} profile reset'",
        )
    if isinstance(exc, NotADirectoryError):
        return file_in_the_way(path)
    if isinstance(exc, PermissionError):
        return StoreError(
            f"{path} can't be read: permission denied",
            f"give yourself access (chmod u+rw '{path}')",
        )
    return StoreError(f"{path} can't be read: {why(exc)}", reset_hint(name))


def write_error(path: Path, exc: OSError) -> StoreError:
    """One line about ``path`` (never the temporary file next to it, which is gone)."""
    if exc.errno == errno.ENOTDIR:
        return file_in_the_way(path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        hint = "check its permissions, or set POMPLAN_HOME to a folder you can write"
    else:
        hint = "free some space or fix the folder, then try again"
    return StoreError(f"can't write {path}: {why(exc)}; nothing was changed", hint)
