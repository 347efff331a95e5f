"""The store's way to disk: ``pomplan.files`` underneath, every failure worded as a StoreError.

Saved files are read whole, written with mode 0600 by an atomic replace, and changed only
while their sidecar lock is held.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pomplan import files
from pomplan.store.errors import (
    StoreError,
    file_in_the_way,
    read_error,
    reset_hint,
    write_error,
)

LOCK_TIMEOUT = 10.0  # seconds to wait for another pomplan to finish writing


def read(path: Path, name: str) -> bytes | None:
    """The bytes of profile ``name``'s file ``path``; ``None`` if there is no such file."""
    try:
        return files.read_bytes(path)
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
