"""pomplan.files: files are written whole or not at all, and errors reach the caller unchanged.

Tests run as root, so failures are injected with monkeypatch rather than chmod.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import Timeout

from pomplan import files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "files"
    path.mkdir()
    return path


@pytest.fixture
def umask() -> Iterator[int]:
    """A known umask for the test, restored after it."""
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


def enospc(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --- write_new ---------------------------------------------------------------------------


def test_write_new_creates_the_file_as_a_new_file_is_created(folder: Path, umask: int) -> None:
    path = folder / "plan.ics"
    files.write_new(path, b"BEGIN:VCALENDAR\r\n")
    assert path.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert mode(path) == 0o666 & ~umask
    assert names(folder) == ["plan.ics"]


@pytest.mark.parametrize("kind", ["file", "symlink", "dangling symlink"])
def test_write_new_refuses_an_existing_name_and_leaves_it_as_it_was(
    folder: Path, kind: str
) -> None:
    target = folder / "target.txt"
    path = folder / "plan.txt"
    if kind == "file":
        path.write_bytes(b"mine\n")
    else:
        if kind == "symlink":
            target.write_bytes(b"mine\n")
        path.symlink_to(target)
    before = (path.is_symlink(), path.read_bytes() if path.exists() else None)
    with pytest.raises(FileExistsError):
        files.write_new(path, b"new\n")
    assert (path.is_symlink(), path.read_bytes() if path.exists() else None) == before
    if kind == "dangling symlink":
        assert not target.exists(), "nothing was created through the link"


class _Failing:
    """A file handle that writes part of the data, then fails where told to."""

    def __init__(self, handle: Any, where: str, error: BaseException) -> None:
        self.handle, self.where, self.error = handle, where, error

    def __enter__(self) -> _Failing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()
        if self.where == "close":
            raise self.error

    def write(self, data: bytes) -> int:
        self.handle.write(data[:3])
        self.handle.flush()
        if self.where == "write":
            raise self.error
        return len(data)


@pytest.mark.parametrize("where", ["write", "close"])
@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
    ids=["enospc", "interrupt"],
)
def test_write_new_that_fails_leaves_no_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: BaseException
) -> None:
    path = folder / "plan.json"
    real_open = Path.open
    seen: list[bytes] = []

    def failing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        seen.append(b"opened")
        return _Failing(handle, where, error)

    monkeypatch.setattr(Path, "open", failing_open)
    with pytest.raises(type(error)) as caught:
        files.write_new(path, b'{"long": "document"}\n')
    assert caught.value is error, "the error reaches the caller unchanged"
    assert seen, "the file was created and partly written before the failure"
    assert names(folder) == []


# --- replace -----------------------------------------------------------------------------


def test_replace_keeps_the_old_files_mode(folder: Path) -> None:
    path = folder / "plan.csv"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    files.replace(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert mode(path) == 0o640
    assert names(folder) == ["plan.csv"]


def test_replace_gives_a_new_file_the_mode_a_new_file_gets(folder: Path, umask: int) -> None:
    path = folder / "plan.csv"
    files.replace(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert mode(path) == 0o666 & ~umask
    assert names(folder) == ["plan.csv"]


@pytest.mark.parametrize("existing", [True, False])
def test_replace_sets_the_mode_it_is_given(folder: Path, existing: bool) -> None:
    path = folder / "default.toml"
    if existing:
        path.write_bytes(b"old\n")
        path.chmod(0o644)
    files.replace(path, b"new\n", 0o600)
    assert path.read_bytes() == b"new\n"
    assert mode(path) == 0o600


def test_replace_writes_everything_to_a_synced_temporary_file_then_swaps_it_in(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "default.json"
    path.write_bytes(b"old\n")
    real_replace, real_fsync = os.replace, os.fsync
    steps: list[str] = []

    def fsync(fd: int) -> None:
        steps.append("fsync")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        temporary = Path(src)
        assert temporary.parent == folder, "same folder, so the rename is atomic"
        assert temporary.name.startswith(".default.json.") and temporary.name.endswith(".tmp")
        assert temporary.read_bytes() == b"new\n" * 1000, "the new bytes are all there"
        assert Path(dst) == path and path.read_bytes() == b"old\n", "the old file is untouched"
        steps.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    files.replace(path, b"new\n" * 1000)
    assert steps == ["fsync", "replace", "fsync"], "data synced first, then the folder"
    assert path.read_bytes() == b"new\n" * 1000
    assert names(folder) == ["default.json"]


def test_replace_replaces_the_path_itself_not_a_symlinks_target(folder: Path) -> None:
    """Callers that mean the target resolve the link first (``deliver --force`` does)."""
    target = folder / "target.txt"
    target.write_bytes(b"target\n")
    link = folder / "link.txt"
    link.symlink_to(target)
    files.replace(link, b"new\n")
    assert not link.is_symlink() and link.read_bytes() == b"new\n"
    assert target.read_bytes() == b"target\n"


def test_a_folder_that_cannot_be_synced_does_not_fail_the_write(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "default.json"
    real_open = os.open

    def fake_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(name) == folder:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    files.replace(path, b"new\n")
    assert path.read_bytes() == b"new\n"


@pytest.mark.parametrize("step", ["mkstemp", "fchmod", "fsync", "replace", "stat"])
def test_a_failing_replace_leaves_the_old_file_and_raises_the_os_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = folder / "default.toml"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / ".x.tmp"))

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    if step == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", fail)
    elif step == "stat":
        monkeypatch.setattr(Path, "stat", fail)
    else:
        monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError) as caught:
        files.replace(path, b"new\n")
    monkeypatch.undo()
    assert caught.value is error, "unchanged, for the caller to word"
    assert path.read_bytes() == b"old\n" and mode(path) == 0o640
    assert names(folder) == ["default.toml"], "no temporary file is left"


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit])
def test_an_interrupted_replace_leaves_the_old_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, interruption: type[BaseException]
) -> None:
    path = folder / "default.json"
    path.write_bytes(b"old\n")

    def replace(*args: Any, **kwargs: Any) -> None:
        raise interruption()

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(interruption):
        files.replace(path, b"new\n")
    assert path.read_bytes() == b"old\n"
    assert names(folder) == ["default.json"]


# --- locked ------------------------------------------------------------------------------


def test_locked_holds_a_private_sidecar_lock(folder: Path) -> None:
    path = folder / "default.json"
    with files.locked(path, 1.0):
        lock = folder / "default.json.lock"
        assert lock.exists() and mode(lock) == 0o600
        with pytest.raises(Timeout), files.locked(path, 0.05):
            pytest.fail("a second holder got the lock")
    with files.locked(path, 0.05):
        pass  # released when the block ended


def test_locked_releases_the_lock_when_the_block_fails(folder: Path) -> None:
    path = folder / "default.json"
    with pytest.raises(ValueError, match="inside"), files.locked(path, 1.0):
        raise ValueError("inside")
    with files.locked(path, 0.05):
        pass


def test_a_lock_file_that_cannot_be_opened_raises_before_the_block(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "default.json"
    real_open = os.open

    def fake_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(name).endswith(".lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    ran = False
    with pytest.raises(OSError) as caught, files.locked(path, 1.0):
        ran = True
    assert caught.value.errno == errno.EROFS and not isinstance(caught.value, Timeout)
    assert not ran


# --- ensure_dir and read_bytes -----------------------------------------------------------


def test_ensure_dir_makes_every_missing_folder_private(folder: Path) -> None:
    deep = folder / "a" / "b" / "c"
    files.ensure_dir(deep)
    for each in (folder / "a", folder / "a" / "b", deep):
        assert each.is_dir() and mode(each) == 0o700
    files.ensure_dir(deep)  # already there: nothing to do


def test_ensure_dir_reports_a_file_in_the_way(folder: Path) -> None:
    (folder / "a").write_bytes(b"")
    with pytest.raises((FileExistsError, NotADirectoryError)):
        files.ensure_dir(folder / "a")
    with pytest.raises((FileExistsError, NotADirectoryError)):
        files.ensure_dir(folder / "a" / "b")


def test_read_bytes(folder: Path) -> None:
    path = folder / "default.toml"
    assert files.read_bytes(path, 100) is None
    path.write_bytes(b"degree = 'master'\n")
    assert files.read_bytes(path, 100) == b"degree = 'master'\n"
    assert files.read_bytes(path, 18) == b"degree = 'master'\n"  # exactly at the cap
    with pytest.raises(files.Refused, match="is larger than 17 bytes"):
        files.read_bytes(path, 17)
    with pytest.raises(files.Refused, match="is a directory, not a regular file"):
        files.read_bytes(folder, 100)
    with pytest.raises(NotADirectoryError):
        files.read_bytes(path / "x", 100)


def test_a_fifo_or_device_is_refused_at_once(folder: Path) -> None:
    fifo = folder / "progress.json"
    os.mkfifo(fifo)  # nothing will ever write to it: a read would wait forever
    with pytest.raises(files.Refused, match="is a FIFO, not a regular file"):
        files.read_bytes(fifo, 100)
    with pytest.raises(files.Refused, match="is a device, not a regular file"):
        files.read_bytes(Path("/dev/zero"), 100)


def test_sizes_read_as_people_write_them() -> None:
    assert [files.size(n) for n in (17, 1024, 65536, 1 << 20, 1500)] == [
        "17 bytes",
        "1 KiB",
        "64 KiB",
        "1 MiB",
        "1500 bytes",
    ]


def test_new_folder_takes_the_next_free_name(tmp_path: Path) -> None:
    first = files.new_folder(tmp_path, "ana-20260105")
    second = files.new_folder(tmp_path, "ana-20260105")
    third = files.new_folder(tmp_path, "ana-20260105")
    assert [first.name, second.name, third.name] == [
        "ana-20260105",
        "ana-20260105-2",
        "ana-20260105-3",
    ]
    assert all(f.is_dir() and stat.S_IMODE(f.stat().st_mode) == 0o700 for f in (first, third))


def test_move_keeps_the_file_whole(tmp_path: Path) -> None:
    source = tmp_path / "default.toml"
    source.write_bytes(b"not even valid TOML \xff")
    folder = files.new_folder(tmp_path, "backup")
    moved = files.move(source, folder)
    assert moved == folder / "default.toml"
    assert moved.read_bytes() == b"not even valid TOML \xff"
    assert not source.exists()
