"""``pomplan profile init``: the wizard, in-process and on a real pseudo-terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pomplan.cli import profile as profile_cli

# Degree, background, years, path, certifications, hours, start.
ANSWERS = ["master", "data-analysis", "3", "auto", "lean, agile", "10", "2026-02-01"]


def saved(home: Path, name: str = "default") -> dict[str, Any]:
    return tomllib.loads((home / "pomplan" / "profiles" / f"{name}.toml").read_text("utf-8"))


@pytest.fixture
def at_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profile_cli, "interactive", lambda: True)


def test_wizard_saves_the_answers(run: Any, at_terminal: None, isolated_env: Path) -> None:
    result = run("profile", "init", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    doc = saved(isolated_env)
    assert doc["degree"] == "master"
    assert doc["background"] == "data-analysis"
    assert doc["experience_years"] == 3
    assert doc["path"] == "auto"
    assert doc["certifications"] == ["lean", "agile"]
    assert doc["hours_per_week"] == 10
    assert str(doc["start"]) == "2026-02-01"
    assert "Profile 'default'" in result.stdout


def test_enter_keeps_the_shown_values(run: Any, at_terminal: None, isolated_env: Path) -> None:
    assert run("profile", "set", "--background", "operations", "--experience", "4").exit_code == 0
    result = run("profile", "init", input="\n" * len(ANSWERS))
    assert result.exit_code == 0, result.output
    doc = saved(isolated_env)
    assert doc["background"] == "operations"  # the saved value was the default
    assert doc["experience_years"] == 4
    assert doc["degree"] == "bachelor"  # the reference value was the default


@pytest.mark.parametrize(
    "typed",
    [
        "[bold]phd[/]",
        "[/]",
        "[red]",
        "\x1b[31mred\x1b[0m",
        "\x1b]0;owned\x07",
        "[link=http://example.com]x[/link]",
    ],
)
def test_what_a_person_types_is_shown_literally(
    typed: str, run: Any, at_terminal: None, isolated_env: Path
) -> None:
    """A bad answer is echoed back as text: markup is not applied, escapes are not sent."""
    result = run("profile", "init", input="\n".join([typed, *ANSWERS]) + "\n")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    visible = typed.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    assert f"no degree '{visible}'" in result.stdout
    assert saved(isolated_env)["degree"] == "master"  # then the good answer was taken


def test_bad_numbers_and_dates_are_asked_again(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    answers = ["master", "data-analysis", "lots", "-1", "3", "auto", "lean, nope", "lean", "0"]
    answers += ["10", "2026-02-30", "2026-02-01"]
    result = run("profile", "init", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "'lots' is not a number" in out
    assert "out of range" in out
    assert "no certification 'nope'" in out
    assert "'2026-02-30' is not a date" in out
    doc = saved(isolated_env)
    assert doc["experience_years"] == 3
    assert doc["certifications"] == ["lean"]


def test_end_of_input_stops_without_saving(run: Any, at_terminal: None, isolated_env: Path) -> None:
    result = run("profile", "init", input="master\n")
    assert result.exit_code == 130
    assert not (isolated_env / "pomplan" / "profiles" / "default.toml").exists()


def test_a_damaged_profile_stops_the_wizard_before_any_question(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    path = isolated_env / "pomplan" / "profiles" / "default.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"schema_version = 1\nbackgroud = 'x'\n")
    result = run("profile", "init", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 1
    assert "Your highest degree" not in result.stdout
    assert path.read_bytes() == b"schema_version = 1\nbackgroud = 'x'\n"


def test_off_a_terminal_it_points_to_profile_set(run: Any, isolated_env: Path) -> None:
    result = run("profile", "init", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 2
    assert "profile set" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (isolated_env / "pomplan" / "profiles").exists()


def _read_all(fd: int, timeout: float = 30.0) -> bytes:
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_wizard_on_a_real_pseudo_terminal(tmp_path: Path, isolated_env: Path) -> None:
    """The whole thing through a pty: Rich's prompts, the terminal check, the save."""
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pomplan", "--profile", "pty-test", "profile", "init"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=tmp_path,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    os.write(leader, ("\n".join(ANSWERS) + "\n").encode())
    output = _read_all(leader)
    assert proc.wait(timeout=30) == 0, output.decode(errors="replace")
    os.close(leader)
    text = output.decode(errors="replace")
    assert "Your highest degree" in text
    assert "Profile 'pty-test'" in text
    doc = saved(isolated_env, "pty-test")
    assert doc["background"] == "data-analysis"
    assert doc["certifications"] == ["lean", "agile"]
