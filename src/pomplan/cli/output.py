"""Small helpers the commands share."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from pomplan.errors import PomplanError
from pomplan.rules import Rules, load_rules


def rules_path(value: str | None) -> Path | None:
    """The file named by ``--rules`` / ``POMPLAN_RULES``; empty or unset means the shipped one."""
    return Path(value).expanduser() if value else None


def active_rules(value: str | None) -> Rules:
    """The rules from ``--rules`` / ``POMPLAN_RULES`` if given, else the shipped ones."""
    return load_rules(rules_path(value))


def deliver(data: bytes, output: str | None, force: bool) -> Path | None:
    """Write ``data`` to standard output (no ``output``, or ``-``) or to the file ``output``.

    An existing file is replaced only with ``force``, and then all at once (a reader never
    sees half of it); returns the file written, if any.
    """
    if output in (None, "-"):
        sys.stdout.flush()
        raw = getattr(sys.stdout, "buffer", None)  # bytes as they are: a calendar's CRLF stays
        if raw is None:  # a text-only stream, such as a test's
            sys.stdout.write(data.decode("utf-8"))
        else:
            raw.write(data)
            raw.flush()
        return None
    path = Path(output).expanduser()
    if path.is_dir():
        raise PomplanError(f"--output: {output!r} is a folder", "name a file inside it")
    if not path.parent.is_dir():
        raise PomplanError(
            f"--output: there is no folder {str(path.parent)!r}", "create it first, or fix the path"
        )
    if not force and (path.exists() or path.is_symlink()):
        raise _exists(output)
    if force:
        _replace(path.resolve() if path.is_symlink() else path, data, output)
        return path
    # A new file is created exclusively: if one appears meanwhile, it is not touched.
    try:
        with path.open("xb") as handle:
            try:
                handle.write(data)
            except BaseException:
                path.unlink(missing_ok=True)  # never a half-written file left behind
                raise
    except FileExistsError:
        raise _exists(output) from None
    except OSError as exc:
        raise _failed(output, exc) from None
    return path


def _replace(path: Path, data: bytes, output: str) -> None:
    """Swap ``data`` in for ``path`` whole, keeping the old file's permissions (through a
    symlink, the file it points to is replaced)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise _failed(output, exc) from None
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _failed(output, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)  # noqa: PTH101
        os.replace(temporary, path)  # noqa: PTH105 (the atomic step, spelled out)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _failed(output, exc) from None
        raise


def _exists(output: str) -> PomplanError:
    return PomplanError(
        f"--output: {output!r} already exists", "add --force to replace it, or pick another name"
    )


def _failed(output: str, exc: OSError) -> PomplanError:
    return PomplanError(f"--output: can't write {output!r}: {exc.strerror or exc}")


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
