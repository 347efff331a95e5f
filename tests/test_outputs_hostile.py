"""Hostile outputs (issue 14): export targets that are not files, full disks, a killed
writer's leftovers, the POMPLAN_DEBUG switch, and control or bidirectional characters on
their way to a terminal, a Markdown file or a JSON document.

Each class is tried through the CLI where it can be, and with more than the issue's example.
"""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan import files
from pomplan.errors import PomplanError
from pomplan.render import json_doc
from pomplan.text import escape, json_safe, one_line

# Every character that must never reach a terminal raw, by class: C0 and C1 controls, the
# bidirectional controls, and a lone surrogate (which no encoding can even write).
C0 = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f"]
C1 = ["\x7f", "\x85", "\x9b", "\x9f"]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
UNSAFE = C0 + C1 + BIDI + SURROGATES
# The whole class (tab and line feed are fine).
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def one_error(result: Any, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "error:" in lines[0] and "Traceback" not in result.stderr
    return str(lines[0])


def plan_md(run: Any, target: Path | str, *more: str) -> Any:
    return run("plan", "--format", "markdown", "-o", str(target), *more)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder to write into (``tmp_path`` holds the test's home)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


# --- export targets that are not regular files -----------------------------------------------


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
def test_a_fifo_target_is_refused_and_kept(run: Any, folder: Path, force: tuple[str]) -> None:
    fifo = folder / "plan.md"
    os.mkfifo(fifo)
    line = one_error(plan_md(run, fifo, *force), 1)
    assert "is a FIFO, not a regular file" in line and "even with --force" in line
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert names(folder) == ["plan.md"]


def _device(path: Path) -> Path:
    try:  # a twin of /dev/null: the real one is never put at risk by a test
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError) as exc:
        pytest.skip(f"can't make a device node here: {exc}")
    return path


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
def test_a_device_target_is_refused_and_kept(run: Any, folder: Path, force: tuple[str]) -> None:
    null = _device(folder / "null")
    line = one_error(plan_md(run, null, *force), 1)
    assert "is a device, not a regular file" in line
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert names(folder) == ["null"]


def test_a_symlink_to_a_device_is_refused_with_force(run: Any, folder: Path) -> None:
    null = _device(folder / "null")
    link = folder / "plan.md"
    link.symlink_to(null)
    assert "is a device" in one_error(plan_md(run, link, "--force"), 1)
    assert link.is_symlink() and stat.S_ISCHR(null.lstat().st_mode)
    assert names(folder) == ["null", "plan.md"]


def test_a_socket_target_is_refused(run: Any, folder: Path) -> None:
    path = folder / "s.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError as exc:  # a path too long for a socket
        pytest.skip(str(exc))
    with server:
        assert "is a socket" in one_error(plan_md(run, path, "--force"), 1)
        assert stat.S_ISSOCK(path.lstat().st_mode)


def test_a_terminal_target_is_written_as_a_stream(run: Any) -> None:
    leader, follower = os.openpty()
    try:
        name = os.ttyname(follower)
        result = plan_md(run, name, "--force")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "" and "wrote" not in result.stderr
        os.set_blocking(leader, False)
        got = b""
        with pytest.raises(OSError):  # nothing more to read (EAGAIN, or EIO once it is closed)
            while chunk := os.read(leader, 65536):
                got += chunk
        assert b"# Plan to Product Operations Manager" in got
        assert stat.S_ISCHR(Path(name).stat().st_mode)
    finally:
        os.close(follower)
        os.close(leader)


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout here")
@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
def test_dev_stdout_is_standard_output(run: Any, force: tuple[str]) -> None:
    result = plan_md(run, "/dev/stdout", *force)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Plan to Product Operations Manager")
    assert "wrote" not in result.stderr


def test_a_regular_file_is_still_written_and_replaced(run: Any, folder: Path) -> None:
    target = folder / "plan.md"
    assert plan_md(run, target).exit_code == 0
    first = target.read_bytes()
    assert first.startswith(b"# Plan")
    assert "already exists" in one_error(plan_md(run, target), 1)
    assert plan_md(run, target, "--force").exit_code == 0
    assert target.read_bytes() == first
    assert names(folder) == ["plan.md"]


# --- a full disk, after any number of bytes --------------------------------------------------


class _Full:
    """A file handle on a disk with room for ``room`` more bytes, then ENOSPC."""

    def __init__(self, handle: Any, room: int) -> None:
        self.handle, self.room = handle, room

    def __enter__(self) -> _Full:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def fileno(self) -> int:
        return int(self.handle.fileno())

    def flush(self) -> None:
        self.handle.flush()

    def write(self, data: bytes) -> int:
        fits = data[: self.room]
        self.handle.write(fits)
        self.handle.flush()
        self.room -= len(fits)
        if len(fits) < len(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        return len(data)


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    real_open, real_fdopen = Path.open, os.fdopen

    def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        return _Full(handle, room) if "x" in mode else handle

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return _Full(handle, room) if "w" in mode else handle

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(files.os, "fdopen", fdopen)


SIZES = [0, 1, 100, 4095, 8192, 65537]


@pytest.mark.parametrize("room", [0, 1, 99, 4096, 8191, 65536])
@pytest.mark.parametrize("size", SIZES)
def test_a_full_disk_leaves_nothing_behind(
    folder: Path, monkeypatch: pytest.MonkeyPatch, room: int, size: int
) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    old = folder / "old.json"
    old.write_bytes(b"keep me")
    fill_the_disk(monkeypatch, room)
    fits = size <= room
    for write, path in ((files.write_new, folder / "new.json"), (files.replace, old)):
        if fits:
            write(path, data)
            assert path.read_bytes() == data
        else:
            with pytest.raises(OSError) as caught:
                write(path, data)
            assert caught.value.errno == errno.ENOSPC
    if fits:
        assert names(folder) == ["new.json", "old.json"]
    else:
        assert names(folder) == ["old.json"]
        assert old.read_bytes() == b"keep me"


@pytest.mark.parametrize("write", [files.write_new, files.replace], ids=["new", "replace"])
def test_a_full_disk_found_at_fsync_leaves_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch, write: Any
) -> None:
    """Some file systems (NFS, quotas, delayed allocation) say so only when the data is synced."""
    old = folder / "plan.md"
    old.write_bytes(b"keep me")
    target = folder / "new.md" if write is files.write_new else old

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", fsync)
    with pytest.raises(OSError):
        write(target, b"a small export\n")
    assert names(folder) == ["plan.md"] and old.read_bytes() == b"keep me"


@pytest.mark.parametrize("room", [0, 10, 5000])
@pytest.mark.parametrize("force", [False, True])
def test_a_full_disk_through_the_cli(
    run: Any, folder: Path, monkeypatch: pytest.MonkeyPatch, room: int, force: bool
) -> None:
    target = folder / "plan.md"
    if force:
        target.write_bytes(b"keep me")
    fill_the_disk(monkeypatch, room)
    line = one_error(plan_md(run, target, *(["--force"] if force else [])), 1)
    assert "No space left" in line
    assert names(folder) == (["plan.md"] if force else [])
    if force:
        assert target.read_bytes() == b"keep me"


# --- a killed writer's leftovers -------------------------------------------------------------

OLD = time.time() - 3600


def _left(folder: Path, name: str, age: float = OLD) -> Path:
    path = folder / name
    path.write_bytes(b"half")
    os.utime(path, (age, age))
    return path


def test_an_export_sweeps_its_own_old_temporaries_only(run: Any, folder: Path) -> None:
    stale = _left(folder, ".plan.md.ab_cd9xy.tmp")
    fresh = _left(folder, ".plan.md.k2j4h5g6.tmp", time.time())  # another writer, at work
    decoys = [
        ".plan.md.ab_cd9xy.tmp.keep",
        ".plan.md.ab_cd9x.tmp",  # a name mkstemp does not make
        ".plan.md.ABCDEFGH.tmp",
        ".other.md.ab_cd9xy.tmp",  # another target's
        "plan.md.ab_cd9xy.tmp",
        ".plan.mdx.ab_cd9xy.tmp",
        ".plan.md.ab_cd9xy.TMP",
        "notes.txt",
    ]
    for decoy in decoys:
        _left(folder, decoy)
    a_dir = folder / ".plan.md.zzzzzzzz.tmp"  # a folder of that name is not a file
    a_dir.mkdir()
    os.utime(a_dir, (OLD, OLD))
    outside = _left(folder, "precious")
    link = folder / ".plan.md.yyyyyyyy.tmp"
    link.symlink_to(outside)
    os.utime(link, (OLD, OLD), follow_symlinks=False)
    assert plan_md(run, folder / "plan.md").exit_code == 0
    assert not stale.exists()
    assert fresh.exists() and a_dir.is_dir() and link.is_symlink()
    assert outside.read_bytes() == b"half"
    assert all((folder / d).exists() for d in decoys)


def test_a_forced_export_sweeps_too(run: Any, folder: Path) -> None:
    target = folder / "plan.md"
    target.write_bytes(b"old")
    stale = _left(folder, ".plan.md.0a1b2c3d.tmp")
    assert plan_md(run, target, "--force").exit_code == 0
    assert names(folder) == ["plan.md"] and not stale.exists()


def test_a_name_with_pattern_characters_is_matched_literally(folder: Path) -> None:
    target = folder / "a+b(1)[x]*.md"
    mine = _left(folder, ".a+b(1)[x]*.md.abcdefgh.tmp")
    other = _left(folder, ".aab(1)[x]*.md.abcdefgh.tmp")
    files.replace(target, b"new")
    assert not mine.exists() and other.exists()


def test_a_saved_file_write_sweeps_its_temporaries(run: Any, isolated_env: Path) -> None:
    assert run("profile", "set", "--degree", "none").exit_code == 0
    saved = [p for p in isolated_env.rglob("*.toml") if not p.name.startswith(".")]
    assert saved
    stale = _left(saved[0].parent, f".{saved[0].name}.q1w2e3r4.tmp")
    assert run("profile", "set", "--degree", "bachelor").exit_code == 0
    assert not stale.exists()


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda n: "/" not in n and "\x00" not in n))
def test_sweep_removes_only_that_targets_temporaries(tmp_path_factory: Any, stem: str) -> None:
    folder = tmp_path_factory.mktemp("sweep")
    target = folder / "t.md"
    try:
        path = _left(folder, stem)
    except (OSError, UnicodeEncodeError):  # a name this file system can't hold
        return
    removed = files.sweep(target)
    expected = re.fullmatch(r"\.t\.md\.[a-z0-9_]{8}\.tmp", stem) is not None
    assert (removed == [path]) is expected
    assert path.exists() is not expected


# --- POMPLAN_DEBUG ---------------------------------------------------------------------------


def _explode(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("kaboom")


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "Yes", "on", " On "])
def test_debug_on_words(run: Any, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setattr("pomplan.service.build_report", _explode)
    result = run("estimate", env={"POMPLAN_DEBUG": value})
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.parametrize("value", ["", "0", "false", "False", "no", "NO", "off", " off "])
def test_debug_off_words(run: Any, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setattr("pomplan.service.build_report", _explode)
    line = one_error(run("estimate", env={"POMPLAN_DEBUG": value}), 1)
    assert "unexpected RuntimeError" in line


@pytest.mark.parametrize(
    "value", ["2", "-1", "maybe", "y", "n", "enable", "truee", "1 1", "\x1b[31m", "o\u202en"]
)
def test_debug_other_values_are_a_usage_error(run: Any, value: str) -> None:
    result = run("estimate", env={"POMPLAN_DEBUG": value})
    line = one_error(result, 2)
    assert result.stdout == ""
    assert "POMPLAN_DEBUG" in line and "1, true, yes or on" in line and "0, false, no, off" in line
    assert not RAW.search(line)


@pytest.mark.parametrize(
    "args",
    [
        ("estimate", "--bogus"),  # click's
        ("plan", "--format", "nope"),  # pomplan's UsageProblem
        ("estimate", "--format", "csv"),
        ("--profile", "../x", "estimate"),
    ],
)
def test_usage_errors_exit_2_under_debug(run: Any, args: tuple[str, ...]) -> None:
    result = run(*args, env={"POMPLAN_DEBUG": "1"})
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert "error:" in result.stderr.splitlines()[-1]


def test_other_errors_still_raise_under_debug(run: Any) -> None:
    result = run("--profile", "nosuch", "estimate", env={"POMPLAN_DEBUG": "yes"})
    assert isinstance(result.exception, PomplanError)
    assert result.exit_code == 1


# --- escaping --------------------------------------------------------------------------------


@pytest.mark.parametrize("char", [*sorted(set(UNSAFE) - {"\x00", *SURROGATES}), "\n"])
def test_the_written_note_escapes_the_file_name(run: Any, folder: Path, char: str) -> None:
    target = folder / f"a{char}[31mb.md"
    result = plan_md(run, target)
    assert result.exit_code == 0, result.stderr
    assert target.exists()
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pomplan: note: wrote your plan")
    assert not RAW.search(result.stderr)
    assert repr(char)[1:-1] in lines[0]


def _rules(folder: Path, label: str, reason: str) -> Path:
    from pomplan.datafile import shipped

    text = shipped("rules.toml").read_text(encoding="utf-8")
    text = text.replace('label = "Degree"', f'label = "{label}"', 1)
    text = re.sub(r'(reason = ")([^"]*)"', lambda m: f'{m[1]}{reason}{m[2]}"', text, count=3)
    path = folder / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


BIDI_LABEL = "De\u202egree\u2066x\u2069\u200f"


@pytest.mark.parametrize(
    "args",
    [
        ("estimate",),
        ("rules",),
        ("plan",),
        ("plan", "--details"),
        ("plan", "--format", "markdown", "-o", "-"),
        ("estimate", "--json"),
        ("rules", "--json"),
        ("plan", "--json"),
    ],
)
def test_bidi_from_a_rules_file_never_reaches_output_raw(
    run: Any, folder: Path, args: tuple[str, ...]
) -> None:
    rules = _rules(folder, BIDI_LABEL, "\u202dsee\u202c ")
    result = run(*args, env={"POMPLAN_RULES": str(rules), "COLUMNS": "160"})
    assert not RAW.search(result.stdout) and not RAW.search(result.stderr)
    if result.exit_code != 0:  # a loader that refuses such text: one line, nothing raw
        one_error(result, 1)
        return
    if args in (("estimate", "--json"), ("rules", "--json")):  # the value is kept
        assert BIDI_LABEL in json.dumps(json.loads(result.stdout), ensure_ascii=False)
    if args in (("estimate",), ("estimate", "--json")):  # and shown escaped
        assert "\\u202e" in result.stdout


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".svg", ".ics", ".json"])
def test_bidi_from_a_rules_file_never_reaches_an_export_raw(
    run: Any, folder: Path, suffix: str
) -> None:
    rules = _rules(folder, BIDI_LABEL, "\u202e")
    target = folder / f"plan{suffix}"
    result = run("plan", "--details", "-o", str(target), env={"POMPLAN_RULES": str(rules)})
    if result.exit_code != 0:
        one_error(result, 1)
        return
    written = target.read_bytes().decode("utf-8")
    if suffix == ".ics":  # a calendar's lines end in CRLF
        written = written.replace("\r\n", "\n")
    assert not RAW.search(written)


def test_the_terminal_escapes_what_it_draws() -> None:
    from rich.text import Text

    from pomplan.render.terminal.console import recorder

    term = recorder(60)
    term.print(Text("a\x1b[2Jb\u202ec\rd", style="bold"))
    shown = term.export_text(styles=True)
    assert "\x1b[2J" not in shown and "\u202e" not in shown and "\r" not in shown
    assert "a\\x1b[2Jb\\u202ec" in shown
    assert "\x1b[1m" in shown  # Rich's own styling stays


def test_json_lines_with_hostile_ids_write_every_row(run: Any) -> None:
    rows = [
        '{"id":"\\ud800"}',
        '{"id":"a\\u202eb\\u0085"}',
        '{"id":"\\udfff\\ud800"}',
        '{"id":"ok"}',
    ]
    result = run("estimate", "--input", "-", input="".join(r + "\n" for r in rows))
    out = result.stdout.splitlines()
    assert len(out) == len(rows), (result.stdout, result.stderr)
    assert not RAW.search(result.stdout)
    ids = [json.loads(line)["id"] for line in out]
    assert ids[1] == "a\u202eb\x85" and ids[3] == "ok"
    assert ids[0] in ("\ud800", None)  # kept, or turned into an error record without one


def test_csv_cells_escape_hostile_ids(run: Any) -> None:
    text = 'id,degree\n"a\u202eb",none\n"\x1b[31m",bachelor\n'
    result = run("estimate", "--input", "-", "--format", "csv", input=text)
    assert result.exit_code == 0, result.stderr
    assert not RAW.search(result.stdout)
    assert "a\\u202eb" in result.stdout


unsafe_text = st.text(st.sampled_from(UNSAFE) | st.characters(), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(unsafe_text, unsafe_text | st.lists(unsafe_text, max_size=3), max_size=4))
def test_json_writers_keep_the_value_and_escape_it(doc: dict[str, Any]) -> None:
    pretty, compact = json_doc.dumps(doc), json_doc.encoder()(doc)
    for text in (pretty, compact):
        assert not RAW.search(text)
        text.encode("utf-8")  # writable: no lone surrogate left raw
        assert json.loads(text) == doc
    same = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    assert compact == json_safe(same)


@settings(max_examples=200, deadline=None)
@given(unsafe_text)
def test_escape_leaves_nothing_raw_and_keeps_the_rest(text: str) -> None:
    for shown in (escape(text), one_line(text)):
        assert not RAW.search(shown)
        shown.encode("utf-8")
    assert "\n" not in one_line(text)
    if not RAW.search(text):
        assert escape(text) == text
