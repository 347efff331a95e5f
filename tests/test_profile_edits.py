"""Changing a saved profile: forgetting values, and never losing what a person wrote by hand."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest


def profile_file(home: Path, name: str = "default") -> Path:
    return home / "pomplan" / "profiles" / f"{name}.toml"


def backups(home: Path) -> list[Path]:
    folder = home / "pomplan" / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_unset_forgets_saved_values(run: Any, isolated_env: Path) -> None:
    assert (
        run("profile", "set", "--degree", "mba", "--cert", "lean", "--experience", "3").exit_code
        == 0
    )
    result = run("profile", "set", "--unset", "degree", "--unset", "CERT")
    assert result.exit_code == 0, result.output
    doc = tomllib.loads(profile_file(isolated_env).read_text("utf-8"))
    assert "degree" not in doc and "certifications" not in doc
    assert doc["experience_years"] == 3  # untouched
    estimate = run("estimate", "--json")
    fields = [a["field"] for a in __import__("json").loads(estimate.stdout)["assumptions"]]
    assert "degree" in fields and "certifications" in fields  # the reference values are back


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unset", "degre"), "did you mean 'degree'?"),
        (("--unset", "start"), "choose from: degree, background, experience"),
        (("--unset", "degree", "--degree", "mba"), "--unset degree and --degree contradict"),
        (("--unset", "cert", "--cert", "none"), "--unset cert and --cert contradict"),
    ],
)
def test_bad_unset_is_a_usage_error(
    args: tuple[str, ...], message: str, run: Any, isolated_env: Path
) -> None:
    assert run("profile", "set", "--degree", "master").exit_code == 0
    before = profile_file(isolated_env).read_bytes()
    result = run("profile", "set", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert profile_file(isolated_env).read_bytes() == before


def test_a_hand_edited_profile_is_copied_before_it_is_rewritten(
    run: Any, isolated_env: Path
) -> None:
    assert (
        run("profile", "set", "--background", "operations", "--start", "2026-01-05").exit_code == 0
    )
    path = profile_file(isolated_env)
    edited = path.read_text("utf-8").replace(
        'background = "operations"', '# moved teams in May\nbackground = "operations"  # for now'
    )
    path.write_text(edited, "utf-8")
    result = run("profile", "set", "--hours-per-week", "9")
    assert result.exit_code == 0, result.output
    copies = backups(isolated_env)
    assert len(copies) == 1
    assert copies[0].read_text("utf-8") == edited  # the hand edits, byte for byte
    assert str(copies[0]) in result.stderr.replace("\n", "")
    assert copies[0].stat().st_mode & 0o777 == 0o600
    doc = tomllib.loads(path.read_text("utf-8"))
    assert doc["background"] == "operations" and doc["hours_per_week"] == 9


def test_a_profile_pomplan_wrote_is_rewritten_without_a_copy(run: Any, isolated_env: Path) -> None:
    assert run("profile", "set", "--background", "operations").exit_code == 0
    result = run("profile", "set", "--hours-per-week", "9")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert backups(isolated_env) == []


def test_setting_what_is_already_saved_writes_nothing(run: Any, isolated_env: Path) -> None:
    assert run("profile", "set", "--background", "operations").exit_code == 0
    path = profile_file(isolated_env)
    path.write_text(path.read_text("utf-8") + "# a note\n", "utf-8")
    before = path.stat().st_mtime_ns, path.read_bytes()
    result = run("profile", "set", "--background", "operations")
    assert result.exit_code == 0
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before  # the note stays
    assert backups(isolated_env) == []


def test_estimate_says_when_a_saved_profile_is_in_use(run: Any) -> None:
    assert "saved profile" not in run("estimate").stdout
    assert run("profile", "set", "--background", "operations").exit_code == 0
    out = " ".join(run("estimate").stdout.split())
    assert "From your saved profile 'default'" in out


@pytest.mark.parametrize("answer", [True, False])
def test_reset_asks_first_on_a_terminal(
    answer: bool, run: Any, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.cli import profile as profile_cli
    from pomplan.render.terminal import prompts

    asked: list[str] = []
    monkeypatch.setattr(profile_cli, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", lambda question: asked.append(question) or answer)
    assert run("profile", "set", "--background", "operations").exit_code == 0
    before = profile_file(isolated_env).read_bytes()
    result = run("profile", "reset")
    assert asked and "profile 'default'" in asked[0]
    if answer:
        assert result.exit_code == 0
        assert not profile_file(isolated_env).exists()
        assert [p.name for p in backups(isolated_env)[0].iterdir()] == ["default.toml"]
    else:
        assert result.exit_code == 1
        assert "you answered no, so nothing was moved" in result.stderr
        assert profile_file(isolated_env).read_bytes() == before
        assert backups(isolated_env) == []
