"""Every file pomplan reads is bounded (issue 14): a rules, profile or progress file that is a
FIFO, a device, a folder, too large, nested too deep, with a key of too many dots or a number
of too many digits gets one line naming the file and the problem, exit 1, at once; nothing
saved is changed. A regression here would hang or eat memory, so every test runs under an alarm.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan import datafile
from pomplan.errors import DataFileError

SECONDS = 5.0  # each refusal must come well within this


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    """Fail a test that blocks (a FIFO waited on) instead of hanging the suite."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("a read did not return: it blocked or ran too long")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def home_of(isolated_env: Path) -> Path:
    return isolated_env / "pomplan"


def one_line(result: Any, code: int = 1) -> str:
    """The single stderr line of a refused command: no traceback, nothing on stdout."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == "", result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pomplan: error: "), lines[0]
    return str(lines[0])


def timed(call: Callable[[], Any]) -> Any:
    started = time.monotonic()
    result = call()
    assert time.monotonic() - started < SECONDS
    return result


# --- what makes a file hostile: (name, maker, words the line must hold) ---------------------

M = 1 << 20


def _text(text: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return make


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound: the file stays a socket for the test
    _SOCKETS.append(server)


_SOCKETS: list[socket.socket] = []

NOT_FILES = [
    ("fifo", _fifo, "is a FIFO, not a regular file"),
    ("folder", _folder, "is a directory"),
    ("dev-zero", _zero, "is a device, not a regular file"),
    ("socket", _socket, "is a socket, not a regular file"),
]
if len(str(Path("/tmp"))) > 90:  # pragma: no cover - a socket path must be short
    NOT_FILES.pop()

V = "schema_version = 1\n"
HOSTILE_TOML = [
    ("array-1000-deep", _text(V + "x = " + "[" * 1000 + "]" * 1000), "nested more than 32 deep"),
    ("array-33-deep", _text(V + "x = " + "[" * 33 + "]" * 33), "nested more than 32 deep"),
    ("unclosed-500k", _text(V + "x = " + "[" * (M // 2)), "nested more than 32 deep"),
    ("inline-1000-deep", _text(V + "x = " + "{a = " * 1000 + "1" + "}" * 1000), "32 deep"),
    ("mixed-deep", _text(V + "x = " + "[{a = " * 300 + "1" + "}]" * 300), "32 deep"),
    ("dotted-key-30000", _text(V + "a" + ".a" * 30000 + " = 1"), "more than 8 dots"),
    ("dotted-key-spaced", _text(V + "a" + " . 'b'" * 9 + " = 1"), "more than 8 dots"),
    ("dotted-header", _text(V + "[" + "a." * 5000 + "a]\n"), "more than 8 dots"),
    ("dotted-inline", _text(V + "x = {" + "a." * 20 + "a = 1}"), "more than 8 dots"),
    ("int-5000-digits", _text(V + "x = " + "1" * 5000), "more than 40 digits"),
    ("int-19-digits", _text(V + "x = 1000000000000000000"), "over 18 digits"),
    ("hex-5000-digits", _text(V + "x = 0x" + "f" * 5000), "too large"),
    ("float-5000-digits", _text(V + "x = 1." + "1" * 5000), "more than 40 digits"),
    ("oversized", _text("#" * (2 * M)), "is larger than 1 MiB"),
]


# --- rules files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"),
    [pytest.param(m, w, id=n) for n, m, w in NOT_FILES + HOSTILE_TOML],
)
@pytest.mark.parametrize("how", ["flag", "variable"])
def test_a_hostile_rules_file_is_refused_in_one_line(
    run: Any, tmp_path: Path, make: Callable[[Path], None], words: str, how: str
) -> None:
    path = tmp_path / "rules.toml"
    make(path)
    before = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    if how == "flag":
        result = timed(lambda: run("estimate", "--rules", str(path)))
    else:
        result = timed(lambda: run("estimate", env={"POMPLAN_RULES": str(path)}))
    line = one_line(result)
    assert str(path) in line and words in line, line
    if before is not None:
        assert path.read_bytes() == before


@pytest.mark.parametrize("blank", [" ", "\t", "   "])
def test_a_blank_rules_name_is_a_usage_error_that_says_so(run: Any, blank: str) -> None:
    line = one_line(run("estimate", "--rules", blank), code=2)
    assert "--rules" in line and "blank" in line and "file" in line
    line = one_line(run("rules", env={"POMPLAN_RULES": blank}), code=2)
    assert "POMPLAN_RULES" in line and "blank" in line


def test_a_missing_rules_file_is_named(run: Any, tmp_path: Path) -> None:
    line = one_line(run("estimate", "--rules", str(tmp_path / "nowhere.toml")))
    assert "nowhere.toml: no such file" in line


# --- what stays accepted: caps a real file never reaches ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 32 + "]" * 32,
        "x = " + "{a = " * 31 + "1" + "}" * 31,
        "a" + ".a" * 8 + " = 1",
        "[" + "a." * 8 + "a]\nk = 1",
        "x = " + "9" * 18,
        "x = -999999999999999999",
        "x = 1." + "1" * 39,
        "x = 0.5e-300",
        "x = '" + "a." * 5000 + "'",
        'x = """\n' + "a." * 5000 + " = [[[[\n" + '"""',
        "x = '''" + "[" * 100 + "'''",
        "# " + "a." * 5000 + " = 1\nx = 1",
        'x = "\\"" # ' + "[" * 100,
    ],
    ids=lambda text: text[:24],
)
def test_a_file_within_the_caps_parses(text: str) -> None:
    doc = timed(lambda: datafile.parse((V + text).encode(), "ok.toml"))
    assert doc["schema_version"] == 1


def test_the_line_of_a_key_with_too_many_dots_is_counted_past_multiline_strings() -> None:
    text = V + 'x = """\none\ntwo\n"""\n' + "a" + ".b" * 9 + " = 1\n"
    with pytest.raises(DataFileError, match=r"line 6 has a key with more than 8 dots"):
        datafile.parse(text.encode(), "f.toml")


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("[]{}.=\"'#,ab1 \n")),
        max_size=300,
    )
)
def test_any_text_of_brackets_dots_and_quotes_parses_or_is_one_data_file_error(
    text: str,
) -> None:
    try:
        datafile.parse((V + text).encode(), "f.toml")
    except DataFileError as exc:
        assert "\n" not in exc.message


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["[", "{a = ", "[{b = "]))
def test_any_nesting_depth_parses_or_is_refused_as_too_deep(depth: int, opener: str) -> None:
    closer = {"[": "]", "{a = ": "}", "[{b = ": "}]"}[opener]
    text = V + "x = " + opener * depth + ("1" if "=" in opener else "") + closer * depth
    levels = depth * (2 if opener == "[{b = " else 1)
    if levels <= datafile.MAX_DEPTH:
        datafile.parse(text.encode(), "f.toml")
    else:
        with pytest.raises(DataFileError, match="nested more than 32 deep"):
            datafile.parse(text.encode(), "f.toml")


# --- saved profiles and progress ----------------------------------------------------------


def _saved(run: Any) -> None:
    result = run("profile", "set", "--degree", "master", env={"POMPLAN_TODAY": "2026-01-05"})
    assert result.exit_code == 0, result.output


def _json(text: str) -> Callable[[Path], None]:
    return _text(text)


J = '{"schema_version": 1, "profile": "default", "done": '
HOSTILE_JSON = [
    ("list-5000-deep", _json(J + "[" * 5000 + "]" * 5000 + "}"), "nested more than 32 deep"),
    ("object-5000-deep", _json(J + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"), "32 deep"),
    ("object-33-deep", _json(J + '{"a": ' * 33 + "1" + "}" * 33 + "}"), "32 deep"),
    ("int-5000-digits", _json(J + "{}, " + '"x": ' + "1" * 5000 + "}"), "more than 40 digits"),
    ("int-30-digits", _json(J + "{}, " + '"x": ' + "1" * 30 + "}"), "too large"),
    ("oversized", _json(" " * (2 * M)), "is larger than 1 MiB"),
]


@pytest.mark.parametrize(
    ("make", "words"),
    [pytest.param(m, w, id=n) for n, m, w in NOT_FILES + HOSTILE_JSON],
)
@pytest.mark.parametrize("command", [("plan",), ("progress", "done", "learn-basics")])
def test_a_hostile_progress_file_is_refused_and_left_as_it_is(
    run: Any,
    isolated_env: Path,
    make: Callable[[Path], None],
    words: str,
    command: tuple[str, ...],
) -> None:
    _saved(run)
    path = home_of(isolated_env) / "progress" / "default.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    before = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    line = one_line(timed(lambda: run(*command)))
    assert str(path) in line and words in line and "profile reset" in line, line
    if before is not None:
        assert path.read_bytes() == before


# A profile file that is not valid TOML is scanned for the schema_version it claims: that scan
# must stay linear too (a file of newlines took minutes), and its number small.
HOSTILE_PROFILE = [
    ("version-5000-digits", _text("schema_version = " + "1" * 5000), "more than 40 digits"),
    ("newlines-then-junk", _text("\n" * (M - 10) + "x"), "not valid TOML"),
    ("spaces-then-junk", _text(" " * (M - 10) + "x"), "not valid TOML"),
    ("tabs-lines-junk", _text("\t \n" * (M // 4) + "["), "not valid TOML"),
]


@pytest.mark.parametrize(
    ("make", "words"),
    [pytest.param(m, w, id=n) for n, m, w in NOT_FILES + HOSTILE_TOML + HOSTILE_PROFILE],
)
@pytest.mark.parametrize("command", [("profile", "show"), ("profile", "set", "--degree", "mba")])
def test_a_hostile_profile_file_is_refused_and_left_as_it_is(
    run: Any,
    isolated_env: Path,
    make: Callable[[Path], None],
    words: str,
    command: tuple[str, ...],
) -> None:
    path = home_of(isolated_env) / "profiles" / "default.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    before = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    line = one_line(timed(lambda: run(*command)))
    assert str(path) in line and words in line, line
    assert "profile reset" in line or "move it out of the way" in line, line
    if before is not None:
        assert path.read_bytes() == before


def test_profile_list_names_a_fifo_and_a_dev_zero_link_and_goes_on(
    isolated_env: Path,
) -> None:
    """In a real process with a timeout: a FIFO that blocked would fail the test, not hang it."""
    home = home_of(isolated_env)
    (home / "profiles").mkdir(parents=True)
    (home / "progress").mkdir(parents=True)
    (home / "profiles" / "fine.toml").write_text(V, encoding="utf-8")
    os.mkfifo(home / "profiles" / "piped.toml")
    (home / "progress" / "zero.json").symlink_to("/dev/zero")
    (home / "progress" / "deep.json").write_text(J + "[" * 5000 + "]" * 5000 + "}")
    env = {**os.environ, "POMPLAN_HOME": str(home)}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pomplan", "profile", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
        check=False,
    )
    assert time.monotonic() - started < 20
    assert result.returncode == 0, result.stderr
    listed = {p["name"]: p for p in json.loads(result.stdout)["profiles"]}
    assert listed["fine"]["problem"] is None
    assert "is a FIFO, not a regular file" in listed["piped"]["problem"]
    assert "is a device, not a regular file" in listed["zero"]["problem"]
    assert "nested more than 32 deep" in listed["deep"]["problem"]


# --- time and memory of the worst inputs, in a real process -------------------------------

WORST = [
    ("dots.toml", V + "a" + ".a" * (M // 2 - 20) + " = 1"),
    ("deep.toml", V + "x = " + "[" * (M - 40)),
    ("keys.toml", V + "\n".join(f"k{i}" + ".b" * 8 + " = 1" for i in range(M // 30))),
    ("digits.toml", V + "x = " + "1" * (M - 40)),
]


@pytest.mark.parametrize(("name", "text"), WORST, ids=[n for n, _ in WORST])
def test_the_worst_rules_files_stay_within_seconds_and_far_under_a_gigabyte(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size <= M
    probe = (
        "import resource, sys\n"
        "from pomplan.rules import load_rules\n"
        "from pomplan.errors import PomplanError\n"
        "from pathlib import Path\n"
        "try:\n"
        "    load_rules(Path(sys.argv[1]))\n"
        "except PomplanError:\n"
        "    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    elapsed = time.monotonic() - started
    peak_kib = int(result.stdout.strip())
    assert elapsed < 10, elapsed
    assert peak_kib < 512 * 1024, peak_kib  # ru_maxrss is in KiB on Linux
    assert resource.RUSAGE_SELF is not None
