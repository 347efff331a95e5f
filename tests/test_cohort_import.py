"""``pomplan cohort import``: a roster read by the batch reader, previewed, written with --yes
one profile at a time; bad rows named and skipped; nothing but the profile files changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_json_contract import validate

TODAY = {"POMPLAN_TODAY": "2026-06-01"}

ROSTER = """\
name,degree,background,experience_years,hours_per_week,start,certifications
ana,bachelor,operations,2,10,2026-01-05,agile;lean
ben,master,data-analysis,,8,2025-09-01,
cy,diploma,engineering,3,10,,
dee,none,unrelated,0,5,,
"""


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> str:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def imported(run: Any, roster: str, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("cohort", "import", roster, *args, "--json", env=TODAY)
    doc = json.loads(result.stdout)
    validate("cohort-import", doc)
    return result.exit_code, doc


def snapshot(home: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def profile(run: Any, name: str) -> dict[str, Any]:
    result = run("--profile", name, "profile", "show", "--json")
    if result.exit_code == 1 and "no saved profile" in result.stderr:
        return {"saved": False}
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_preview_writes_nothing(run: Any, tmp_path: Path, isolated_env: Path) -> None:
    roster = write(tmp_path, ROSTER)
    result = run("cohort", "import", roster, env=TODAY)
    assert result.exit_code == 1  # a bad row (cy's degree)
    assert "Create 3:" in result.stdout and "ana, ben, dee" in result.stdout
    assert "row 3 (cy): degree" in result.stdout
    assert "Nothing written; run again with --yes" in result.stdout
    assert not (isolated_env / "pomplan").exists()


def test_preview_of_a_clean_roster_exits_0(run: Any, tmp_path: Path) -> None:
    roster = write(tmp_path, "name,background\nana,operations\n")
    code, doc = imported(run, roster)
    assert code == 0 and doc["written"] is False
    assert [c["name"] for c in doc["create"]] == ["ana"]


def test_a_roster_with_a_bad_row(run: Any, tmp_path: Path) -> None:
    code, doc = imported(run, write(tmp_path, ROSTER), "--yes")
    assert code == 1
    assert doc["written"] is True
    assert [c["name"] for c in doc["create"]] == ["ana", "ben", "dee"]
    assert [(b["row"], b["name"]) for b in doc["bad"]] == [(3, "cy")]
    assert "diploma" in doc["bad"][0]["problem"]
    assert profile(run, "ana")["values"] == {
        "degree": "bachelor",
        "background": "operations",
        "experience_years": 2,
        "certifications": ["agile", "lean"],
        "hours_per_week": 10,
    }
    assert profile(run, "ana")["start"] == "2026-01-05"
    assert profile(run, "dee")["start"] == "2026-06-01"  # a new profile starts today
    assert profile(run, "cy")["saved"] is False  # never half written


def test_reimport_changes_one_value_and_touches_nothing_else(
    run: Any, tmp_path: Path, isolated_env: Path
) -> None:
    roster = write(tmp_path, ROSTER)
    imported(run, roster, "--yes")
    tick = run("--profile", "ana", "progress", "done", "network-community", env=TODAY)
    assert tick.exit_code == 0
    note = run("--profile", "ana", "note", "add", "Talked about intake", env=TODAY)
    assert note.exit_code == 0
    home = isolated_env / "pomplan"
    assert (home / "notes" / "ana.notes.json").is_file()  # a real note, left alone below
    before = snapshot(home)
    code, doc = imported(run, write(tmp_path, ROSTER.replace("ana,bachelor", "ana,master")), "-y")
    assert code == 1  # cy is still bad
    assert doc["create"] == []
    assert doc["change"] == [
        {
            "row": 1,
            "name": "ana",
            "changes": [{"field": "degree", "old": "bachelor", "new": "master"}],
        }
    ]
    assert doc["unchanged"] == ["ben", "dee"]
    after = snapshot(home)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {"profiles/ana.toml"}
    assert profile(run, "ana")["values"]["degree"] == "master"
    progress = json.loads(run("--profile", "ana", "progress", "--json", env=TODAY).stdout)
    assert progress["done"] == ["network-community"]
    notes = json.loads(run("--profile", "ana", "note", "list", "--json", env=TODAY).stdout)
    assert [n["text"] for n in notes["notes"]] == ["Talked about intake"]


def test_an_empty_cell_keeps_the_saved_value(run: Any, tmp_path: Path) -> None:
    assert run("--profile", "ana", "profile", "set", "--degree", "mba").exit_code == 0
    code, doc = imported(run, write(tmp_path, "name,degree,background\nana,,operations\n"), "-y")
    assert code == 0
    assert profile(run, "ana")["values"]["degree"] == "mba"
    assert [c["field"] for c in doc["change"][0]["changes"]] == ["background"]


def test_duplicate_names_are_both_bad(run: Any, tmp_path: Path) -> None:
    roster = "name,background\nana,operations\nben,unrelated\nANA,engineering\n"
    code, doc = imported(run, write(tmp_path, roster), "--yes")
    assert code == 1
    assert [(b["row"], b["name"]) for b in doc["bad"]] == [(1, "ana"), (3, "ana")]
    assert all("rows 1 and 3" in b["problem"] for b in doc["bad"])
    assert [c["name"] for c in doc["create"]] == ["ben"]
    assert profile(run, "ana")["saved"] is False


@pytest.mark.parametrize(
    ("cell", "expect"),
    [
        ("", "every row needs a profile name"),
        ("con", "Windows reserves"),
        ("ana smith", "not a profile name"),
        ("x" * 41, "not a profile name"),
        ("ána", "not a profile name"),
    ],
)
def test_names_are_checked_like_profile_names(
    run: Any, tmp_path: Path, cell: str, expect: str
) -> None:
    code, doc = imported(run, write(tmp_path, f"name,background\n{cell},operations\n"), "--yes")
    assert code == 1
    assert len(doc["bad"]) == 1 and expect in doc["bad"][0]["problem"]
    assert doc["create"] == []


@pytest.mark.parametrize(
    ("start", "expect"),
    [("2026-13-01", "not a date"), ("01/02/2026", "not a date"), ("1800-01-01", "outside")],
)
def test_start_is_checked(run: Any, tmp_path: Path, start: str, expect: str) -> None:
    code, doc = imported(run, write(tmp_path, f"name,start\nana,{start}\n"), "--yes")
    assert code == 1 and expect in doc["bad"][0]["problem"]


def test_json_lines_roster_and_stdin(run: Any) -> None:
    lines = (
        '{"name": "ana", "background": "operations", "certifications": ["agile"]}\n'
        '{"name": "ben", "start": 20260101}\n'
        '{"name": "cy", "hours_per_week": 12.5, "start": "2026-02-01"}\n'
    )
    result = run("cohort", "import", "-", "--yes", "--json", input=lines, env=TODAY)
    doc = json.loads(result.stdout)
    validate("cohort-import", doc)
    assert [c["name"] for c in doc["create"]] == ["ana", "cy"]
    assert [(b["row"], b["name"]) for b in doc["bad"]] == [(2, "ben")]
    assert "start" in doc["bad"][0]["problem"]
    assert profile(run, "cy")["values"]["hours_per_week"] == 12.5


def test_columns_of_ones_own_are_left_out_and_named(run: Any, tmp_path: Path) -> None:
    # Issue 12: a spreadsheet's extra columns (email) don't stop the import; they are named.
    roster = write(tmp_path, "name;email;hours_per_week\nana;a@b.c;7,5\n")
    result = run("cohort", "import", roster, "--yes")
    assert result.exit_code == 0, result.stderr
    assert "email" in result.stderr and "left out" in result.stderr
    assert profile(run, "ana")["values"]["hours_per_week"] == 7.5


def test_a_typing_slip_in_a_column_is_still_refused(run: Any, tmp_path: Path) -> None:
    result = run("cohort", "import", write(tmp_path, "name,degre\nana,master\n"), "--yes")
    assert result.exit_code == 2
    assert "degre" in result.stderr and "degree" in result.stderr


def test_every_problem_of_a_bad_row_is_named(run: Any, tmp_path: Path) -> None:
    roster = write(tmp_path, "name,degree,hours_per_week\nana,diploma,0\n")
    code, doc = imported(run, roster, "--yes")
    assert code == 1
    problem = doc["bad"][0]["problem"]
    assert "degree" in problem and "hours_per_week" in problem


def test_estimate_input_carries_name_through(run: Any, tmp_path: Path) -> None:
    result = run("estimate", "--input", write(tmp_path, "name,background\nana,operations\n"))
    assert result.exit_code == 0
    assert '"extra":{"name":"ana"}' in result.stdout.replace(" ", "")


def test_missing_file_and_folder(run: Any, tmp_path: Path) -> None:
    assert run("cohort", "import", str(tmp_path / "nope.csv")).exit_code == 1
    assert run("cohort", "import", str(tmp_path)).exit_code == 1


def test_not_a_terminal_and_no_yes_never_prompts(run: Any, tmp_path: Path) -> None:
    result = run("cohort", "import", write(tmp_path, "name\nana\n"), input="y\n")
    assert result.exit_code == 0
    assert "Nothing written" in result.stdout
    assert profile(run, "ana")["saved"] is False


def test_a_roster_of_40(run: Any, tmp_path: Path, isolated_env: Path) -> None:
    backgrounds = ["operations", "data-analysis", "engineering", "unrelated", "customer-success"]
    rows = ["name,background,hours_per_week,start"]
    rows += [
        f"person-{i:02d},{backgrounds[i % 5]},{5 + i % 10},2025-{1 + i % 12:02d}-01"
        for i in range(40)
    ]
    code, doc = imported(run, write(tmp_path, "\n".join(rows) + "\n"), "--yes")
    assert code == 0 and len(doc["create"]) == 40
    for name in ("person-03", "person-17", "person-30"):
        assert (
            run("--profile", name, "progress", "done", "education-audit", env=TODAY).exit_code == 0
        )
    result = run("cohort", "--json", env=TODAY)
    cohort = json.loads(result.stdout)
    assert result.exit_code == 0 and len(cohort["profiles"]) == 40
    behind = json.loads(run("cohort", "--behind", "--json", env=TODAY).stdout)["profiles"]
    assert behind and all(p["status"] == "behind" for p in behind)
    assert len(list((isolated_env / "pomplan" / "profiles").glob("*.toml"))) == 40


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    hours=st.one_of(st.integers(-5, 100), st.sampled_from(["", "ten", "1e3", "7.5"])),
    degree=st.sampled_from(["", "master", "phd", "MBA", "none"]),
)
def test_a_row_is_written_whole_or_not_at_all(
    run: Any, tmp_path: Path, hours: object, degree: str
) -> None:
    name = "zed"
    path = write(tmp_path, f"name,degree,hours_per_week\n{name},{degree},{hours}\n")
    result = run("cohort", "import", path, "--yes", "--json", env=TODAY)
    doc = json.loads(result.stdout)
    shown = profile(run, name)
    if doc["bad"]:
        assert result.exit_code == 1
        assert not shown["saved"]
    else:
        assert result.exit_code == 0
        assert shown["saved"]
        assert ("hours_per_week" in shown["values"]) == (str(hours) != "")
    run("--profile", name, "profile", "reset", "--yes")


@pytest.mark.parametrize("text", ["", "name,degree\n", "\n\n"])
def test_an_empty_roster_says_so(run: Any, tmp_path: Path, text: str) -> None:
    result = run("cohort", "import", write(tmp_path, text), "--yes")
    assert result.exit_code == 0
    assert "has no rows" in result.stderr
