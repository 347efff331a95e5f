"""Writing files: a new file created exclusively, or an existing one replaced all at once.

(A minimal version for the render branch; the fuller ``files.py`` with bounded reads and locks
replaces it at merge, with the same two functions.)
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``; FileExistsError if it exists (it is left untouched).

    A failed write leaves no half-written file behind; the OSError is raised again.
    """
    with path.open("xb") as handle:
        try:
            handle.write(data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise


def replace(path: Path, data: bytes, mode: int | None = None) -> None:
    """Swap ``data`` in for ``path`` whole (a reader never sees half of it).

    The new file gets ``mode``, or when that is None the old file's permissions (a new file's
    default when there was none). An OSError is raised unchanged.
    """
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)  # noqa: PTH101
        os.replace(temporary, path)  # noqa: PTH105 (the atomic step, spelled out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
