"""The one place that writes files: whole or not at all, under a lock when asked.

- ``write_new`` creates a file that must not exist yet (an export without ``--force``);
- ``replace`` swaps new bytes in for a file atomically (temporary file in the same folder,
  flushed and fsynced, ``os.replace``, then an fsync of the folder);
- ``locked`` holds a sidecar lock (``PATH.lock``, filelock) across a read-modify-write;
- ``ensure_dir`` makes a folder and its missing parents; ``read_bytes`` reads a saved file.

Nothing here words an error for a person: every ``OSError`` reaches the caller unchanged (and
names what the OS names), so the store and the CLI each say it their own way. Whatever fails,
no half-written file and no temporary file is left behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``; ``FileExistsError`` if it exists (left untouched).

    On any failure the partly written file is removed and the error re-raised.
    """
    handle = path.open("xb")  # exclusive: a file that appears meanwhile is not touched
    try:
        with handle:
            handle.write(data)
    except BaseException:
        with suppress(OSError):
            path.unlink()
        raise


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


def read_bytes(path: Path) -> bytes | None:
    """The bytes of ``path``; ``None`` if there is no such file (other errors propagate)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


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
