"""``pomplan match`` through the CLI: postings and resumes as text, Markdown, PDF and Word built
here, standard input, the JSON document against its schema, and every kind of unreadable file as
one line on stderr with the right exit status."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pomplan import documents
from tests.test_json_contract import validate

POSTING = """\
# Product Operations Manager

## What you'll need
- SQL and dashboards
- Experience with Jira and Confluence
- Process improvement

## Nice to have
- Scrum or Kanban
- Productboard
"""
RESUME = """\
Alex Doe
Built dashboards and wrote SQL every week.
Certified ScrumMaster (CSM).
Ran Jira for three teams.
"""


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF holding ``lines`` as text (none: a page with no text, like a scan)."""

    def esc(t: str) -> str:
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ""
    if lines:
        shown = " ".join(f"({esc(line)}) Tj T*" for line in lines)
        body = f"BT /F1 11 Tf 14 TL 72 760 Td {shown} ET"
    stream = body.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(lines: list[str], table: list[list[str]] | None = None) -> bytes:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    if table:
        grid = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write(folder: Path, name: str, data: str | bytes) -> str:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return name


def ok_json(run: Any, *args: str, input: str | None = None) -> dict[str, Any]:
    result = run("match", *args, "--json", input=input)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    doc: dict[str, Any] = json.loads(result.stdout)
    validate("match", doc)
    return doc


def found_ids(doc: dict[str, Any]) -> set[str]:
    return {k["id"] for k in doc["keywords"] if k["found"]}


EXPECTED_FOUND = {"sql", "dashboards", "jira", "scrum"}

# --- every kind of document -------------------------------------------------------------------


def _as(kind: str, text: str) -> tuple[str, bytes]:
    lines = text.splitlines()
    if kind == "txt":
        return "doc.txt", text.encode()
    if kind == "md":
        return "doc.md", text.encode()
    if kind == "pdf":
        return "doc.pdf", make_pdf(lines)
    if kind == "docx":
        return "doc.docx", make_docx(lines)
    return "doc", text.encode("utf-8-sig")  # no suffix, a BOM


KINDS = ["txt", "md", "pdf", "docx", "bare"]


@pytest.mark.parametrize("posting_kind", KINDS)
@pytest.mark.parametrize("resume_kind", KINDS)
def test_every_kind_reads_the_same(
    run: Any, folder: Path, posting_kind: str, resume_kind: str
) -> None:
    p_name, p_data = _as(posting_kind, POSTING)
    r_name, r_data = _as(resume_kind, RESUME)
    posting = write(folder, "posting-" + p_name, p_data)
    resume = write(folder, "resume-" + r_name, r_data)
    doc = ok_json(run, posting, "--resume", resume)
    assert found_ids(doc) == EXPECTED_FOUND
    kinds = {k["id"]: k["required"] for k in doc["keywords"]}
    assert kinds["sql"] is True and kinds["kanban"] is False
    assert doc["score"] == 47  # test_score_by_hand


def test_score_by_hand(run: Any, folder: Path) -> None:
    doc = ok_json(run, write(folder, "p.md", POSTING), "--resume", write(folder, "r.txt", RESUME))
    e = doc["explanation"]
    assert (e["required_total"], e["nice_to_have_total"]) == (6, 3)
    assert (e["required_found"], e["nice_to_have_found"]) == (3, 1)
    assert (e["found_weight"], e["total_weight"]) == (3 * 2 + 1, 6 * 2 + 3)
    assert doc["score"] == round(100 * 7 / 15)  # 46.7 -> 47
    assert doc["missing"][0]["required"] is True
    assert [m["required"] for m in doc["missing"]] == sorted(
        (m["required"] for m in doc["missing"]), reverse=True
    )
    assert all(m["milestones"] for m in doc["missing"])


def test_word_tables_are_read(run: Any, folder: Path) -> None:
    resume = write(folder, "cv.docx", make_docx(["Alex"], [["Tools", "Jira, SQL"]]))
    doc = ok_json(run, write(folder, "p.txt", POSTING), "--resume", resume)
    assert {"jira", "sql"} <= found_ids(doc)


def test_standard_input(run: Any, folder: Path) -> None:
    resume = write(folder, "r.txt", RESUME)
    doc = ok_json(run, "-", "--resume", resume, input=POSTING)
    assert doc["posting"] == "-" and found_ids(doc) == EXPECTED_FOUND
    doc = ok_json(run, write(folder, "p.txt", POSTING), "--resume", "-", input=RESUME)
    assert doc["resume"] == "-" and found_ids(doc) == EXPECTED_FOUND


def test_against_the_saved_profile(run: Any, folder: Path) -> None:
    assert run("profile", "set", "--background", "data-analysis", "--cert", "agile").exit_code == 0
    doc = ok_json(run, write(folder, "p.txt", POSTING))
    assert doc["against"] == "profile" and doc["resume"] is None
    shown = {k["id"]: k["evidence"] for k in doc["keywords"] if k["found"]}
    assert shown == {
        "sql": "background data-analysis",
        "dashboards": "background data-analysis",
        "scrum": "certification agile",
    }
    assert all(k["in_resume"] == [] for k in doc["keywords"])


def test_hint_names_what_the_profile_shows(run: Any, folder: Path) -> None:
    assert run("profile", "set", "--cert", "agile").exit_code == 0
    doc = ok_json(run, write(folder, "p.txt", "- Scrum"), "--resume", write(folder, "r.txt", "x"))
    assert "certification agile" in doc["missing"][0]["hint"]


def test_a_posting_with_no_known_keyword(run: Any, folder: Path) -> None:
    doc = ok_json(run, write(folder, "p.txt", "Baker wanted.\nEarly mornings."))
    assert doc["score"] is None and doc["keywords"] == [] and doc["missing"] == []
    result = run("match", "p.txt")
    assert result.exit_code == 0 and "no score" in result.stdout


def test_a_resume_in_another_language(run: Any, folder: Path) -> None:
    resume = "Lebenslauf\nProjektleitung, Prozessoptimierung, Kundenbetreuung\nWerkzeuge: Jira\n"
    doc = ok_json(run, write(folder, "p.md", POSTING), "--resume", write(folder, "cv.txt", resume))
    assert found_ids(doc) == {"jira"}


# --- the terminal view ------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["40", "100"])
def test_text_view_reads_at_any_width(run: Any, folder: Path, columns: str) -> None:
    posting, resume = write(folder, "p.md", POSTING), write(folder, "r.txt", RESUME)
    result = run("match", posting, "--resume", resume, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Match: 47 of 100")
    assert "100 x 7 / 15" in out.replace("\n", " ")
    assert "Missing, required first" in out and "Built by:" in out
    assert all(len(line) <= int(columns) for line in out.splitlines())
    assert "\x1b" not in out  # piped: plain


def test_hostile_text_never_drives_the_terminal(run: Any, folder: Path) -> None:
    name = write(folder, "p\x1b[31m.txt", "Requirements\n- SQL\x1b]0;pwned\x07\n")
    result = run("match", name, "--resume", write(folder, "r.txt", "[bold]SQL[/bold]"))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b" in result.stdout  # the name, shown escaped


# --- files that can't be read: one line, exit 1 (2 for a usage problem) -----------------------


def _one_line_error(result: Any, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_a_scanned_pdf(run: Any, folder: Path) -> None:
    result = run("match", write(folder, "scan.pdf", make_pdf([])))
    _one_line_error(result, 1, "no text layer", "scan", ".txt")


@pytest.mark.parametrize(
    "data",
    [
        make_pdf(["Requirements", "- SQL"])[:200],  # cut short
        b"%PDF-1.7\n" + bytes(range(256)) * 20,  # a header and noise
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>",
    ],
    ids=["truncated", "noise", "dangling"],
)
def test_a_broken_pdf(run: Any, folder: Path, data: bytes) -> None:
    result = run("match", write(folder, "bad.pdf", data))
    _one_line_error(result, 1, "bad.pdf")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("cv.docx", b"PK\x03\x04 not really a zip", ("Word",)),
        ("cv.docx", make_pdf(["SQL"]), (".docx", "not a DOCX")),
        ("cv.pdf", b"plain text", (".pdf", "not a PDF")),
        ("cv.zip", b"", ()),  # made in the test: a zip that is not Word
        ("cv.bin", bytes(range(256)) * 4, ("binary",)),
        ("cv.txt", "caf\u00e9".encode("latin-1"), ("UTF-8",)),
        ("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, (".doc", ".docx")),
        ("cv.rtf", b"{\\rtf1 hello}", ("rtf",)),
    ],
    ids=["bad-zip", "pdf-as-docx", "text-as-pdf", "empty", "binary", "latin1", "doc", "rtf"],
)
def test_unreadable_resumes(
    run: Any, folder: Path, name: str, data: bytes, words: tuple[str, ...]
) -> None:
    posting = write(folder, "p.txt", POSTING)
    if name == "cv.zip":  # a zip that is not Word
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data, words = buffer.getvalue(), ("Word",)
    result = run("match", posting, "--resume", write(folder, name, data))
    _one_line_error(result, 1, *words)


def test_a_missing_file_and_a_folder(run: Any, folder: Path) -> None:
    _one_line_error(run("match", "nope.txt"), 1, "no file", "nope.txt")
    (folder / "sub").mkdir()
    _one_line_error(run("match", "sub"), 1, "folder")


def test_both_from_standard_input_is_a_usage_error(run: Any, folder: Path) -> None:
    _one_line_error(run("match", "-", "--resume", "-", input="x"), 2, "standard input")


def test_a_missing_posting_argument_is_a_usage_error(run: Any) -> None:
    result = run("match")
    assert result.exit_code == 2


def test_an_unknown_profile_is_named(run: Any, folder: Path) -> None:
    result = run("match", write(folder, "p.txt", POSTING), "--profile", "ghost")
    _one_line_error(result, 1, "ghost")


def test_a_20_mb_file_is_refused_fast(run: Any, folder: Path) -> None:
    big = folder / "big.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(20 * 1000 * 1000)  # sparse: nothing is written for the rest
    start = time.monotonic()
    result = run("match", "big.pdf")
    assert time.monotonic() - start < 5
    _one_line_error(result, 1, "larger than 10 MiB")


def test_20_mb_on_standard_input_is_refused(run: Any, folder: Path) -> None:
    result = run("match", "-", input="SQL " * (5 * 1000 * 1000))
    _one_line_error(result, 1, "standard input", "larger than 10 MiB")


def test_too_many_characters_of_text(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pomplan.errors import PomplanError

    monkeypatch.setattr(documents, "TEXT_LIMIT", 100)
    write(folder, "long.txt", "SQL " * 100)
    with pytest.raises(PomplanError, match="more than 100 characters"):
        documents.read("long.txt", "posting")


def test_a_docx_that_unpacks_too_large_is_refused(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.errors import PomplanError

    monkeypatch.setattr(documents, "DOCX_XML_LIMIT", 100)
    write(folder, "cv.docx", make_docx(["SQL " * 100]))
    with pytest.raises(PomplanError, match="unpacks to more than"):
        documents.read("cv.docx", "resume")


def test_a_pdf_with_too_many_pages_is_refused(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.errors import PomplanError

    monkeypatch.setattr(documents, "PAGE_LIMIT", 0)
    write(folder, "p.pdf", make_pdf(["SQL"]))
    with pytest.raises(PomplanError, match="pages"):
        documents.read("p.pdf", "posting")


# --- the examples in --help run, and nothing heavy or networked is imported -------------------


def test_the_help_examples_run(run: Any, folder: Path) -> None:
    from pomplan.cli.examples import EXAMPLES

    write(folder, "posting.pdf", make_pdf(POSTING.splitlines()))
    write(folder, "resume.docx", make_docx(RESUME.splitlines()))
    write(folder, "posting.txt", POSTING)
    for example in EXAMPLES["match"]:
        args = example.replace("\\\n", " ").split()[1:]
        result = run(*args)
        assert result.exit_code == 0, (example, result.output)


PROBE = """
import contextlib, io, json, sys
from pomplan.cli import app
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = app(sys.argv[1:], prog_name="pomplan", standalone_mode=False)
roots = sorted({m.split(".")[0] for m in sys.modules})
sys.stdout.write(json.dumps({"code": code, "roots": roots}))
"""


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["match", "p.txt", "--json"], {"rich", "pypdf", "docx", "socket", "urllib3", "http"}),
        (["match", "p.pdf", "--json"], {"rich", "docx", "socket", "urllib3", "requests"}),
        (["match", "p.txt", "--resume", "r.docx", "--json"], {"rich", "pypdf", "requests"}),
    ],
)
def test_imports_only_what_the_files_need(args: list[str], absent: set[str], folder: Path) -> None:
    write(folder, "p.txt", POSTING)
    write(folder, "p.pdf", make_pdf(POSTING.splitlines()))
    write(folder, "r.docx", make_docx(RESUME.splitlines()))
    env = {**os.environ, "POMPLAN_HOME": str(folder / "home")}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["code"] == 0
    assert not absent & set(report["roots"]), absent & set(report["roots"])
