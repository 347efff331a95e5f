"""``pomplan skills assess``: one question per skill, levels numbered from 0, saved with the
profile; off a terminal, one line pointing to ``profile set --skill``."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from pomplan import content
from pomplan.cli import profile as profile_cli
from pomplan.levels import SKILLS


@pytest.fixture
def at_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profile_cli, "interactive", lambda: True)


def profile_file(home: Path, name: str = "default") -> Path:
    return home / "pomplan" / "profiles" / f"{name}.toml"


def saved(home: Path, name: str = "default") -> dict[str, Any]:
    return tomllib.loads(profile_file(home, name).read_text("utf-8"))


def answer(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_off_a_terminal_it_points_to_profile_set(run: Any, isolated_env: Path) -> None:
    result = run("skills", "assess")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "pomplan profile set --skill ID=LEVEL" in result.stderr
    assert not profile_file(isolated_env).exists()


def test_each_skill_is_asked_with_its_levels_numbered_from_0(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    result = run("skills", "assess", input=answer("3", "", "expert", "0", "", "", "", "4"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    skills = content.skills()
    for n, s in enumerate(skills, 1):
        heading = out.index(f"{s.name} ({n} of {len(skills)})\n")
        none, expert = (
            out.index(f"0. none: {s.levels[0][:30]}"),
            out.index(f"4. expert: {s.levels[4][:30]}"),
        )
        asked = out.index(f"\n{s.name} (", heading + 1)  # the question, after its levels
        assert heading < none < expert < asked, s.id
    assert saved(isolated_env)["skills"] == {
        "operational-thinking": 3,
        "communication": 4,
        "technical-acumen": 0,
        "strategic-pragmatism": 4,
    }
    assert "pomplan skills --mine" in out
    assert saved(isolated_env)["start"]  # a new profile starts today, as with profile set


def test_enter_keeps_each_saved_level_and_the_other_values(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    assert run("profile", "set", "--degree", "mba", "--skill", "soft-skills=2").exit_code == 0
    before = saved(isolated_env)
    result = run("skills", "assess", input=answer("", "1", "", "", "", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "[2]" in result.stdout or "(2)" in result.stdout  # the saved level is shown
    after = saved(isolated_env)
    assert after["skills"] == {"analytical-skills": 1, "soft-skills": 2}
    assert after["degree"] == "mba" and after["start"] == before["start"]


def test_a_bad_answer_is_asked_again(run: Any, at_terminal: None, isolated_env: Path) -> None:
    result = run("skills", "assess", input=answer("9", "strongest", "2", *[""] * 7))
    assert result.exit_code == 0, result.output
    assert "give a level from 0 to 4" in result.stdout
    assert result.stdout.count("is not a level for operational-thinking") == 2
    assert saved(isolated_env)["skills"] == {"operational-thinking": 2}


def test_stopping_saves_nothing(run: Any, at_terminal: None, isolated_env: Path) -> None:
    assert run("profile", "set", "--skill", "communication=1").exit_code == 0
    text = profile_file(isolated_env).read_bytes()
    result = run("skills", "assess", input=answer("4", "4"))  # input ends after two answers
    assert result.exit_code != 0
    assert "nothing was saved" in result.stdout
    assert profile_file(isolated_env).read_bytes() == text


def test_a_hand_edited_profile_is_kept_aside_first(
    run: Any, at_terminal: None, isolated_env: Path
) -> None:
    assert run("profile", "set", "--degree", "master").exit_code == 0
    path = profile_file(isolated_env)
    edited = "# my own note\n" + path.read_text("utf-8")
    path.write_text(edited, "utf-8")
    result = run("skills", "assess", input=answer("4", *[""] * 7))
    assert result.exit_code == 0, result.output
    assert "a copy of it as it was is in" in result.stderr
    copies = list((isolated_env / "pomplan" / "backups").iterdir())
    assert [c.read_text("utf-8") for c in copies] == [edited]
    assert saved(isolated_env)["skills"] == {"operational-thinking": 4}


def test_a_named_profile_is_assessed(run: Any, at_terminal: None, isolated_env: Path) -> None:
    result = run("--profile", "ana", "skills", "assess", input=answer(*["1"] * len(SKILLS)))
    assert result.exit_code == 0, result.output
    assert saved(isolated_env, "ana")["skills"] == dict.fromkeys(SKILLS, 1)
    assert "pomplan --profile ana skills --mine" in result.stdout
