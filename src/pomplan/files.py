"""The one place that writes files: whole or not at all, under a lock when asked.

- ``write_new`` creates a file that must not exist yet (an export without ``--force``);
- ``replace`` swaps new bytes in for a file atomically (temporary file in the same folder,
  flushed and fsynced, ``os.replace``, then an fsync of the folder);
- ``locked`` holds a sidecar lock (``PATH.lock``, filelock) across a read-modify-write;
- ``sweep`` removes a killed writer's old temporary files of one target (each write does);
- ``ensure_dir`` makes a folder and its missing parents; ``read_bytes`` reads a saved file.

Nothing here words an error for a person: every ``OSError`` reaches the caller unchanged (and
names what the OS names), so the store and the CLI each say it their own way. Whatever fails,
no half-written file and no temporary file is left behind.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``; ``FileExistsError`` if it exists (left untouched).

    On any failure (a full disk after any number of bytes) the partly written file is removed
    and the error re-raised. Old temporary files of ``path`` are swept (:func:`sweep`).
    """
    handle = path.open("xb")  # exclusive: a file that appears meanwhile is not touched
    try:
        with handle:  # closing flushes: a full disk found then is caught here too
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with suppress(OSError):
            path.unlink()
        raise
    sweep(path)


def replace(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old file or the new one.

    The new file gets ``mode`` if given, else the old file's permission bits, else what a new
    file gets (``0o666`` less the umask). ``path`` itself is replaced: a caller that means the
    target of a symlink resolves it first. On failure the old file (if any) is as it was.
    """
    if mode is None:
        mode = _mode_of(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
                os.fchmod(handle.fileno(), mode)
            else:
                os.chmod(temporary, mode)  # noqa: PTH101
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)  # noqa: PTH105 (the atomic step, spelled out)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108
        raise
    _fsync_dir(path.parent)
    sweep(path)


def _mode_of(path: Path) -> int:
    """The permission bits ``path`` has, or those a new file would get."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        current = os.umask(0o022)
        os.umask(current)
        return 0o666 & ~current


def _fsync_dir(directory: Path) -> None:
    # The rename itself is made durable by syncing the directory (where the OS allows it).
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold ``path``'s sidecar lock (``PATH.lock``, mode 0600) for the ``with`` block.

    Waits up to ``timeout`` seconds for another holder, then raises ``filelock.Timeout`` (a
    ``TimeoutError``); a lock file that can't be opened raises its ``OSError``. Both happen on
    entering the block, before it runs. ``path``'s folder must exist.
    """
    from filelock import FileLock

    lock = FileLock(f"{path}.lock", timeout=timeout, mode=0o600)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def ensure_dir(directory: Path, mode: int = 0o700) -> None:
    """Create ``directory`` and any missing parents, each with ``mode``.

    A file standing where a folder should be raises ``FileExistsError`` or
    ``NotADirectoryError``; other failures raise their ``OSError``.
    """
    missing = [d for d in (directory, *directory.parents) if not d.is_dir()]
    for folder in reversed(missing):
        folder.mkdir(mode=mode, exist_ok=True)


class Refused(Exception):
    """A path pomplan will not read: not a regular file, or larger than its cap. ``reason``
    says which in a few words ("is a FIFO, not a regular file"), for the caller's message."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} {reason}")
        self.path, self.reason = path, reason


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file. Anything else (a
    directory, FIFO, device or socket) is :class:`Refused` at once: it is never waited on.
    ``FileNotFoundError`` and other ``OSError``s pass on."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:  # a socket can't be opened at all (ENXIO): name what it is
        if exc.errno == errno.ENXIO and not stat.S_ISREG(mode := path.stat().st_mode):
            raise _refused(path, mode) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _refused(path, mode)
        if flags & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refused(path: Path, mode: int) -> Refused:
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return Refused(path, f"is {kind}, not a regular file")


def read_bytes(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``path``, at most ``limit`` of them; ``None`` if there is
    no such file. :class:`Refused` if it is not a regular file or holds more than ``limit``
    bytes; other ``OSError``s pass on."""
    try:
        handle = open_regular(path)
    except FileNotFoundError:
        return None
    with handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(path, f"is larger than {size(limit)}, the most pomplan reads for it")
    return data


def size(count: int) -> str:
    """A number of bytes as a person reads it: 512 bytes, 64 KiB, 8 MiB."""
    for unit, step in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= step and count % step == 0:
            return f"{count // step} {unit}"
    return f"{count} bytes"


def new_folder(parent: Path, stem: str, mode: int = 0o700) -> Path:
    """Create a folder named ``stem`` in ``parent`` (``stem-2``, ``stem-3`` ... if the name is
    taken) and return it; an ``OSError`` other than a taken name passes on."""
    folder, number = parent / stem, 1
    while True:
        try:
            folder.mkdir(mode=mode)
            return folder
        except FileExistsError:
            number += 1
            folder = parent / f"{stem}-{number}"


def move(path: Path, folder: Path) -> Path:
    """Move the file ``path`` whole into ``folder`` (a rename, or a copy across file systems)
    and return where it went."""
    import shutil

    target = folder / path.name
    shutil.move(path, target)
    _fsync_dir(folder)
    return target


# --- leftovers -------------------------------------------------------------------------------

STALE_AFTER = 600.0  # seconds: a temporary file this old belongs to a writer that is gone


def _temporary_of(path: Path) -> re.Pattern[str]:
    """The names :func:`replace` gives its temporary files for ``path``, and no other."""
    return re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")


def sweep(path: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files :func:`replace` left for ``path`` (``.NAME.XXXXXXXX.tmp``,
    a writer killed mid-write) that were last written more than ``older_than`` seconds ago,
    and return them. Only regular files of exactly that name (and, where the OS says, of this
    user) go; a newer one may be another writer's, at work. Nothing here fails a write: an
    error is passed over."""
    import time

    pattern, removed = _temporary_of(path), list[Path]()
    cutoff = time.time() - older_than
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        with suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            mine = owner is None or info.st_uid == owner
            if stat.S_ISREG(info.st_mode) and mine and info.st_mtime < cutoff:
                os.unlink(entry.path)  # noqa: PTH108
                removed.append(Path(entry.path))
    return removed
