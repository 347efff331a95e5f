"""The store's ground floor: where saved files live and what a profile may be called, the one
error type and how it words a failure (the file, then the way out), and the way to disk.

Saved files are read whole, written with mode 0600 by an atomic replace
(:mod:`pomplan.files` underneath), and changed only while their sidecar lock is held; every
failure is worded as a :class:`StoreError`.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

from pomplan import datafile, files
from pomplan.errors import PomplanError, UsageProblem
from pomplan.record import Record

# --- where files live, and names -----------------------------------------------------------

SCHEMA_VERSION = 1
DEFAULT_PROFILE = "default"
NAME = re.compile(r"[a-z0-9_-]{1,40}")


class Locations(Record):
    """Where pomplan keeps what a person saves."""

    config: Path  # profiles
    data: Path  # progress and backups
    override: bool  # True when POMPLAN_HOME decides

    def profile_file(self, name: str) -> Path:
        return self.config / "profiles" / f"{name}.toml"

    def progress_file(self, name: str) -> Path:
        return self.data / "progress" / f"{name}.json"

    @property
    def backups(self) -> Path:
        return self.data / "backups"


def locations(environ: Mapping[str, str]) -> Locations:
    """``POMPLAN_HOME`` if set (everything under it), else the platform's user directories."""
    home = environ.get("POMPLAN_HOME", "")
    if home:
        root = Path(os.path.abspath(Path(home).expanduser()))  # noqa: PTH100 (keep symlinks)
        return Locations(root, root, True)
    import platformdirs

    return Locations(
        Path(platformdirs.user_config_dir("pomplan", appauthor=False)),
        Path(platformdirs.user_data_dir("pomplan", appauthor=False)),
        False,
    )


# Names Windows keeps for devices: 'con.toml' there is not a file.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)


def check_name(name: str, where: str = "--profile") -> str:
    """``name`` in lower case if it is a valid profile name (case is forgiven: ``Ana`` is
    ``ana``), else a usage error (nothing reaches outside)."""
    lower = name.lower()
    if lower in RESERVED:
        raise UsageProblem(f"{where}: {name!r} is a name Windows reserves; choose another")
    if name.isascii() and NAME.fullmatch(lower):
        return lower
    raise UsageProblem(
        f"{where}: {name!r} is not a profile name; use 1-40 characters from a-z, 0-9, '-' and '_'"
    )


def closest_saved(where: Locations, name: str) -> str:
    """``"did you mean 'ana'? "`` for the saved profiles nearest to ``name``; ``""`` if none."""
    from pomplan.content import did_you_mean

    saved: list[str] = []
    with suppress(OSError):
        saved = [
            p.name.removesuffix(".toml")
            for p in (where.config / "profiles").iterdir()
            if p.name.endswith(".toml") and NAME.fullmatch(p.name.removesuffix(".toml"))
        ]
    return did_you_mean(name, sorted(saved))


# --- errors ---------------------------------------------------------------------------------


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


# --- the way to disk ---------------------------------------------------------------------------

LOCK_TIMEOUT = 10.0  # seconds to wait for another pomplan to finish writing


READ_LIMIT = 1 << 20  # bytes: a saved profile or progress file is a few hundred


def read(path: Path, name: str) -> bytes | None:
    """The bytes of profile ``name``'s file ``path``; ``None`` if there is no such file. A
    path that is not a regular file, or a file over :data:`READ_LIMIT`, is refused at once."""
    try:
        return files.read_bytes(path, READ_LIMIT)
    except files.Refused as exc:
        if exc.reason.startswith("is a directory"):
            raise read_error(path, name, IsADirectoryError()) from None
        raise StoreError(f"{path} {exc.reason}", reset_hint(name)) from None
    except OSError as exc:
        raise read_error(path, name, exc) from None


def decode(data: bytes, path: Path, name: str) -> str:
    """``data`` as text: UTF-8 and not blank, else an error naming ``path``."""
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"{path} is not UTF-8 text (bad byte at offset {exc.start})", reset_hint(name)
        ) from None
    if not decoded.strip():
        raise StoreError(f"{path} is empty", reset_hint(name))
    return decoded


def ensure_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents, each readable only by the user."""
    try:
        files.ensure_dir(directory, 0o700)
    except (FileExistsError, NotADirectoryError):
        raise file_in_the_way(directory / "x") from None
    except OSError as exc:
        raise write_error(directory, exc) from None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``path``'s sidecar lock (``PATH.lock``) across a read-modify-write."""
    from filelock import Timeout

    ensure_dir(path.parent)
    with ExitStack() as stack:
        try:  # only taking the lock is worded here; errors of the block pass through
            stack.enter_context(files.locked(path, LOCK_TIMEOUT))
        except Timeout:
            raise StoreError(
                f"{path} is being changed by another pomplan", "try again in a moment"
            ) from None
        except OSError as exc:
            raise write_error(Path(f"{path}.lock"), exc) from None
        yield


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (mode 0600) all at once: readers see old or new."""
    try:
        files.replace(path, data, 0o600)
    except OSError as exc:
        raise write_error(path, exc) from None


def json_document(
    text: str, path: Path, name: str, keys: tuple[str, ...]
) -> tuple[dict[str, Any], Callable[[str], StoreError]]:
    """A saved JSON file's object (progress, notes), its frame checked: valid and bounded JSON,
    an object, a ``schema_version`` this pomplan reads, only ``keys``, ``profile`` as text.
    Also the way to name a problem of its content (it names ``path`` and how to start over)."""

    def bad(problem: str) -> StoreError:
        return StoreError(f"{path}: {problem}", reset_hint(name))

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise bad(datafile.too_deep()) from None
    except ValueError:  # Python refuses to read a whole number of over 4300 digits
        raise bad(datafile.too_long()) from None
    problem = datafile.out_of_bounds(doc)
    if problem:
        raise bad(problem)
    if not isinstance(doc, dict):
        raise bad("expected a JSON object")
    version = doc.get("schema_version")
    if type(version) is not int or version < 1:
        raise bad("key 'schema_version' must be a positive whole number")
    if version > SCHEMA_VERSION:
        raise newer(path, version)
    for key in doc:
        if key not in keys:
            raise bad(f"unknown key {key!r} (expected: {', '.join(keys)})")
    if "profile" in doc and not isinstance(doc["profile"], str):
        raise bad("key 'profile' must be the profile's name, as text")
    return doc, bad
