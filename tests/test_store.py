"""What a person saves: profiles (TOML) and progress (JSON), and how pomplan keeps them safe.

Files land where ``POMPLAN_HOME`` (or platformdirs) says, with mode 0600 and a schema_version.
A file that can't be read as expected is never written over: the command fails with one line on
stderr that names the file and the way out, and the file keeps its bytes. Writes are atomic
(failures leave no temporary file), serialised by a sidecar lock (32 processes lose nothing),
and 'profile reset' moves damaged files aside. Profile names can't reach outside the folder.

Tests run as root, so permission problems are injected with monkeypatch rather than chmod.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from filelock import FileLock

from pomplan import files, store
from pomplan.cli import profile as profile_cli

ESC = "\x1b"
TODAY = "2026-03-02"
# Variables that would change which profile or which values a command uses.
SCRUBBED = (
    "POMPLAN_PROFILE",
    "POMPLAN_DEGREE",
    "POMPLAN_BACKGROUND",
    "POMPLAN_EXPERIENCE",
    "POMPLAN_PATH",
    "POMPLAN_CERT",
    "POMPLAN_HOURS_PER_WEEK",
    "POMPLAN_START",
)
RECOVERY = ("profile reset", "fix", "edit", "upgrade", "chmod", "move")

# Commands that change a saved file, and commands that only read one.
PROFILE_WRITERS: list[tuple[str, ...]] = [
    ("profile", "set", "--degree", "master"),
    ("progress", "done", "education-audit"),
    ("progress", "undo", "education-audit"),
]
PROFILE_READERS: list[tuple[str, ...]] = [
    ("estimate",),
    ("estimate", "--json"),
    ("plan",),
    ("plan", "--json"),
    ("progress",),
    ("profile", "show"),
    ("profile", "show", "--json"),
]
PROGRESS_WRITERS: list[tuple[str, ...]] = [
    ("progress", "done", "education-audit"),
    ("progress", "done", "education-course"),
    ("progress", "undo", "education-audit"),
]
PROGRESS_READERS: list[tuple[str, ...]] = [
    ("plan",),
    ("plan", "--json"),
    ("progress",),
    ("progress", "--json"),
]


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates written by 'progress done' and 'profile set' are predictable."""
    monkeypatch.setenv("POMPLAN_TODAY", TODAY)
    for name in SCRUBBED:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def home(isolated_env: Path) -> Path:
    """POMPLAN_HOME, as the conftest sets it (not created until something is saved)."""
    return isolated_env / "pomplan"


def profile_file(home: Path, name: str = "default") -> Path:
    return home / "profiles" / f"{name}.toml"


def progress_file(home: Path, name: str = "default") -> Path:
    return home / "progress" / f"{name}.json"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def temporaries(directory: Path) -> list[str]:
    """Leftover temporary files of an atomic write (``.NAME.*.tmp``) in ``directory``."""
    if not directory.is_dir():
        return []
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def tree(root: Path, *, locks: bool = False) -> dict[str, bytes | None]:
    """Every path under ``root`` -> its bytes (``None`` for a folder); lock files left out."""
    if not root.exists():
        return {}
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        if path.name.endswith(".lock") and not locks:
            continue
        found[str(path.relative_to(root))] = None if path.is_dir() else path.read_bytes()
    return found


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return str(result.stdout)


def one_error(result: Any, code: int = 1) -> str:
    """The single stderr line of a failed command (whose stdout is empty)."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n")
    assert lines[0].startswith("pomplan"), lines[0]
    assert "error:" in lines[0]
    assert "Traceback" not in result.stderr
    assert ESC not in result.stderr
    return lines[0]


def assert_names_recovery(line: str) -> None:
    low = line.lower()
    assert any(word in low for word in RECOVERY), line


SAVE_DEFAULT = (
    "--background",
    "data-analysis",
    "--degree",
    "bachelor",
    "--experience",
    "2.5",
    "--cert",
    "lean",
    "--hours-per-week",
    "10",
    "--start",
    "2026-01-05",
)


@pytest.fixture(scope="module")
def saved_bytes(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """What pomplan writes for a full default profile with two milestones ticked, made once
    (file contents hold no paths) so that the many damaged-file cases start quickly."""
    from typer.testing import CliRunner

    from pomplan.cli import app

    where = tmp_path_factory.mktemp("saved") / "pomplan"
    env: dict[str, str | None] = {"POMPLAN_HOME": str(where), "POMPLAN_TODAY": TODAY}
    env.update(dict.fromkeys(SCRUBBED, None))
    runner = CliRunner()
    for args in (
        ("profile", "set", *SAVE_DEFAULT, "--json"),  # JSON: no Rich console is left behind
        ("progress", "done", "education-audit", "education-course", "--json"),
    ):
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == 0, (result.stdout, result.stderr)
    return profile_file(where).read_bytes(), progress_file(where).read_bytes()


def plan_ids(run_json: Any, *args: str) -> list[str]:
    return [m["id"] for m in run_json("plan", *args)["milestones"]]


# --- 1. the files ------------------------------------------------------------------------


def test_profile_set_writes_a_readable_toml_file_with_mode_0600(run: Any, home: Path) -> None:
    ok(run("profile", "set", "--background", "data-analysis", "--start", "2026-01-05"))
    path = profile_file(home)
    assert path.is_file()
    assert mode(path) == 0o600
    text = path.read_text("utf-8")
    assert text.startswith("#"), "a human-editable file explains itself in a comment header"
    assert text.endswith("\n")
    doc = tomllib.loads(text)
    assert doc == {"schema_version": 1, "background": "data-analysis", "start": date(2026, 1, 5)}
    assert type(doc["schema_version"]) is int
    # Nothing else is written: no progress, no temporary file.
    assert not progress_file(home).exists()
    assert temporaries(path.parent) == []


def test_profile_set_without_start_saves_today(run: Any, home: Path) -> None:
    ok(run("profile", "set", "--degree", "master"))
    doc = tomllib.loads(profile_file(home).read_text("utf-8"))
    assert doc["start"] == date.fromisoformat(TODAY)
    assert doc["degree"] == "master"


def test_numbers_round_trip_through_the_toml(run: Any, run_json: Any, home: Path) -> None:
    ok(run("profile", "set", "--experience", "2.5", "--hours-per-week", "10", "--cert", "lean"))
    doc = tomllib.loads(profile_file(home).read_text("utf-8"))
    assert doc["experience_years"] == 2.5
    assert doc["hours_per_week"] == 10
    assert doc["certifications"] == ["lean"]
    shown = run_json("profile", "show")
    assert shown["saved"] is True
    assert shown["file"] == str(profile_file(home))
    assert shown["values"]["certifications"] == ["lean"]
    assert str(shown["values"]["experience_years"]) in ("2.5", "2.50")


def test_progress_done_writes_json_with_mode_0600(run: Any, home: Path) -> None:
    ok(run("profile", "set", "--start", "2026-01-05"))
    ok(run("progress", "done", "education-audit"))
    path = progress_file(home)
    assert mode(path) == 0o600
    raw = path.read_text("utf-8")
    assert raw.endswith("\n")
    doc = json.loads(raw)
    assert doc == {"schema_version": 1, "profile": "default", "done": {"education-audit": TODAY}}
    assert temporaries(path.parent) == []


def test_progress_keeps_the_first_day_unless_on_says_otherwise(
    run: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("progress", "done", "education-audit", "--on", "2026-02-01"))
    monkeypatch.setenv("POMPLAN_TODAY", "2026-03-10")
    ok(run("progress", "done", "education-audit", "education-course"))
    done = json.loads(progress_file(home).read_text("utf-8"))["done"]
    assert done == {"education-audit": "2026-02-01", "education-course": "2026-03-10"}
    assert list(done) == sorted(done), "ids are written in a stable order"
    ok(run("progress", "undo", "education-audit"))
    done = json.loads(progress_file(home).read_text("utf-8"))["done"]
    assert done == {"education-course": "2026-03-10"}


def test_progress_done_without_a_saved_start_saves_today_as_the_start(run: Any, home: Path) -> None:
    result = run("progress", "done", "education-audit")
    ok(result)
    assert "note:" in result.stderr and TODAY in result.stderr
    doc = tomllib.loads(profile_file(home).read_text("utf-8"))
    assert doc["start"] == date.fromisoformat(TODAY)
    assert mode(profile_file(home)) == 0o600


def test_undo_of_nothing_writes_nothing(run: Any, home: Path) -> None:
    ok(run("profile", "set", "--start", "2026-01-05"))
    ok(run("progress", "undo", "education-audit"))
    assert not progress_file(home).exists()


def test_profile_set_keeps_the_values_it_was_not_given(run: Any, home: Path) -> None:
    ok(run("profile", "set", "--background", "data-analysis", "--start", "2026-01-05"))
    ok(run("profile", "set", "--degree", "master"))
    doc = tomllib.loads(profile_file(home).read_text("utf-8"))
    assert doc["background"] == "data-analysis"
    assert doc["degree"] == "master"
    assert doc["start"] == date(2026, 1, 5)
    ok(run("profile", "set", "--background", "customer-success"))
    doc = tomllib.loads(profile_file(home).read_text("utf-8"))
    assert (doc["background"], doc["degree"]) == ("customer-success", "master")


def test_a_write_replaces_the_file_and_makes_it_private(run: Any, home: Path) -> None:
    """A hand-made, world-readable file becomes 0600 on the next write: a new file replaced it."""
    path = profile_file(home)
    path.parent.mkdir(parents=True)
    path.write_text('schema_version = 1\nbackground = "data-analysis"\n', "utf-8")
    path.chmod(0o644)
    before = path.stat().st_ino
    ok(run("profile", "set", "--degree", "master"))
    assert mode(path) == 0o600
    assert path.stat().st_ino != before, "written in place rather than atomically replaced"
    assert tomllib.loads(path.read_text("utf-8"))["background"] == "data-analysis"


def test_hand_edited_profile_is_read(run_json: Any, home: Path) -> None:
    path = profile_file(home)
    path.parent.mkdir(parents=True)
    path.write_text(
        "# mine\nschema_version = 1\n"
        'degree = "master"\nbackground = "data-analysis"\nexperience_years = 3\n'
        'path = "education"\ncertifications = []\nhours_per_week = 7.5\n'
        'start = "2026-02-01"\n',
        "utf-8",
    )
    shown = run_json("profile", "show")
    assert shown["values"]["degree"] == "master"
    assert shown["values"]["certifications"] == []
    assert shown["start"] == "2026-02-01"


def test_without_pomplan_home_files_go_to_the_platform_folders(
    run: Any, run_json: Any, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POMPLAN_HOME")
    config = Path(platformdirs.user_config_dir("pomplan", appauthor=False))
    data = Path(platformdirs.user_data_dir("pomplan", appauthor=False))
    assert config.is_relative_to(isolated_env) and data.is_relative_to(isolated_env)
    ok(run("profile", "set", "--background", "data-analysis", "--start", "2026-01-05"))
    ok(run("progress", "done", "education-audit"))
    assert (config / "profiles" / "default.toml").is_file()
    assert (data / "progress" / "default.json").is_file()
    paths = run_json("profile", "path")
    assert paths["pomplan_home"] is False
    assert paths["profile_file"] == str(config / "profiles" / "default.toml")
    assert paths["progress_file"] == str(data / "progress" / "default.json")
    assert paths["config_dir"] == str(config)
    assert paths["data_dir"] == str(data)
    assert paths["backups_dir"] == str(data / "backups")
    assert not (isolated_env / "pomplan").exists()
    # Every file is somewhere under the temporary home, and nowhere else.
    written = {p for p in isolated_env.rglob("*") if p.is_file() and not p.name.endswith(".lock")}
    assert written == {config / "profiles" / "default.toml", data / "progress" / "default.json"}


def test_profile_path_agrees_with_pomplan_home(run: Any, run_json: Any, home: Path) -> None:
    paths = run_json("profile", "path")
    assert paths["pomplan_home"] is True
    assert paths["profile_file"] == str(profile_file(home))
    assert paths["progress_file"] == str(progress_file(home))
    assert paths["backups_dir"] == str(home / "backups")
    assert not home.exists(), "'profile path' only shows; it creates nothing"
    ok(run("profile", "set", "--degree", "master"))
    assert Path(paths["profile_file"]).is_file()
    human = ok(run("profile", "path"))
    assert str(profile_file(home)) in "".join(human.split())


def test_pomplan_home_may_start_with_a_tilde_or_be_relative(
    run: Any, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POMPLAN_HOME", "~/tilde-home")
    ok(run("profile", "set", "--degree", "master"))
    assert (isolated_env / "tilde-home" / "profiles" / "default.toml").is_file()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POMPLAN_HOME", "relative-home")
    ok(run("profile", "set", "--degree", "master"))
    assert (tmp_path / "relative-home" / "profiles" / "default.toml").is_file()


# --- 2. a file that can't be read is never written over ----------------------------------

# name -> (the file's bytes, made from a valid file's bytes; words the message must hold).
ProfileCase = tuple[Callable[[bytes], bytes], tuple[str, ...]]


def _toml(*lines: str) -> Callable[[bytes], bytes]:
    return lambda _good: ("\n".join(lines) + "\n").encode()


PROFILE_CASES: dict[str, ProfileCase] = {
    "cut-in-half": (lambda good: good[: len(good) // 2], ()),
    "cut-mid-value": (lambda good: good[: good.index(b"data-an") + 4], ("toml",)),
    "empty": (lambda _good: b"", ("empty",)),
    "whitespace-only": (lambda _good: b"  \n\t\n   \n", ("empty",)),
    "not-utf8": (lambda _good: b"\xff\xfeschema_version = 1\n", ("utf-8",)),
    "nul-byte": (_toml("schema_version = 1", 'degree = "mas\x00ter"'), ()),
    "not-toml": (_toml("schema_version = 1", "background = data-analysis"), ("toml",)),
    "no-schema-version": (_toml('background = "data-analysis"'), ("schema_version",)),
    "schema-version-text": (_toml('schema_version = "1"'), ("schema_version",)),
    "schema-version-zero": (_toml("schema_version = 0"), ("schema_version",)),
    "newer-schema": (
        _toml("schema_version = 2", 'background = "data-analysis"', "new_thing = true"),
        ("newer", "upgrade"),
    ),
    "newer-schema-new-syntax": (_toml("schema_version = 2", "x = {{!"), ("newer", "upgrade")),
    "years-text": (_toml("schema_version = 1", 'experience_years = "two"'), ("experience_years",)),
    "years-bool": (_toml("schema_version = 1", "experience_years = true"), ("experience_years",)),
    "years-out-of-range": (
        _toml("schema_version = 1", "experience_years = 99"),
        ("experience_years", "range"),
    ),
    "years-negative": (_toml("schema_version = 1", "experience_years = -1"), ("range",)),
    "years-nan": (_toml("schema_version = 1", "experience_years = nan"), ("experience_years",)),
    "hours-zero": (_toml("schema_version = 1", "hours_per_week = 0"), ("hours_per_week", "range")),
    "hours-too-many": (_toml("schema_version = 1", "hours_per_week = 81"), ("range",)),
    "certs-text": (_toml("schema_version = 1", 'certifications = "lean"'), ("certifications",)),
    "certs-unknown": (_toml("schema_version = 1", 'certifications = ["pmp2"]'), ("pmp2",)),
    "degree-unknown": (_toml("schema_version = 1", 'degree = "phd"'), ("degree", "phd")),
    "degree-empty": (_toml("schema_version = 1", 'degree = ""'), ("degree",)),
    "degree-table": (_toml("schema_version = 1", "[degree]", "name = 'master'"), ("degree",)),
    "path-unknown": (_toml("schema_version = 1", 'path = "fastest"'), ("path",)),
    "escape-in-value": (
        _toml("schema_version = 1", 'background = "data\\u001b[31m-analysis"'),
        ("background", "control"),
    ),
    "typo-key": (
        _toml("schema_version = 1", 'backgroud = "data-analysis"'),
        ("backgroud", "did you mean 'background'"),
    ),
    "start-not-a-date": (_toml("schema_version = 1", 'start = "next monday"'), ("start",)),
    "start-impossible-date": (_toml("schema_version = 1", 'start = "2026-02-30"'), ("start",)),
    "start-number": (_toml("schema_version = 1", "start = 20260105"), ("start",)),
    "start-datetime": (_toml("schema_version = 1", "start = 2026-01-05T09:30:00"), ("start",)),
    "start-offset-datetime": (
        _toml("schema_version = 1", "start = 2026-01-05T09:30:00Z"),
        ("start",),
    ),
    "start-time": (_toml("schema_version = 1", "start = 09:30:00"), ("start",)),
}

PROGRESS_CASES: dict[str, ProfileCase] = {
    "cut-in-half": (lambda good: good[: len(good) // 2], ("json",)),
    "empty": (lambda _good: b"", ("empty",)),
    "whitespace-only": (lambda _good: b" \n\n \t", ("empty",)),
    "not-utf8": (lambda _good: b'\xff\xfe{"schema_version": 1}', ("utf-8",)),
    "not-json": (lambda _good: b"schema_version = 1\n", ("json",)),
    "a-list": (lambda _good: b"[]", ("object",)),
    "null": (lambda _good: b"null", ("object",)),
    "no-schema-version": (lambda _good: b'{"done": {}}', ("schema_version",)),
    "schema-version-text": (lambda _good: b'{"schema_version": "1", "done": {}}', ("schema",)),
    "schema-version-bool": (lambda _good: b'{"schema_version": true, "done": {}}', ("schema",)),
    "newer-schema": (
        lambda _good: b'{"schema_version": 2, "done": {"x": {"on": "2026-01-05"}}}',
        ("newer", "upgrade"),
    ),
    "done-list": (lambda _good: b'{"schema_version": 1, "done": []}', ("done",)),
    "done-missing": (lambda _good: b'{"schema_version": 1}', ("done",)),
    "done-not-a-date": (
        lambda _good: b'{"schema_version": 1, "done": {"education-audit": "soon"}}',
        ("education-audit",),
    ),
    "done-impossible-date": (
        lambda _good: b'{"schema_version": 1, "done": {"education-audit": "2026-02-30"}}',
        ("education-audit",),
    ),
    "done-number": (
        lambda _good: b'{"schema_version": 1, "done": {"education-audit": 20260105}}',
        ("education-audit",),
    ),
    "done-null": (
        lambda _good: b'{"schema_version": 1, "done": {"education-audit": null}}',
        ("education-audit",),
    ),
    "done-bad-id": (
        lambda _good: b'{"schema_version": 1, "done": {"Education Audit!": "2026-01-05"}}',
        ("milestone id",),
    ),
    "unknown-key": (
        lambda _good: b'{"schema_version": 1, "dnoe": {}, "done": {}}',
        ("dnoe",),
    ),
}


@pytest.fixture
def saved(home: Path, saved_bytes: tuple[bytes, bytes]) -> None:
    """A full default profile, and two milestones ticked, as pomplan writes them."""
    for path, data in zip((profile_file(home), progress_file(home)), saved_bytes, strict=True):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o600)


@pytest.mark.parametrize("command", PROFILE_WRITERS + PROFILE_READERS, ids=" ".join)
@pytest.mark.parametrize("case", list(PROFILE_CASES))
def test_a_damaged_profile_stops_every_command_and_stays_as_it_was(
    run: Any, home: Path, saved: None, case: str, command: tuple[str, ...]
) -> None:
    path = profile_file(home)
    make, words = PROFILE_CASES[case]
    damaged = make(path.read_bytes())
    path.write_bytes(damaged)
    with pytest.raises(store.StoreError):  # the case really is unreadable
        store.load_profile(store.locations(os.environ), "default")
    before = tree(home)
    line = one_error(run(*command))
    assert str(path) in line
    for word in words:
        assert word.lower() in line.lower(), line
    assert_names_recovery(line)
    assert path.read_bytes() == damaged
    assert tree(home) == before, "nothing else may be written either"
    assert temporaries(path.parent) == []


@pytest.mark.parametrize("command", PROGRESS_WRITERS + PROGRESS_READERS, ids=" ".join)
@pytest.mark.parametrize("case", list(PROGRESS_CASES))
def test_damaged_progress_stops_every_command_and_stays_as_it_was(
    run: Any, home: Path, saved: None, case: str, command: tuple[str, ...]
) -> None:
    path = progress_file(home)
    make, words = PROGRESS_CASES[case]
    damaged = make(path.read_bytes())
    path.write_bytes(damaged)
    before = tree(home)
    line = one_error(run(*command))
    assert str(path) in line
    for word in words:
        assert word.lower() in line.lower(), line
    assert_names_recovery(line)
    assert path.read_bytes() == damaged
    assert tree(home) == before
    assert temporaries(path.parent) == []


def test_a_damaged_progress_file_with_no_saved_profile_writes_no_profile(
    run: Any, home: Path
) -> None:
    """'progress done' saves a start for a new plan, but not when the progress is unreadable."""
    path = progress_file(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"schema_version": 1, "done": [')
    one_error(run("progress", "done", "education-audit"))
    assert not profile_file(home).exists()
    assert path.read_bytes() == b'{"schema_version": 1, "done": ['


def test_the_typo_message_suggests_the_right_key(run: Any, home: Path) -> None:
    path = profile_file(home)
    path.parent.mkdir(parents=True)
    path.write_text('schema_version = 1\nbackgroud = "data-analysis"\n', "utf-8")
    line = one_error(run("estimate"))
    assert "'backgroud'" in line and "did you mean 'background'" in line


def test_the_newer_schema_message_says_to_upgrade(run: Any, home: Path, saved: None) -> None:
    path = profile_file(home)
    newer = b'schema_version = 2\nbackground = "data-analysis"\n'
    path.write_bytes(newer)
    line = one_error(run("profile", "set", "--degree", "master"))
    assert "newer pomplan" in line and "upgrade" in line
    assert "schema_version 2" in line
    assert path.read_bytes() == newer


def test_a_named_profile_hint_names_the_profile(run: Any, home: Path) -> None:
    ok(run("--profile", "work", "profile", "set", "--degree", "master"))
    path = profile_file(home, "work")
    path.write_bytes(b"")
    line = one_error(run("--profile", "work", "estimate"))
    assert "pomplan --profile work profile reset" in line
    assert path.read_bytes() == b""


# Unreadable for a reason that is not the content: a folder in its place, or no access.
@pytest.mark.parametrize("command", PROFILE_WRITERS + PROFILE_READERS, ids=" ".join)
def test_a_folder_where_the_profile_should_be(
    run: Any, home: Path, command: tuple[str, ...]
) -> None:
    path = profile_file(home)
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("mine", "utf-8")
    before = tree(home)
    line = one_error(run(*command))
    assert str(path) in line and "directory" in line
    assert "profile reset" in line
    assert path.is_dir() and (path / "keep.txt").read_text("utf-8") == "mine"
    assert tree(home) == before


@pytest.mark.parametrize("command", PROGRESS_WRITERS + PROGRESS_READERS, ids=" ".join)
def test_a_folder_where_the_progress_should_be(
    run: Any, home: Path, saved: None, command: tuple[str, ...]
) -> None:
    path = progress_file(home)
    path.unlink()
    path.mkdir()
    before = tree(home)
    line = one_error(run(*command))
    assert str(path) in line and "directory" in line
    assert path.is_dir()
    assert tree(home) == before


def test_a_file_where_the_profiles_folder_should_be(run: Any, home: Path) -> None:
    home.mkdir()
    (home / "profiles").write_bytes(b"not a folder")
    for command in (("estimate",), ("profile", "set", "--degree", "master")):
        line = one_error(run(*command))
        assert str(home / "profiles") in line
        assert (home / "profiles").read_bytes() == b"not a folder"


def _refuse_reading(
    monkeypatch: pytest.MonkeyPatch, target: Path, error: int = errno.EACCES
) -> None:
    real = files.open_regular

    def open_regular(path: Path) -> Any:
        if path == target:
            raise OSError(error, os.strerror(error), str(path))
        return real(path)

    monkeypatch.setattr(files, "open_regular", open_regular)


@pytest.mark.parametrize(
    ("error", "words"),
    [(errno.EACCES, ("permission denied", "chmod")), (errno.EIO, ("input/output",))],
    ids=["no-read-permission", "io-error"],
)
@pytest.mark.parametrize("which", ["profile", "progress"])
@pytest.mark.parametrize(
    "command",
    [
        ("progress", "done", "education-course"),
        ("progress", "undo", "education-audit"),
        ("plan",),
        ("progress",),
    ],
    ids=" ".join,
)
def test_a_file_that_cannot_be_read(
    run: Any,
    home: Path,
    saved: None,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
    error: int,
    words: tuple[str, ...],
    command: tuple[str, ...],
) -> None:
    path = profile_file(home) if which == "profile" else progress_file(home)
    good = path.read_bytes()
    before = tree(home)
    with monkeypatch.context() as patched:
        _refuse_reading(patched, path, error)
        line = one_error(run(*command))
    assert str(path) in line
    for word in words:
        assert word in line.lower(), line
    assert_names_recovery(line)
    assert path.read_bytes() == good
    assert tree(home) == before


@pytest.mark.parametrize(
    "command", [("profile", "set", "--degree", "master"), ("estimate",), ("profile", "show")]
)
def test_a_profile_that_cannot_be_read_for_permission(
    run: Any, home: Path, saved: None, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    path = profile_file(home)
    good = path.read_bytes()
    with monkeypatch.context() as patched:
        _refuse_reading(patched, path)
        line = one_error(run(*command))
    assert str(path) in line and "permission denied" in line
    assert path.read_bytes() == good


@pytest.mark.parametrize("value", ["5", '["default"]'])
def test_progress_with_a_wrong_typed_profile_key_is_not_written_over(
    run: Any, home: Path, saved: None, value: str
) -> None:
    """Every key is checked, as 'schema_version' and 'done' are: a hand-edit gone wrong in
    'profile' is a file that can't be read as expected, so it must not be silently rewritten."""
    path = progress_file(home)
    damaged = (
        '{"schema_version": 1, "profile": ' + value + ', "done": {"education-audit": '
        '"2026-01-06"}}\n'
    ).encode()
    path.write_bytes(damaged)
    line = one_error(run("progress", "done", "skills-process-map"))
    assert str(path) in line and "profile" in line
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("command", [("estimate",), ("profile", "show")], ids=" ".join)
def test_pomplan_home_that_is_a_file(
    run: Any, home: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """The message must call the right thing a file: POMPLAN_HOME, not a folder inside it."""
    home.write_bytes(b"not a folder")
    line = one_error(run(*command))
    assert home.read_bytes() == b"not a folder"
    called_files = re.findall(r"(/\S+) is a file", line)
    assert called_files, line
    for named in called_files:
        assert Path(named).is_file(), f"{named} is not a file, yet the message says so: {line}"


@pytest.mark.parametrize(
    "command",
    [("profile", "set", "--degree", "master"), ("progress", "done", "education-audit")],
    ids=" ".join,
)
def test_writing_under_a_pomplan_home_that_is_a_file(
    run: Any, home: Path, command: tuple[str, ...]
) -> None:
    home.write_bytes(b"not a folder")
    line = one_error(run(*command))
    assert str(home) in line
    assert home.read_bytes() == b"not a folder"


def test_profile_list_reports_a_damaged_file_and_still_lists(
    run: Any, run_json: Any, home: Path, saved: None
) -> None:
    ok(run("--profile", "work", "profile", "set", "--degree", "master"))
    profile_file(home, "work").write_bytes(b"\xff")
    listed = {p["name"]: p for p in run_json("profile", "list")["profiles"]}
    assert listed["default"]["problem"] is None and listed["default"]["done"] == 2
    assert "UTF-8" in listed["work"]["problem"]
    assert str(profile_file(home, "work")) in listed["work"]["problem"]
    human = ok(run("profile", "list"))
    assert "can't be read" in human
    assert profile_file(home, "work").read_bytes() == b"\xff"


# --- 3. write failures -------------------------------------------------------------------


def _fail_mkdir(monkeypatch: pytest.MonkeyPatch, error: int) -> None:
    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(Path, "mkdir", mkdir)


def _fail_mkstemp(monkeypatch: pytest.MonkeyPatch, error: int, *, like_the_os: bool) -> None:
    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if like_the_os:  # os.open names the temporary file it tried to create
            directory = kwargs.get("dir")
            name = f"{kwargs.get('prefix', '')}abc123{kwargs.get('suffix', '')}"
            raise OSError(error, os.strerror(error), str(Path(str(directory)) / name))
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def _fail_replace(monkeypatch: pytest.MonkeyPatch, error: int, *, like_the_os: bool) -> None:
    real = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if str(dst).endswith((".toml", ".json")):
            if like_the_os:  # os.replace names both the source and the destination
                raise OSError(error, os.strerror(error), str(src), None, str(dst))
            raise OSError(error, os.strerror(error))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(files.os, "replace", replace)


WRITES = {
    "profile": (("profile", "set", "--degree", "master"), profile_file),
    "progress": (("progress", "done", "skills-process-map"), progress_file),
}
INJECTIONS = {
    "mkdir-erofs": lambda mp: _fail_mkdir(mp, errno.EROFS),
    "mkdir-eacces": lambda mp: _fail_mkdir(mp, errno.EACCES),
    "mkstemp-erofs": lambda mp: _fail_mkstemp(mp, errno.EROFS, like_the_os=False),
    "mkstemp-eacces": lambda mp: _fail_mkstemp(mp, errno.EACCES, like_the_os=False),
    "mkstemp-enospc": lambda mp: _fail_mkstemp(mp, errno.ENOSPC, like_the_os=False),
    "replace-erofs": lambda mp: _fail_replace(mp, errno.EROFS, like_the_os=False),
    "replace-eacces": lambda mp: _fail_replace(mp, errno.EACCES, like_the_os=False),
    "replace-eperm": lambda mp: _fail_replace(mp, errno.EPERM, like_the_os=False),
}


@pytest.mark.parametrize("injection", list(INJECTIONS))
@pytest.mark.parametrize("which", list(WRITES))
def test_a_failed_write_changes_nothing_and_leaves_no_temporary_file(
    run: Any,
    home: Path,
    saved: None,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
    injection: str,
) -> None:
    command, file_of = WRITES[which]
    path = file_of(home)
    before = tree(home)
    with monkeypatch.context() as patched:
        INJECTIONS[injection](patched)
        line = one_error(run(*command))
    target = path.parent if injection.startswith("mkdir") else path
    assert str(target) in line, line
    assert "nothing was changed" in line
    if "enospc" in injection:
        assert "space" in line
    else:
        assert "permission" in line or "read-only" in line
        assert "POMPLAN_HOME" in line, "the hint says how to write elsewhere"
    assert tree(home) == before, "the old file is byte for byte as it was"
    assert temporaries(path.parent) == []


@pytest.mark.parametrize("which", list(WRITES))
def test_a_failed_first_write_creates_no_file(
    run: Any, home: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    command, file_of = WRITES[which]
    path = file_of(home)
    with monkeypatch.context() as patched:
        _fail_replace(patched, errno.EROFS, like_the_os=False)
        line = one_error(run(*command))
    assert str(path) in line
    assert not path.exists()
    assert temporaries(path.parent) == []
    assert not any(p.is_file() and not p.name.endswith(".lock") for p in home.rglob("*"))


@pytest.mark.parametrize("which", list(WRITES))
def test_a_read_only_home_fails_at_once_naming_the_folder(
    run: Any, home: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """As the OS reports it: mkdir of POMPLAN_HOME itself fails, naming it."""
    command, _file_of = WRITES[which]

    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(home))

    with monkeypatch.context() as patched:
        patched.setattr(Path, "mkdir", mkdir)
        started = time.monotonic()
        line = one_error(run(*command))
    assert time.monotonic() - started < 5, "a read-only home is not worth waiting for"
    assert str(home) in line and "read-only" in line
    assert not home.exists()


@pytest.mark.parametrize("which", list(WRITES))
def test_a_lock_file_that_cannot_be_created_fails_at_once(
    run: Any, home: Path, saved: None, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """On a read-only file system the first thing to fail is opening the sidecar lock."""
    command, file_of = WRITES[which]
    path = file_of(home)
    for lock in home.rglob("*.lock"):
        lock.unlink()
    before = tree(home)
    real_open = os.open

    def fake_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(name).endswith(".lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(name))
        return real_open(name, flags, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(os, "open", fake_open)
        started = time.monotonic()
        line = one_error(run(*command))
    assert time.monotonic() - started < 5
    assert str(path) in line and "read-only" in line
    assert tree(home) == before
    assert temporaries(path.parent) == []


@pytest.mark.parametrize(
    "injection",
    [
        lambda mp: _fail_mkstemp(mp, errno.EACCES, like_the_os=True),
        lambda mp: _fail_mkstemp(mp, errno.EROFS, like_the_os=True),
        lambda mp: _fail_replace(mp, errno.EACCES, like_the_os=True),
        lambda mp: _fail_replace(mp, errno.EROFS, like_the_os=True),
    ],
    ids=["mkstemp-eacces", "mkstemp-erofs", "replace-eacces", "replace-erofs"],
)
@pytest.mark.parametrize("which", list(WRITES))
def test_a_failed_write_names_the_file_not_the_temporary_file(
    run: Any,
    home: Path,
    saved: None,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
    injection: Callable[[pytest.MonkeyPatch], None],
) -> None:
    """The OS names the temporary file in its error; the person must see their own file.

    A message such as "can't write .../progress/.default.json.abc123.tmp" names a file that
    never existed (or was just removed); "can't write .../progress/default.json" is the one
    they can act on.
    """
    command, file_of = WRITES[which]
    path = file_of(home)
    before = tree(home)
    with monkeypatch.context() as patched:
        injection(patched)
        line = one_error(run(*command))
    assert tree(home) == before
    assert temporaries(path.parent) == []
    assert ".tmp" not in line, line
    assert str(path) in line, line


# --- 4. interrupted between writing and replacing ----------------------------------------


def test_failure_at_the_replace_step_keeps_the_old_file(
    run: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("profile", "set", "--start", "2026-01-05"))
    ok(run("progress", "done", "education-audit"))
    path = progress_file(home)
    old = path.read_bytes()
    seen: list[str] = []

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        seen.append(str(src))
        assert Path(src).read_bytes() != old, "the new content is fully written by now"
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files.os, "replace", replace)
    line = one_error(run("progress", "done", "education-course"))
    assert str(path) in line
    assert path.read_bytes() == old
    assert temporaries(path.parent) == []
    assert len(seen) == 1 and Path(seen[0]).parent == path.parent
    assert re.fullmatch(r"\.default\.json\..+\.tmp", Path(seen[0]).name)
    assert not Path(seen[0]).exists()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of its own, for store functions called directly."""
    path = tmp_path / "direct"
    path.mkdir()
    return path


def test_atomic_write_writes_a_private_file(folder: Path) -> None:
    path = folder / "x.json"
    store.atomic_write(path, b"one")
    assert path.read_bytes() == b"one" and mode(path) == 0o600
    store.atomic_write(path, b"two")
    assert path.read_bytes() == b"two" and mode(path) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["x.json"]


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit, MemoryError])
def test_an_interruption_before_the_replace_leaves_the_old_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, interruption: type[BaseException]
) -> None:
    path = folder / "default.json"
    store.atomic_write(path, b'{"old": true}\n')
    calls: list[str] = []

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(str(src))
        raise interruption()

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(interruption):
        store.atomic_write(path, b'{"new": true}\n')
    assert calls, "the interruption happened at the replace step"
    assert path.read_bytes() == b'{"old": true}\n'
    assert sorted(p.name for p in folder.iterdir()) == ["default.json"]


@pytest.mark.parametrize("step", ["fsync", "fchmod"])
def test_a_failure_while_writing_the_temporary_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = folder / "default.toml"
    store.atomic_write(path, b"old\n")

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched, pytest.raises(store.StoreError) as caught:
        patched.setattr(files.os, step, fail)
        store.atomic_write(path, b"new\n")
    assert str(path) in caught.value.message
    assert "space" in caught.value.hint
    assert path.read_bytes() == b"old\n"
    assert sorted(p.name for p in folder.iterdir()) == ["default.toml"]


def test_an_interrupted_command_leaves_the_old_file(
    run: Any, home: Path, saved: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = progress_file(home)
    old = path.read_bytes()

    def replace(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", replace)
    result = run("progress", "done", "skills-process-map")
    assert result.exit_code == 130
    assert path.read_bytes() == old
    assert temporaries(path.parent) == []


# --- 5. many processes at once -----------------------------------------------------------


def _spawn(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pomplan", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_32_processes_ticking_different_milestones_lose_nothing(
    run_json: Any, home: Path, tmp_path: Path
) -> None:
    ids = plan_ids(run_json)
    assert len(ids) >= 32, "the reference plan has fewer milestones than this test needs"
    ids = ids[:32]
    env = dict(os.environ)  # POMPLAN_HOME, POMPLAN_TODAY ... as the fixtures set them
    env.pop("POMPLAN_PROFILE", None)
    procs = [_spawn(["progress", "done", ident], env, tmp_path) for ident in ids]
    errors = []
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        if proc.returncode != 0:
            errors.append((proc.args, proc.returncode, err.decode()))
    assert errors == []
    doc = json.loads(progress_file(home).read_text("utf-8"))
    assert doc["schema_version"] == 1
    assert sorted(doc["done"]) == sorted(ids)
    assert set(doc["done"].values()) == {TODAY}
    assert mode(progress_file(home)) == 0o600
    assert temporaries(progress_file(home).parent) == []
    # Every process also saved the start, all to the same day, in one readable file.
    assert tomllib.loads(profile_file(home).read_text("utf-8"))["start"] == date.fromisoformat(
        TODAY
    )
    assert temporaries(profile_file(home).parent) == []


def test_processes_setting_different_profile_values_lose_nothing(
    run: Any, home: Path, tmp_path: Path
) -> None:
    ok(run("profile", "set", "--start", "2026-01-05"))
    changes = [
        ["--degree", "master"],
        ["--background", "data-analysis"],
        ["--experience", "4"],
        ["--path", "education"],
        ["--cert", "lean"],
        ["--hours-per-week", "12"],
    ]
    env = dict(os.environ)
    procs = [_spawn(["profile", "set", *change], env, tmp_path) for change in changes]
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    doc = tomllib.loads(profile_file(home).read_text("utf-8"))
    assert doc == {
        "schema_version": 1,
        "degree": "master",
        "background": "data-analysis",
        "experience_years": 4,
        "path": "education",
        "certifications": ["lean"],
        "hours_per_week": 12,
        "experience_on": date.fromisoformat(TODAY),  # --experience saved without a day: today
        "start": date(2026, 1, 5),
    }


# --- 6. the lock -------------------------------------------------------------------------


@pytest.mark.parametrize("which", list(WRITES))
def test_a_held_lock_makes_a_write_fail_after_the_timeout(
    run: Any, home: Path, saved: None, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    command, file_of = WRITES[which]
    path = file_of(home)
    before = tree(home)
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    holder = FileLock(str(path) + ".lock")
    holder.acquire()
    try:
        started = time.monotonic()
        result = run(*command)
        waited = time.monotonic() - started
    finally:
        holder.release()
    line = one_error(result)
    assert waited >= 0.2, "it waited for the lock before giving up"
    assert str(path) in line
    assert "another pomplan" in line and "try again" in line
    assert tree(home) == before
    assert temporaries(path.parent) == []
    # Once the holder is gone, the same command works.
    ok(run(*command))


def test_a_write_waits_for_the_lock_and_then_goes_ahead(run: Any, home: Path, saved: None) -> None:
    path = progress_file(home)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with FileLock(str(path) + ".lock"):
            held.set()
            release.wait(5)
            time.sleep(0.4)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(5)
        release.set()
        started = time.monotonic()
        result = run("progress", "done", "skills-process-map")
        waited = time.monotonic() - started
    finally:
        release.set()
        thread.join(5)
    ok(result)
    assert waited >= 0.3, "the command wrote while another holder had the lock"
    done = json.loads(path.read_text("utf-8"))["done"]
    assert set(done) == {"education-audit", "education-course", "skills-process-map"}


def test_reads_do_not_wait_for_the_lock(
    run: Any, home: Path, saved: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    with FileLock(str(progress_file(home)) + ".lock"):
        ok(run("plan"))
        ok(run("progress"))


_HOLD_AND_WAIT = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_lock_left_by_a_killed_process_does_not_block(
    run: Any, home: Path, saved: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = progress_file(home)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_AND_WAIT, str(path) + ".lock"],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"held\n"
        monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
        one_error(run("progress", "done", "skills-process-map"))  # really held
    finally:
        holder.kill()
        holder.wait(10)
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 2.0)
    started = time.monotonic()
    ok(run("progress", "done", "skills-process-map"))
    assert time.monotonic() - started < 1.5, "a dead holder's lock is free at once"
    assert "skills-process-map" in json.loads(path.read_text("utf-8"))["done"]


def test_a_folder_where_the_lock_file_should_be(run: Any, home: Path, saved: None) -> None:
    path = progress_file(home)
    Path(str(path) + ".lock").mkdir()
    old = path.read_bytes()
    started = time.monotonic()
    line = one_error(run("progress", "done", "skills-process-map"))
    assert time.monotonic() - started < 5, "not mistaken for another pomplan's lock"
    assert str(path) + ".lock" in line
    assert path.read_bytes() == old


# --- 7. profile reset --------------------------------------------------------------------


def _reset_json(run: Any, *args: str) -> dict[str, Any]:
    result = run(*args, "profile", "reset", "--yes", "--json")
    ok(result)
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_reset_moves_both_files_to_a_dated_backup(run: Any, home: Path, saved: None) -> None:
    originals = {p.name: p.read_bytes() for p in (profile_file(home), progress_file(home))}
    doc = _reset_json(run)
    assert set(doc) == {"schema_version", "profile", "backup", "moved"}
    assert doc["schema_version"] == 1 and doc["profile"] == "default"
    backup = Path(doc["backup"])
    assert backup.parent == home / "backups"
    assert re.fullmatch(r"default-\d{8}T\d{6}(-\d+)?", backup.name), backup.name
    assert backup.is_dir()
    assert sorted(Path(p).name for p in doc["moved"]) == sorted(originals)
    assert all(Path(p).parent == backup for p in doc["moved"])
    assert {p.name: p.read_bytes() for p in backup.iterdir()} == originals
    assert all(mode(p) == 0o600 for p in backup.iterdir())
    assert not profile_file(home).exists() and not progress_file(home).exists()


def test_after_reset_nothing_is_saved(run: Any, run_json: Any, home: Path, saved: None) -> None:
    ok(run("profile", "reset", "--yes"))
    shown = run_json("profile", "show")
    assert shown["saved"] is False and shown["values"] == {}
    assert "No profile 'default' is saved" in ok(run("profile", "show"))
    assert run_json("progress")["done"] == []
    assert run_json("profile", "list")["profiles"] == []


def test_reset_prints_the_backup_folder(run: Any, home: Path, saved: None) -> None:
    out = ok(run("profile", "reset", "--yes"))
    folders = list((home / "backups").iterdir())
    assert len(folders) == 1
    assert str(folders[0]) in "".join(out.split())
    assert "default.toml" in out and "default.json" in out


class _FixedNow(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _FixedNow:
        return cls(2026, 3, 2, 9, 30, 15)


def test_two_resets_in_the_same_second_get_different_folders(
    run: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(profile_cli, "datetime", _FixedNow)
    ok(run("profile", "set", "--degree", "master"))
    first = _reset_json(run)
    ok(run("profile", "set", "--degree", "mba"))
    second = _reset_json(run)
    assert first["backup"] != second["backup"]
    assert Path(first["backup"]).name.startswith("default-20260302T093015")
    assert Path(second["backup"]).name.startswith("default-20260302T093015")
    one = tomllib.loads((Path(first["backup"]) / "default.toml").read_text("utf-8"))
    two = tomllib.loads((Path(second["backup"]) / "default.toml").read_text("utf-8"))
    assert (one["degree"], two["degree"]) == ("master", "mba")


@pytest.mark.parametrize(
    ("profile_bytes", "progress_bytes"),
    [
        (b"\xff\xfe\x00garbage", b'{"schema_version": 1, "done": ['),
        (b"schema_version = 2\n", b'{"schema_version": 2, "done": {}}'),
        (b"", b"   "),
    ],
    ids=["unreadable", "newer", "empty"],
)
def test_reset_moves_damaged_files_aside(
    run: Any,
    run_json: Any,
    home: Path,
    saved: None,
    profile_bytes: bytes,
    progress_bytes: bytes,
) -> None:
    profile_file(home).write_bytes(profile_bytes)
    progress_file(home).write_bytes(progress_bytes)
    one_error(run("estimate"))
    backup = Path(_reset_json(run)["backup"])
    assert (backup / "default.toml").read_bytes() == profile_bytes
    assert (backup / "default.json").read_bytes() == progress_bytes
    ok(run("estimate"))
    ok(run("progress", "done", "education-audit"))
    assert run_json("progress")["done"] == ["education-audit"]


def test_reset_moves_a_folder_that_stands_where_a_file_should(run: Any, home: Path) -> None:
    profile_file(home).mkdir(parents=True)
    (profile_file(home) / "inside.txt").write_text("mine", "utf-8")
    progress_file(home).mkdir(parents=True)
    one_error(run("plan"))
    doc = _reset_json(run)
    backup = Path(doc["backup"])
    assert (backup / "default.toml" / "inside.txt").read_text("utf-8") == "mine"
    assert (backup / "default.json").is_dir()
    assert not os.path.lexists(profile_file(home))
    ok(run("plan"))


def test_reset_without_yes_off_a_terminal_is_a_usage_error(
    run: Any, home: Path, saved: None
) -> None:
    before = tree(home)
    line = one_error(run("profile", "reset"), code=2)
    assert "--yes" in line
    assert tree(home) == before
    assert not (home / "backups").exists()


def test_reset_with_nothing_saved_says_so(run: Any, home: Path) -> None:
    out = ok(run("profile", "reset", "--yes"))
    assert "Nothing is saved" in out and "nothing was moved" in out
    doc = _reset_json(run)
    assert doc == {"schema_version": 1, "profile": "default", "backup": None, "moved": []}
    assert not (home / "backups").exists()


def test_reset_of_one_profile_leaves_the_others(run: Any, home: Path, saved: None) -> None:
    ok(run("--profile", "work", "profile", "set", "--degree", "master"))
    ok(run("--profile", "work", "progress", "done", "education-audit"))
    default_before = {p: p.read_bytes() for p in (profile_file(home), progress_file(home))}
    doc = _reset_json(run, "--profile", "work")
    assert doc["profile"] == "work"
    assert Path(doc["backup"]).name.startswith("work-")
    assert sorted(Path(p).name for p in doc["moved"]) == ["work.json", "work.toml"]
    assert {p: p.read_bytes() for p in default_before} == default_before
    assert not profile_file(home, "work").exists()


def test_reset_moves_progress_saved_without_a_profile(run: Any, home: Path) -> None:
    path = progress_file(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"schema_version": 1, "done": {}}\n')
    doc = _reset_json(run)
    assert [Path(p).name for p in doc["moved"]] == ["default.json"]


# --- 8. profile names --------------------------------------------------------------------

BAD_NAMES = [
    "../x",
    "a/b",
    "Bob!",  # case is forgiven (issue 11), the "!" is not
    "",
    "a" * 41,
    "x y",
    "[bold]x[/]",
    "\x1b[31mred",
    "con.toml",
    "..",
    ".hidden",
    "x\n",
    "caf\u00e9",
    "/etc/passwd",
]
NAME_WAYS: dict[str, Callable[[str], tuple[tuple[str, ...], dict[str, str] | None]]] = {
    "root-flag": lambda n: (("--profile", n, "estimate"), None),
    "estimate-flag": lambda n: (("estimate", "--profile", n), None),
    "plan-flag": lambda n: (("plan", "--profile", n), None),
    "set-flag": lambda n: (("profile", "set", "--degree", "master", "--profile", n), None),
    "root-set": lambda n: (("--profile", n, "profile", "set", "--degree", "master"), None),
    "done-flag": lambda n: (("progress", "done", "education-audit", "--profile", n), None),
    "progress-flag": lambda n: (("progress", "--profile", n, "done", "education-audit"), None),
    "group-flag": lambda n: (("profile", "--profile", n, "set", "--degree", "master"), None),
    "reset-flag": lambda n: (("profile", "reset", "--yes", "--profile", n), None),
    "path-flag": lambda n: (("profile", "path", "--profile", n), None),
    "env-estimate": lambda n: (("estimate",), {"POMPLAN_PROFILE": n}),
    "env-set": lambda n: (("profile", "set", "--degree", "master"), {"POMPLAN_PROFILE": n}),
    "env-done": lambda n: (("progress", "done", "education-audit"), {"POMPLAN_PROFILE": n}),
}


# An empty POMPLAN_PROFILE means 'not set', like any empty variable: only the flag refuses "".
@pytest.mark.parametrize(
    ("name", "way"),
    [
        pytest.param(name, way, id=f"{name!r}-{way}")
        for name in BAD_NAMES
        for way in NAME_WAYS
        if name or not way.startswith("env")
    ],
)
def test_a_bad_profile_name_is_refused_and_creates_nothing(
    run: Any, tmp_path: Path, name: str, way: str
) -> None:
    args, env = NAME_WAYS[way](name)
    before = tree(tmp_path, locks=True)
    line = one_error(run(*args, env=env), code=2)
    assert "profile name" in line
    assert "a-z" in line, "the message says what a name may hold"
    if "[bold]" in name:
        assert "[bold]x[/]" in line, "markup is shown literally"
    if ESC in name:
        assert "\\x1b[31mred" in line
    if way.startswith("env"):
        assert "POMPLAN_PROFILE" in line
    assert tree(tmp_path, locks=True) == before, "nothing is created anywhere"


@pytest.mark.parametrize("name", ["a", "0", "work", "my-job_2", "-", "a" * 40])
def test_good_profile_names_are_saved_as_their_own_files(
    run: Any, run_json: Any, home: Path, name: str
) -> None:
    ok(run("profile", "set", "--degree", "master", "--profile", name))
    assert profile_file(home, name).is_file()
    assert sorted(p.name for p in (home / "profiles").iterdir() if p.suffix == ".toml") == [
        f"{name}.toml"
    ]
    assert run_json("profile", "show", "--profile", name)["values"]["degree"] == "master"


def test_named_profiles_are_independent(run: Any, run_json: Any, home: Path) -> None:
    ok(run("profile", "set", "--background", "data-analysis", "--start", "2026-01-05"))
    ok(run("--profile", "work", "profile", "set", "--background", "customer-success"))
    ok(run("progress", "--profile", "work", "done", "education-audit"))
    ok(run("progress", "done", "education-course"))
    assert run_json("profile", "show")["values"]["background"] == "data-analysis"
    shown = run_json("profile", "show", "--profile", "work")
    assert shown["values"]["background"] == "customer-success"
    assert shown["file"] == str(profile_file(home, "work"))
    assert run_json("progress")["done"] == ["education-course"]
    assert run_json("progress", "--profile", "work")["done"] == ["education-audit"]
    work = json.loads(progress_file(home, "work").read_text("utf-8"))
    assert work["profile"] == "work" and list(work["done"]) == ["education-audit"]
    assert "pomplan --profile work profile set" in profile_file(home, "work").read_text("utf-8")


def test_pomplan_profile_picks_the_profile_and_the_flag_beats_it(
    run: Any, run_json: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("profile", "set", "--degree", "master"))
    monkeypatch.setenv("POMPLAN_PROFILE", "work")
    ok(run("profile", "set", "--degree", "mba"))
    assert tomllib.loads(profile_file(home, "work").read_text("utf-8"))["degree"] == "mba"
    assert run_json("profile", "show")["name"] == "work"
    assert run_json("profile", "show", "--profile", "default")["values"]["degree"] == "master"
    assert run_json("--profile", "default", "profile", "show")["name"] == "default"


def test_profile_list_marks_the_active_profile(
    run: Any, run_json: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_json("profile", "list")["profiles"] == []
    assert "No profiles are saved" in ok(run("profile", "list"))
    ok(run("profile", "set", "--degree", "master"))
    ok(run("--profile", "work", "profile", "set", "--degree", "mba"))
    ok(run("--profile", "work", "progress", "done", "education-audit"))
    doc = run_json("profile", "list")
    assert doc["active"] == "default"
    listed = {p["name"]: p for p in doc["profiles"]}
    assert list(listed) == ["default", "work"]
    assert listed["default"]["active"] is True and listed["work"]["active"] is False
    assert listed["work"]["done"] == 1 and listed["default"]["done"] == 0
    assert listed["work"]["profile_file"] == str(profile_file(home, "work"))
    assert listed["work"]["progress_file"] == str(progress_file(home, "work"))
    human = ok(run("profile", "list"))
    assert re.search(r"^\* default\b", human, re.MULTILINE)
    assert re.search(r"^  work\b", human, re.MULTILINE)
    monkeypatch.setenv("POMPLAN_PROFILE", "work")
    human = ok(run("profile", "list"))
    assert re.search(r"^\* work\b", human, re.MULTILINE)
    assert run_json("--profile", "default", "profile", "list")["active"] == "default"


def test_profile_list_ignores_files_that_are_not_profiles(
    run: Any, run_json: Any, home: Path
) -> None:
    ok(run("profile", "set", "--degree", "master"))
    folder = home / "profiles"
    (folder / "Bob.toml").write_text("schema_version = 1\n", "utf-8")
    (folder / "notes.txt").write_text("hi", "utf-8")
    (folder / ".default.toml.x.tmp").write_text("left over", "utf-8")
    assert [p["name"] for p in run_json("profile", "list")["profiles"]] == ["default"]


@pytest.mark.parametrize(
    "command",
    [
        ("estimate",),
        ("plan",),
        ("progress",),
        ("progress", "done", "education-audit"),
        ("progress", "undo", "education-audit"),
        ("profile", "show"),
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_named_profile_that_does_not_exist_is_an_error(
    run: Any, home: Path, saved: None, command: tuple[str, ...], how: str
) -> None:
    before = tree(home)
    if how == "flag":
        result = run("--profile", "nosuch", *command)
    else:
        result = run(*command, env={"POMPLAN_PROFILE": "nosuch"})
    line = one_error(result)
    assert "'nosuch'" in line
    assert "profile list" in line
    assert tree(home) == before


def test_profile_set_creates_a_named_profile(run: Any, run_json: Any, home: Path) -> None:
    one_error(run("--profile", "new", "estimate"))
    ok(run("--profile", "new", "profile", "set", "--degree", "master"))
    assert profile_file(home, "new").is_file()
    ok(run("--profile", "new", "estimate"))
    assert run_json("--profile", "new", "plan")["profile_name"] == "new"


def test_profile_list_says_when_the_profile_in_use_has_nothing_saved(run: Any) -> None:
    ok(run("--profile", "work", "profile", "set", "--degree", "mba"))
    human = ok(run("profile", "list"))
    assert "*" not in human
    assert "The profile in use, 'default', has nothing saved yet." in human
