"""'pomplan profile export' and 'profile import': one JSON bundle, checked whole, never written
over a saved profile without --force."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_json_contract import validate

TODAY = {"POMPLAN_TODAY": "2026-06-01"}


def make_profile(run: Any) -> None:
    """A saved profile with every kind of value, a tick and two notes (note 3 was removed)."""
    flags = ("--degree", "master", "--background", "operations", "--hours-per-week", "7.5")
    flags += ("--cert", "lean,agile", "--start", "2026-01-05")
    assert run("profile", "set", *flags).exit_code == 0
    assert run("progress", "done", "skills-process-map", "--on", "2026-03-01").exit_code == 0
    for text in ("first", "second", "third"):
        added = run("note", "add", text, "-m", "skills-process-map", env=TODAY)
        assert added.exit_code == 0
    assert run("note", "remove", "3").exit_code == 0


def export(run: Any, *args: str) -> dict[str, Any]:
    result = run("profile", "export", *args, env=TODAY)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    validate("profile-bundle", doc)
    return doc


def outputs(run: Any, home: Path, name: str = "default") -> list[Any]:
    env = {**TODAY, "POMPLAN_HOME": str(home)}
    docs = []
    for args in (("estimate",), ("plan", "--details"), ("progress",), ("note", "list")):
        result = run("--profile", name, *args, "--json", env=env)
        assert result.exit_code == 0, result.output
        docs.append(json.loads(result.stdout))
    return docs


def test_round_trip_into_an_empty_home(run: Any, isolated_env: Path, tmp_path: Path) -> None:
    make_profile(run)
    bundle = tmp_path / "me.json"
    written = run("profile", "export", "--output", str(bundle), env=TODAY)
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    doc = json.loads(bundle.read_text("utf-8"))
    validate("profile-bundle", doc)
    assert doc["kind"] == "pomplan-profile" and doc["name"] == "default"
    assert doc["progress"] == {"skills-process-map": "2026-03-01"}
    assert [n["id"] for n in doc["notes"]] == [1, 2] and doc["next_note_id"] == 4

    other = tmp_path / "laptop"
    result = run("profile", "import", str(bundle), "--json", env={"POMPLAN_HOME": str(other)})
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)
    validate("profile-import", imported)
    assert imported == {
        "schema_version": 1,
        "profile": "default",
        "source": str(bundle),
        "done": 1,
        "notes": 2,
        "backup": None,
    }
    assert outputs(run, other) == outputs(run, isolated_env / "pomplan")
    # The numbers stay unique after the move: the next note is 4, not 3.
    env = {**TODAY, "POMPLAN_HOME": str(other)}
    added = json.loads(run("note", "add", "later", "--json", env=env).stdout)
    assert added["notes"][0]["id"] == 4


def test_import_from_stdin_under_another_name(run: Any, isolated_env: Path) -> None:
    make_profile(run)
    text = run("profile", "export", env=TODAY).stdout
    result = run("profile", "import", "-", "--as", "Ana", input=text)
    assert result.exit_code == 0, result.output
    assert "Imported profile 'ana' from standard input" in result.stdout
    home = isolated_env / "pomplan"
    mine, theirs = outputs(run, home, "default"), outputs(run, home, "ana")
    assert mine[0]["years"] == theirs[0]["years"]
    assert mine[1]["milestones"] == theirs[1]["milestones"]
    assert mine[1]["notes"] == theirs[1]["notes"]
    assert mine[3]["notes"] == theirs[3]["notes"]


def test_import_refuses_an_existing_profile(run: Any, isolated_env: Path, tmp_path: Path) -> None:
    make_profile(run)
    bundle = tmp_path / "b.json"
    bundle.write_text(run("profile", "export", env=TODAY).stdout)
    home = isolated_env / "pomplan"
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    result = run("profile", "import", str(bundle))
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("file", ["progress/x.json", "notes/x.notes.json"])
def test_progress_or_notes_alone_count_as_existing(
    run: Any, isolated_env: Path, tmp_path: Path, file: str
) -> None:
    make_profile(run)
    bundle = tmp_path / "b.json"
    bundle.write_text(run("profile", "export", env=TODAY).stdout)
    path = isolated_env / "pomplan" / file  # no profile file for 'x', only this one
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not even valid")
    result = run("profile", "import", str(bundle), "--as", "x")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert path.read_text() == "not even valid"
    forced = run("profile", "import", str(bundle), "--as", "x", "--force", "--json")
    assert forced.exit_code == 0, forced.output
    backup = Path(json.loads(forced.stdout)["backup"])
    assert (backup / path.name).read_text() == "not even valid"


def test_force_keeps_a_backup(run: Any, isolated_env: Path, tmp_path: Path) -> None:
    make_profile(run)
    bundle = tmp_path / "b.json"
    bundle.write_text(run("profile", "export", env=TODAY).stdout)
    assert run("note", "add", "written after the export").exit_code == 0
    result = run("profile", "import", str(bundle), "--force", "--json")
    assert result.exit_code == 0, result.output
    backup = Path(json.loads(result.stdout)["backup"])
    assert sorted(p.name for p in backup.iterdir()) == [
        "default.json",
        "default.notes.json",
        "default.toml",
    ]
    assert "written after the export" in (backup / "default.notes.json").read_text("utf-8")
    texts = [n["text"] for n in json.loads(run("note", "list", "--json").stdout)["notes"]]
    assert texts == ["first", "second"]


def _bundle(run: Any) -> dict[str, Any]:
    make_profile(run)
    return export(run)


def _with(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = json.loads(json.dumps(doc))
    *parents, last = path.split(".")
    target = changed
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        ("kind", "pomplan-plan", "is not a pomplan profile bundle"),
        ("kind", KeyError, "is not a pomplan profile bundle"),
        ("schema_version", 2, "newer pomplan"),
        ("schema_version", "1", "schema_version"),
        ("name", "../etc", "is not a profile name"),
        ("name", "con", "Windows reserves"),
        ("profile.degree", "wizard", "unknown value 'wizard'"),
        ("profile.hours_per_week", 1000, "out of range"),
        ("profile.hours_per_week", "7", "expected a number"),
        ("profile.start", "2026-13-01", "expected a date"),
        ("profile.colour", "blue", "unknown key"),
        ("profile", [], "key 'profile' must be an object"),
        ("progress.skills-process-map", "yesterday", "expected a date"),
        ("progress", {"../x": "2026-01-01"}, "is not a milestone id"),
        ("notes", {}, "key 'notes' must be a list"),
        ("notes", [{"id": 1, "date": "2026-01-01", "text": ""}], "notes[0].text"),
        ("notes", [{"id": 1, "date": "2026-01-01", "text": "a" * 2001}], "notes[0].text"),
        ("notes", [{"id": 1, "date": "2026-01-01", "text": "a", "x": 1}], "unknown key 'x'"),
        ("next_note_id", 0, "next_note_id"),
    ],
)
def test_bad_bundle_is_one_line_and_writes_nothing(
    run: Any, isolated_env: Path, tmp_path: Path, path: str, value: Any, problem: str
) -> None:
    doc = _with(_bundle(run), path, value)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    other = tmp_path / "empty"
    result = run("profile", "import", str(bad), env={"POMPLAN_HOME": str(other)})
    assert result.exit_code in (1, 2), result.output
    assert problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not other.exists() or not any(p.is_file() for p in other.rglob("*"))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"schema_version": 1, "kind": "pomplan-profile", "name": "a"', "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe{}", "is not UTF-8"),
        (b"[1, 2]", "is not a pomplan profile bundle"),
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
        (b"1" * 5000, "digits"),
    ],
)
def test_broken_files(run: Any, tmp_path: Path, content: bytes, problem: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("profile", "import", str(bad))
    assert result.exit_code == 1, result.output
    assert problem in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_huge_file_and_stdin_are_refused_unread(run: Any, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (5 << 20))
    result = run("profile", "import", str(huge))
    assert result.exit_code == 1 and "larger than 4 MiB" in result.stderr
    result = run("profile", "import", "-", input=" " * (5 << 20))
    assert result.exit_code == 1 and "more than 4 MiB" in result.stderr


def test_missing_file_and_folder(run: Any, tmp_path: Path) -> None:
    result = run("profile", "import", str(tmp_path / "nope.json"))
    assert result.exit_code == 1 and "there is no file" in result.stderr
    result = run("profile", "import", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_unknown_top_level_keys_are_ignored_and_named(
    run: Any, isolated_env: Path, tmp_path: Path
) -> None:
    doc = _with(_bundle(run), "coach", "Sam")
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc))
    result = run("profile", "import", str(path), "--as", "copy")
    assert result.exit_code == 0, result.output
    assert "ignored keys this pomplan does not know: coach" in result.stderr


def test_export_needs_a_saved_profile(run: Any) -> None:
    result = run("profile", "export")
    assert result.exit_code == 1
    assert "no saved profile 'default' to export" in result.stderr


def test_export_output_needs_force(run: Any, isolated_env: Path, tmp_path: Path) -> None:
    make_profile(run)
    target = tmp_path / "b.json"
    target.write_text("mine")
    result = run("profile", "export", "-o", str(target))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert target.read_text() == "mine"
    assert run("profile", "export", "-o", str(target), "--force").exit_code == 0
    validate("profile-bundle", json.loads(target.read_text()))


def test_hostile_name_as_is_a_usage_error(run: Any, isolated_env: Path, tmp_path: Path) -> None:
    make_profile(run)
    path = tmp_path / "b.json"
    path.write_text(run("profile", "export", env=TODAY).stdout)
    result = run("profile", "import", str(path), "--as", "../../evil")
    assert result.exit_code == 2
    assert "is not a profile name" in result.stderr
