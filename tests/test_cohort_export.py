"""``pomplan cohort export DIR``: an index and one plan per person, self-contained; a folder
that holds files needs --force, and then only pomplan's own files are replaced."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_json_contract import validate

TODAY = {"POMPLAN_TODAY": "2026-06-01"}
URL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture
def cohort(run: Any, isolated_env: Path) -> None:
    for name, background in (("ana", "operations"), ("ben", "unrelated"), ("index", "none")):
        result = run("--profile", name, "profile", "set", "--background", background)
        assert result.exit_code == 0
    run("--profile", "ana", "progress", "done", "education-audit", env=TODAY)
    (isolated_env / "pomplan" / "profiles" / "broken.toml").write_text("x = [\n", "utf-8")


def export(run: Any, folder: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = run("cohort", "export", str(folder), *args, "--json", env=TODAY)
    if result.stdout:
        doc = json.loads(result.stdout)
        validate("cohort-export", doc)
    else:
        doc = {}
    return result.exit_code, doc, result.stderr


@pytest.mark.parametrize(
    ("form", "index", "suffix"),
    [("html", "index.html", ".html"), ("markdown", "index.md", ".md"), ("ics", "index.md", ".ics")],
)
def test_export_writes_index_and_plans(
    run: Any, cohort: None, tmp_path: Path, form: str, index: str, suffix: str
) -> None:
    site = tmp_path / "site"
    code, doc, err = export(run, site, "--format", form)
    assert code == 1 and "1 profile could not be read" in err  # broken.toml: no plan file
    assert Path(doc["index"]) == site / index
    assert sorted(p.name for p in (site / "plans").iterdir()) == [
        f"{n}{suffix}" for n in ("ana", "ben", "index")
    ]
    assert doc["problems"][0]["name"] == "broken"
    text = (site / index).read_text("utf-8")
    for name in ("ana", "ben", "index", "broken"):
        assert name in text
    assert "plans/ana" + suffix in text
    assert "not valid TOML" in text  # the broken profile's row says why


def test_plan_files_are_the_plan_exports(run: Any, cohort: None, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export(run, site, "--format", "markdown")
    alone = run("--profile", "ana", "plan", "--format", "markdown", env=TODAY).stdout
    assert (site / "plans" / "ana.md").read_text("utf-8") == alone


def test_html_is_self_contained(run: Any, cohort: None, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export(run, site)
    pages = [site / "index.html", *sorted((site / "plans").glob("*.html"))]
    assert len(pages) == 4
    for page in pages:
        html = page.read_text("utf-8")
        assert not URL.search(html), page
        assert "default-src 'none'" in html
        assert "data:font/woff2;base64," in html  # the font travels with the page
        assert "<script" not in html.lower()


def test_names_and_text_are_escaped(run: Any, tmp_path: Path, isolated_env: Path) -> None:
    run("--profile", "a_b", "profile", "set")
    bad = isolated_env / "pomplan" / "profiles" / "zz.toml"
    bad.write_text('schema_version = 1\nbackground = "<script>alert(1)</script>"\n', "utf-8")
    site = tmp_path / "site"
    export(run, site)
    html = (site / "index.html").read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    export(run, site, "--format", "markdown", "--force")
    md = (site / "index.md").read_text("utf-8")
    assert "<script>" not in md


def test_a_folder_with_files_needs_force(run: Any, cohort: None, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "mine.txt").write_text("keep me", "utf-8")
    code, doc, err = export(run, site)
    assert code == 1 and doc == {}
    assert "--force" in err and "already holds files" in err
    assert sorted(p.name for p in site.iterdir()) == ["mine.txt"]
    code, doc, _ = export(run, site, "--force")
    assert code == 1  # broken.toml
    assert doc["others"] == 1 and doc["replaced"] == 0
    assert (site / "mine.txt").read_text("utf-8") == "keep me"
    code, doc, _ = export(run, site, "--force")
    assert doc["replaced"] == 4 and doc["others"] == 1  # index + 3 plans, again
    result = run("cohort", "export", str(site), "--force", env=TODAY)
    assert "Left 1 other file there as they were" in result.stdout


def test_an_empty_cohort_exports_an_index_that_says_how_to_add_people(
    run: Any, tmp_path: Path
) -> None:
    code, doc, _ = export(run, tmp_path / "site")
    assert code == 0 and doc["plans"] == []
    assert "cohort import" in (tmp_path / "site" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("value", ["pdf", ""])
def test_bad_format_is_a_usage_error(run: Any, tmp_path: Path, value: str) -> None:
    result = run("cohort", "export", str(tmp_path / "s"), "--format", value)
    assert result.exit_code == 2
    assert "html, markdown, ics" in result.stderr
    assert not (tmp_path / "s").exists()


def test_a_file_where_the_folder_should_be(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("x", "utf-8")
    result = run("cohort", "export", str(target), "--force")
    assert result.exit_code == 1 and "not a folder" in result.stderr
    assert target.read_text("utf-8") == "x"


@pytest.mark.parametrize(("form", "suffix"), [("html", ".html"), ("markdown", ".md")])
def test_each_plan_shows_that_persons_notes(
    run: Any, cohort: None, tmp_path: Path, isolated_env: Path, form: str, suffix: str
) -> None:
    note = run("--profile", "ana", "note", "add", "Met Sam <b>about</b> intake", env=TODAY)
    assert note.exit_code == 0
    (isolated_env / "pomplan" / "notes").mkdir(exist_ok=True)
    (isolated_env / "pomplan" / "notes" / "ben.notes.json").write_text("{", "utf-8")
    site = tmp_path / "site"
    code, doc, _ = export(run, site, "--format", form)
    assert code == 1  # broken.toml, and ben's notes
    ana = (site / "plans" / f"ana{suffix}").read_text("utf-8")
    assert "intake" in ana
    if form == "html":  # a note is text, never markup
        assert "<b>about</b>" not in ana and "&lt;b&gt;about&lt;/b&gt;" in ana
    assert (site / "plans" / f"ben{suffix}").is_file()  # written, without the notes
    assert any(p["name"] == "ben" and "notes" in p["problem"] for p in doc["problems"])
