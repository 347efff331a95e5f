"""What a person saves: their profiles (TOML) and their progress (JSON), kept safe.

Files live under platformdirs' user directories (``appauthor=False``), or all under
``POMPLAN_HOME`` when it is set. Every file carries a ``schema_version`` and is written with
mode 0600. Every write replaces the file atomically (a temporary file in the same directory,
flushed and fsynced, then ``os.replace`` and an fsync of the directory) while a sidecar lock
(``FILE.lock``, filelock) is held across the whole read-modify-write. A file that cannot be
read as expected is never written over: the error names it, says what is wrong and how to
recover, and the file stays exactly as it was.

This is the only module that touches the file system outside pomplan's shipped data.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from pomplan import datafile
from pomplan.errors import DataFileError, PomplanError, UsageProblem
from pomplan.model import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    EXPERIENCE_RANGE,
    HOURS_RANGE,
    PATH_CHOICES,
    plain,
)
from pomplan.report import Given

SCHEMA_VERSION = 1
DEFAULT_PROFILE = "default"
NAME = re.compile(r"[a-z0-9_-]{1,40}")
LOCK_TIMEOUT = 10.0  # seconds to wait for another pomplan to finish writing
PROFILE_KEYS = (
    "schema_version",
    "degree",
    "background",
    "experience_years",
    "path",
    "certifications",
    "hours_per_week",
    "start",
)
PROGRESS_KEYS = ("schema_version", "profile", "done")


class StoreError(PomplanError):
    """A saved file can't be read or written; it is left exactly as it was."""


class Locations(NamedTuple):
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
    """``name`` if it is a valid profile name, else a usage error (nothing reaches outside)."""
    if name in RESERVED:
        raise UsageProblem(f"{where}: {name!r} is a name Windows reserves; choose another")
    if NAME.fullmatch(name):
        return name
    raise UsageProblem(
        f"{where}: {name!r} is not a profile name; use 1-40 characters from a-z, 0-9, '-' and '_'"
    )


def _reset_hint(name: str) -> str:
    flag = "" if name == DEFAULT_PROFILE else f" --profile {name}"
    return f"fix it by hand, or move it aside with 'pomplan{flag} profile reset'"


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# --- reading -----------------------------------------------------------------------------


def _read(path: Path, name: str) -> bytes | None:
    """The file's bytes; ``None`` if there is no such file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(
            f"{path} is a directory, where pomplan expects a file",
            f"move it out of the way, or run 'pomplan{_flag(name)} profile reset'",
        ) from None
    except NotADirectoryError:
        raise _file_in_the_way(path) from None
    except PermissionError:
        raise StoreError(
            f"{path} can't be read: permission denied",
            f"give yourself access (chmod u+rw '{path}')",
        ) from None
    except OSError as exc:
        raise StoreError(f"{path} can't be read: {_why(exc)}", _reset_hint(name)) from None


def _file_in_the_way(path: Path) -> StoreError:
    """The error for a file standing where one of ``path``'s folders should be."""
    blocker = next(
        (p for p in reversed(path.parents) if p.exists() and not p.is_dir()), path.parent
    )
    return StoreError(
        f"{blocker} is a file, where pomplan expects a folder",
        "move that file out of the way, or set POMPLAN_HOME to another folder",
    )


def _flag(name: str) -> str:
    return "" if name == DEFAULT_PROFILE else f" --profile {name}"


def _text(data: bytes, path: Path, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"{path} is not UTF-8 text (bad byte at offset {exc.start})", _reset_hint(name)
        ) from None
    if not text.strip():
        raise StoreError(f"{path} is empty", _reset_hint(name))
    return text


def _newer(path: Path, version: object) -> StoreError:
    return StoreError(
        f"{path} was written by a newer pomplan (schema_version {version}; this one reads "
        f"{SCHEMA_VERSION})",
        "upgrade pomplan to use it; this version will not change it",
    )


class SavedProfile(NamedTuple):
    name: str
    file: Path
    given: Given
    start: date | None


def load_profile(where: Locations, name: str) -> SavedProfile | None:
    """The saved profile ``name``, or ``None`` if none is saved."""
    path = where.profile_file(name)
    data = _read(path, name)
    return None if data is None else _profile(data, path, name)


def _profile(data: bytes, path: Path, name: str) -> SavedProfile:
    text = _text(data, path, name)
    try:
        doc = datafile.parse(text.encode(), str(path))
    except DataFileError as exc:
        version = _toml_version(text)
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise _newer(path, version) from None
        raise StoreError(exc.message, _reset_hint(name)) from None
    try:
        given, start = _profile_values(datafile.Reader(doc, str(path)))
    except DataFileError as exc:
        raise StoreError(exc.message, _reset_hint(name)) from None
    return SavedProfile(name, path, given, start)


def _toml_version(text: str) -> object:
    match = re.search(r"(?m)^\s*schema_version\s*=\s*(\d+)\s*$", text)
    return int(match.group(1)) if match else None


def _profile_values(r: datafile.Reader) -> tuple[Given, date | None]:
    for key in r.table:
        if key not in PROFILE_KEYS:
            from pomplan.content import did_you_mean

            hint = did_you_mean(key, PROFILE_KEYS[1:])
            raise r.fail(key, f"unknown key; {hint}expected: {', '.join(PROFILE_KEYS[1:])}")

    def one(key: str, allowed: tuple[str, ...]) -> str | None:
        if not r.has(key):
            return None
        value = r.text(key)
        if value not in allowed:
            raise r.fail(key, f"unknown value {value!r} (expected one of: {', '.join(allowed)})")
        return value

    def number(key: str, bounds: tuple[Decimal, Decimal]) -> Decimal | None:
        if not r.has(key):
            return None
        value = r.number(key)
        if not bounds[0] <= value <= bounds[1]:
            low, high = plain(bounds[0]), plain(bounds[1])
            raise r.fail(key, f"{plain(value)} is out of range (expected {low} to {high})")
        return value

    certs = (
        r.texts("certifications", allowed=CERTIFICATIONS, empty_ok=True)
        if r.has("certifications")
        else None
    )
    start: date | None = None
    if r.has("start"):
        raw = r.table["start"]
        if isinstance(raw, str):
            try:
                raw = date.fromisoformat(raw.strip())
            except ValueError:
                raise r.fail("start", f"expected a date like 2026-01-31, got {raw!r}") from None
        if isinstance(raw, datetime):
            raise r.fail(
                "start", f"expected a date like 2026-01-31, got the date and time {raw.isoformat()}"
            )
        if not isinstance(raw, date):
            raise r.fail("start", f"expected a date like 2026-01-31, got {datafile.describe(raw)}")
        start = raw
    given = Given(
        degree=one("degree", DEGREES),
        background=one("background", BACKGROUNDS),
        experience_years=number("experience_years", EXPERIENCE_RANGE),
        path=one("path", PATH_CHOICES),
        certifications=tuple(dict.fromkeys(certs)) if certs is not None else None,
        hours_per_week=number("hours_per_week", HOURS_RANGE),
    )
    return given, start


def load_progress(where: Locations, name: str) -> dict[str, date]:
    """Milestone id -> the day it was done; empty if nothing is recorded."""
    path = where.progress_file(name)
    data = _read(path, name)
    if data is None:
        return {}
    return _progress_values(_text(data, path, name), path, name)


def _progress_values(text: str, path: Path, name: str) -> dict[str, date]:
    def bad(problem: str) -> StoreError:
        return StoreError(f"{path}: {problem}", _reset_hint(name))

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(doc, dict):
        raise bad("expected a JSON object")
    version = doc.get("schema_version")
    if type(version) is not int or version < 1:
        raise bad("key 'schema_version' must be a positive whole number")
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    for key in doc:
        if key not in PROGRESS_KEYS:
            raise bad(f"unknown key {key!r} (expected: {', '.join(PROGRESS_KEYS)})")
    if "profile" in doc and not isinstance(doc["profile"], str):
        raise bad("key 'profile' must be the profile's name, as text")
    done = doc.get("done")
    if not isinstance(done, dict):
        raise bad("key 'done' must be an object of milestone id -> date")
    result: dict[str, date] = {}
    for ident, day in done.items():
        if not isinstance(ident, str) or not re.fullmatch(r"[a-z0-9-]{1,40}", ident):
            raise bad(f"key 'done': {ident!r} is not a milestone id")
        expected = f"key 'done.{ident}': expected a date like 2026-01-31, got {day!r}"
        if not isinstance(day, str):
            raise bad(expected)
        try:
            result[ident] = date.fromisoformat(day)
        except ValueError:
            raise bad(expected) from None
    return result


# --- writing -----------------------------------------------------------------------------


def _write_error(path: Path, exc: OSError) -> StoreError:
    """One line about ``path`` (never the temporary file next to it, which is gone)."""
    if exc.errno == errno.ENOTDIR:
        return _file_in_the_way(path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        hint = "check its permissions, or set POMPLAN_HOME to a folder you can write"
    else:
        hint = "free some space or fix the folder, then try again"
    return StoreError(f"can't write {path}: {_why(exc)}; nothing was changed", hint)


def _ensure_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents, each readable only by the user."""
    missing = [d for d in (directory, *directory.parents) if not d.is_dir()]
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _file_in_the_way(directory / "x") from None
    except OSError as exc:
        raise _write_error(directory, exc) from None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``path``'s sidecar lock (``PATH.lock``) across a read-modify-write."""
    from filelock import FileLock, Timeout

    _ensure_dir(path.parent)
    lock = FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{path} is being changed by another pomplan", "try again in a moment"
        ) from None
    except OSError as exc:
        raise _write_error(Path(f"{path}.lock"), exc) from None
    try:
        yield
    finally:
        lock.release()


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old file or the new one."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
                    os.fchmod(handle.fileno(), 0o600)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)  # noqa: PTH105 (the atomic step, spelled out)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)  # noqa: PTH108
            raise
    except OSError as exc:
        raise _write_error(path, exc) from None
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # The rename itself is made durable by syncing the directory (where the OS allows it).
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
        elif isinstance(value, tuple):
            value = list(value)
        doc[key] = value
    if start is not None:
        doc["start"] = start
    header = (
        f"# pomplan profile '{name}'. Change it with 'pomplan{_flag(name)} profile set', or\n"
        "# edit it here: a key left out takes pomplan's reference value.\n"
    )
    return header + tomli_w.dumps(doc)


class Updated(NamedTuple):
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
        old = _read(path, name)
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
    _ensure_dir(where.backups)
    for number in range(1, 1000):
        copy = where.backups / (stem + (f"-{number}" if number > 1 else "") + suffix)
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _write_error(copy, exc) from None
        os.close(fd)
        atomic_write(copy, data)
        return copy
    raise StoreError(f"{where.backups} holds too many copies named {stem}", "tidy it up")


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


# --- listing and resetting ---------------------------------------------------------------


class Listed(NamedTuple):
    name: str
    profile_file: Path | None
    progress_file: Path | None
    done: int | None  # milestones recorded; None if the progress can't be read
    problem: str | None  # why a file can't be read, if one can't


def list_profiles(where: Locations) -> list[Listed]:
    names: set[str] = set()
    folders = ((where.config / "profiles", ".toml"), (where.data / "progress", ".json"))
    for folder, suffix in folders:
        with suppress(OSError):
            names |= {
                p.name[: -len(suffix)]
                for p in folder.iterdir()
                if p.name.endswith(suffix) and NAME.fullmatch(p.name[: -len(suffix)])
            }
    result = []
    for name in sorted(names):
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
    files = [p for p in (where.profile_file(name), where.progress_file(name)) if os.path.lexists(p)]
    if not files:
        return None
    _ensure_dir(where.backups)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    folder = where.backups / f"{name}-{stamp}"
    suffix = 1
    while True:
        try:
            folder.mkdir(mode=0o700)
            break
        except FileExistsError:
            suffix += 1
            folder = where.backups / f"{name}-{stamp}-{suffix}"
        except OSError as exc:
            raise _write_error(folder, exc) from None
    moved = []
    for path in files:
        with locked(path):
            try:
                shutil.move(path, folder / path.name)
            except OSError as exc:
                raise _write_error(path, exc) from None
        moved.append(folder / path.name)
    return folder, moved
