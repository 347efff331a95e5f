"""Notes: 'pomplan note add/list/remove', the notes file, and notes in the plan and its exports."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomplan import store
from pomplan.store.notes import TEXT_LIMIT, Note, Notes, notes_file, update_notes
from tests.test_json_contract import validate

TODAY = {"POMPLAN_TODAY": "2026-06-01"}
MILESTONE = "skills-process-map"


def notes_path(home: Path, name: str = "default") -> Path:
    return home / "pomplan" / "notes" / f"{name}.notes.json"


def listed(run: Any, *args: str) -> list[dict[str, Any]]:
    result = run("note", "list", "--json", *args, env=TODAY)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    validate("notes", doc)
    notes: list[dict[str, Any]] = doc["notes"]
    return notes


def add(run: Any, *args: str) -> dict[str, Any]:
    result = run("note", "add", *args, "--json", env=TODAY)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    validate("notes", doc)
    assert doc["change"] == "added"
    note: dict[str, Any] = doc["notes"][0]
    return note


# --- add, list, remove ----------------------------------------------------------------------


def test_add_list_remove(run: Any, isolated_env: Path) -> None:
    first = add(run, "Talked", "with", "Sam", "--milestone", MILESTONE, "--on", "2026-02-01")
    assert first == {
        "id": 1,
        "date": "2026-02-01",
        "text": "Talked with Sam",
        "milestone": MILESTONE,
    }
    second = add(run, "Lead: ops role at Acme")
    assert second["id"] == 2 and second["date"] == "2026-06-01" and second["milestone"] is None
    assert [n["id"] for n in listed(run)] == [1, 2]
    assert [n["id"] for n in listed(run, "--milestone", MILESTONE)] == [1]
    removed = run("note", "remove", "1", "--json", env=TODAY)
    assert removed.exit_code == 0, removed.output
    assert json.loads(removed.stdout)["change"] == "removed"
    assert [n["id"] for n in listed(run)] == [2]
    path = notes_path(isolated_env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_ids_are_never_reused(run: Any, isolated_env: Path) -> None:
    for word in ("one", "two", "three"):
        add(run, word)
    assert run("note", "remove", "3").exit_code == 0  # the last one: its number stays used
    assert run("note", "remove", "#2").exit_code == 0
    assert add(run, "four")["id"] == 4
    assert [n["id"] for n in listed(run)] == [1, 4]
    again = run("note", "remove", "3")
    assert again.exit_code == 2
    assert "no note 3" in again.stderr


def test_list_is_oldest_day_first(run: Any, isolated_env: Path) -> None:
    add(run, "late", "--on", "2026-05-01")
    add(run, "early", "--on", "2026-01-01")
    assert [n["text"] for n in listed(run)] == ["early", "late"]


def test_human_list_is_plain_when_piped(run: Any, isolated_env: Path) -> None:
    add(run, "Talked with Sam", "-m", MILESTONE, "--on", "2026-02-01")
    result = run("note", "list", env=TODAY)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "#1 2026-02-01 skills-process-map Talked with Sam" in result.stdout
    empty = run("note", "remove", "1")
    assert empty.exit_code == 0
    assert "No notes yet" in run("note", "list").stdout


def test_narrow_terminal(run: Any, isolated_env: Path) -> None:
    add(run, "a long note " * 10, "-m", MILESTONE)
    result = run("note", "list", env={**TODAY, "COLUMNS": "40"})
    assert result.exit_code == 0
    assert all(len(line) <= 40 for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", "--milestone", "skills-proces-map"), "did you mean 'skills-process-map'"),
        (("x", "--milestone", "../etc"), "no milestone"),
        (("x", "--on", "2026-06-02"), "is in the future"),
        (("x", "--on", "1899-12-31"), "outside the dates"),
        (("x", "--on", "June 1st"), "is not a date"),
        (("a" * (TEXT_LIMIT + 1),), f"shorten it to {TEXT_LIMIT}"),
        (("   ",), "the note is empty"),
    ],
)
def test_bad_input_is_a_usage_error(
    run: Any, isolated_env: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("note", "add", *args, env=TODAY)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not notes_path(isolated_env).exists()


def test_text_at_the_limit_is_kept(run: Any, isolated_env: Path) -> None:
    assert len(add(run, "a" * TEXT_LIMIT)["text"]) == TEXT_LIMIT


@pytest.mark.parametrize("raw", ["0", "-1", "x", "1.5", "99999999999", "٣"])
def test_bad_note_number(run: Any, isolated_env: Path, raw: str) -> None:
    add(run, "one")
    result = run("note", "remove", "--", raw)
    assert result.exit_code == 2
    assert "is not a note number" in result.stderr
    assert len(listed(run)) == 1


def test_unknown_profile_is_refused(run: Any, isolated_env: Path) -> None:
    result = run("--profile", "ana", "note", "add", "x")
    assert result.exit_code == 1
    assert "no saved profile 'ana'" in result.stderr


def test_named_profile(run: Any, isolated_env: Path) -> None:
    assert run("--profile", "ana", "profile", "set", "--degree", "master").exit_code == 0
    assert run("note", "--profile", "ana", "add", "for ana").exit_code == 0
    assert run("note", "add", "for default").exit_code == 0
    ana = json.loads(run("--profile", "ana", "note", "list", "--json").stdout)
    assert [n["text"] for n in ana["notes"]] == ["for ana"]
    assert ana["profile"] == "ana"


# --- hostile text ------------------------------------------------------------------------------

HOSTILE = "evil \x1b[31mred\x1b[0m \u202eright\u202c bell\x07 \r overwrite\nline"


def test_hostile_text_is_escaped_everywhere(run: Any, isolated_env: Path) -> None:
    assert add(run, HOSTILE, "-m", MILESTONE)["text"] == HOSTILE  # kept as given
    add(run, HOSTILE)
    outputs = [
        run("note", "list", env=TODAY).stdout,
        run("note", "list", "--json", env=TODAY).stdout,
        run("plan", "--details", env=TODAY).stdout,
        run("plan", "--details", "--json", env=TODAY).stdout,
        run("plan", "--format", "markdown", env=TODAY).stdout,
        run("plan", "--format", "html", env=TODAY).stdout,
    ]
    for out in outputs:
        for char in ("\x1b", "\u202e", "\x07", "\r"):
            assert char not in out
    assert "\\x1b[31mred" in outputs[0]


# --- the file ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "is empty"),
        (b"\xff\xfe", "is not UTF-8"),
        (b"[]", "expected a JSON object"),
        (b'{"schema_version": 1, "notes": {}}', "key 'notes' must be a list"),
        (b'{"schema_version": 1, "notes": [], "x": 1}', "unknown key 'x'"),
        (b'{"schema_version": 1, "notes": [{"id": 1}]}', "notes[0].date"),
        (
            b'{"schema_version": 1, "notes": [{"id": 1, "date": "2026-01-01", "text": "a"},'
            b' {"id": 1, "date": "2026-01-01", "text": "b"}]}',
            "the same id",
        ),
        (b'{"schema_version": 1, "next_id": 0, "notes": []}', "key 'next_id'"),
        (b'{"schema_version": 9, "notes": []}', "newer pomplan"),
    ],
)
def test_corrupt_file_is_one_line_and_never_overwritten(
    run: Any, isolated_env: Path, content: bytes, problem: str
) -> None:
    path = notes_path(isolated_env)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    for args in (("note", "add", "x"), ("note", "list"), ("plan", "--details")):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert problem in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.output
    assert path.read_bytes() == content
    # The plan without notes does not read them, so it still works.
    assert run("plan").exit_code == 0


def test_huge_file_is_refused(run: Any, isolated_env: Path) -> None:
    path = notes_path(isolated_env)
    path.parent.mkdir(parents=True)
    path.write_bytes(b" " * (2 << 20))
    result = run("note", "list")
    assert result.exit_code == 1
    assert "larger than" in result.stderr


def test_a_file_that_would_grow_too_big_is_not_written(
    run: Any, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.store import notes as notes_module

    add(run, "one")
    before = notes_path(isolated_env).read_bytes()
    monkeypatch.setattr(notes_module, "READ_LIMIT", len(before) + 10)
    result = run("note", "add", "a" * 100)
    assert result.exit_code == 1
    assert "would grow past" in result.stderr
    assert notes_path(isolated_env).read_bytes() == before


# --- kept with the profile ------------------------------------------------------------------


def test_kept_through_profile_set_and_moved_by_reset(run: Any, isolated_env: Path) -> None:
    assert run("profile", "set", "--degree", "master").exit_code == 0
    add(run, "keep me")
    assert run("profile", "set", "--degree", "mba").exit_code == 0
    assert [n["text"] for n in listed(run)] == ["keep me"]
    result = run("profile", "reset", "--yes", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    validate("profile-reset", doc)
    moved = [Path(p).name for p in doc["moved"]]
    assert moved == ["default.toml", "default.notes.json"]
    assert not notes_path(isolated_env).exists()
    kept = Path(doc["backup"]) / "default.notes.json"
    assert "keep me" in kept.read_text("utf-8")
    assert listed(run) == []


def test_reset_moves_profile_progress_and_notes(run: Any, isolated_env: Path) -> None:
    assert run("profile", "set", "--degree", "master").exit_code == 0
    assert run("progress", "done", MILESTONE).exit_code == 0
    add(run, "x")
    doc = json.loads(run("profile", "reset", "--yes", "--json").stdout)
    assert [Path(p).name for p in doc["moved"]] == [
        "default.toml",
        "default.json",
        "default.notes.json",
    ]


# --- concurrency -------------------------------------------------------------------------------


def test_concurrent_adds_in_threads_lose_nothing(isolated_env: Path) -> None:
    where = store.locations(os.environ)
    day = __import__("datetime").date(2026, 1, 1)

    def adder(tag: int) -> None:
        for index in range(10):

            def change(current: Notes, text: str = f"{tag}-{index}") -> Notes:
                note = Note(current.next_id, day, text)
                return Notes(current.next_id + 1, (*current.notes, note))

            update_notes(where, "default", change)

    threads = [threading.Thread(target=adder, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    notes = store.load_notes(where, "default").notes
    assert len(notes) == 40
    assert sorted(n.id for n in notes) == list(range(1, 41))


def test_concurrent_adds_in_processes_lose_nothing(isolated_env: Path) -> None:
    env = {**os.environ, "POMPLAN_TODAY": "2026-06-01"}
    script = (
        "import sys\nfrom pomplan.cli import main\ntag = sys.argv[1]\n"
        "for i in range(5):\n"
        "    sys.argv = ['pomplan', 'note', 'add', f'{tag}-{i}']\n"
        "    try:\n        main()\n    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(n)], env=env, stdout=subprocess.DEVNULL)
        for n in range(3)
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0
    notes = store.load_notes(store.locations(env), "default").notes
    assert sorted(n.text for n in notes) == sorted(f"{p}-{i}" for p in range(3) for i in range(5))
    assert len({n.id for n in notes}) == 15


# --- the plan ----------------------------------------------------------------------------------


def test_plan_details_shows_notes_under_their_milestone(run: Any, isolated_env: Path) -> None:
    add(run, "Mapped the refund process", "-m", MILESTONE, "--on", "2026-02-01")
    add(run, "Lead at Acme")
    add(run, "About a milestone of another path", "-m", "cert-agile")
    plain = run("plan", env=TODAY).stdout
    assert "Mapped the refund" not in plain and "Lead at Acme" not in plain
    details = run("plan", "--details", env={**TODAY, "COLUMNS": "200"}).stdout
    at = details.index("note #1 2026-02-01 Mapped the refund process")
    row = details.rindex("[ ]", 0, at)  # the milestone the note sits under
    assert MILESTONE in details[row:at]
    assert details.index("Notes\n") < details.index("Lead at Acme")
    tail = details[details.index("Notes\n") :]
    assert "(cert-agile) About a milestone" in tail


def test_plan_markdown_and_html_show_notes(run: Any, isolated_env: Path) -> None:
    add(run, "Mapped *the* refund process", "-m", MILESTONE, "--on", "2026-02-01")
    add(run, "Lead at Acme")
    md = run("plan", "--format", "markdown", env=TODAY).stdout
    line = next(x for x in md.splitlines() if "refund" in x)
    assert line == "  - *Note 2026-02-01:* Mapped \\*the\\* refund process"
    before = md[: md.index(line)]
    assert f"(`{MILESTONE}`, " in before.rstrip().splitlines()[-1]  # under its milestone
    assert "## Notes\n\n- **2026-06-01**: Lead at Acme" in md
    html = run("plan", "--format", "html", env=TODAY).stdout
    assert "Mapped *the* refund" in html and "Lead at Acme" in html


def test_plan_json_has_notes_with_details_only(run: Any, isolated_env: Path) -> None:
    add(run, "x", "-m", MILESTONE)
    plain = json.loads(run("plan", "--json", env=TODAY).stdout)
    assert "notes" not in plain
    doc = json.loads(run("plan", "--details", "--json", env=TODAY).stdout)
    validate("plan", doc)
    assert doc["notes"] == [{"id": 1, "date": "2026-06-01", "text": "x", "milestone": MILESTONE}]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_any_text_round_trips_and_never_reaches_a_terminal_raw(
    text: str, isolated_env: Path
) -> None:
    from typer.testing import CliRunner

    from pomplan.cli import app

    runner = CliRunner()
    path = notes_file(store.locations(os.environ), "default")
    path.unlink(missing_ok=True)
    added = runner.invoke(app, ["note", "add", "--json", "--", text])
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # not every string can be an argument
    assert added.exit_code == 0, added.output
    stored = json.loads(runner.invoke(app, ["note", "list", "--json"]).stdout)["notes"][0]
    assert stored["text"] == text.strip()
    shown = runner.invoke(app, ["note", "list"]).stdout
    assert "\x1b" not in shown and "\u202e" not in shown
