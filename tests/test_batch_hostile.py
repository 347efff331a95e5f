"""``pomplan estimate --input`` with hostile input (issue 14): every bad row is its own error
record with its row number, every good row still comes out as a clean file gives it, the run
exits 1 at the end, and memory stays flat whatever the input.

Each class of bad row has a maker below; the property tests mix rows of every class with good
rows at random and compare the good ones with a run over a file holding only them.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomplan.batch_lines import LINE_CAP
from pomplan.model import DEGREES

PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def batch(run: Any, path: Path, *args: str) -> Any:
    return run("estimate", "--input", str(path), *args)


def records(result: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def one_line_error(result: Any, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith("pomplan") and "error:" in line and "Traceback" not in line
    return str(line)


# --- The input file itself --------------------------------------------------------------------


def bounded(tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    """A run in its own process with a timeout: a file that is read anyway can't hang the
    suite or eat its memory."""
    argv = [sys.executable, "-m", "pomplan", "estimate", "--input", name]
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "rows.jsonl")
    started = time.monotonic()
    done = bounded(tmp_path, "rows.jsonl")  # nobody writes to it: reading it would wait forever
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "pomplan: error: --input: 'rows.jsonl' is a FIFO, not a regular file; "
        "name a CSV or JSONL file\n"
    )
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_at_once(tmp_path: Path) -> None:
    assert stat.S_ISCHR(Path("/dev/zero").stat().st_mode)
    done = bounded(tmp_path, "/dev/zero")  # read, it never ends
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "pomplan: error: --input: '/dev/zero' is a device, not a regular file; "
        "name a CSV or JSONL file"
    ]


def test_a_folder_is_refused(run: Any, tmp_path: Path) -> None:
    assert "is a folder; name a CSV or JSONL file" in one_line_error(batch(run, tmp_path), 1)


@pytest.mark.parametrize("extra", [(), ("--json",)])
@pytest.mark.parametrize("form", ["", " "])
def test_an_empty_format_is_refused_as_plan_refuses_it(
    run: Any, tmp_path: Path, form: str, extra: tuple[str, ...]
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"id":1}\n', encoding="utf-8")
    result = batch(run, path, "--format", form, *extra)
    line = one_line_error(result, 2)
    assert "--format: no format ''; choose from: text, jsonl, csv" in line
    plan = run("plan", "--format", form)
    assert "--format: no format ''" in one_line_error(plan, 2)
    assert result.stdout == ""


def test_json_with_a_csv_format_names_the_format(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"id":1}\n', encoding="utf-8")
    line = one_line_error(batch(run, path, "--json", "--format", "CSV"), 2)
    assert "--json asks for JSON Lines; leave it out to get --format csv" in line


# --- Bad rows, one class at a time -------------------------------------------------------------

NOT_UTF8 = "not UTF-8 text; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"
TOO_LONG = f"longer than {LINE_CAP:,} characters, the most pomplan reads for one row"
UNCLOSED = "a quote opens a cell that does not close on this line"
NESTED = "nested lists or objects are not read; give text, a number or a list of names"

# Each maker takes a row's id (plain ASCII) and gives the bytes of one bad line, no line end.
CSV_BAD: dict[str, tuple[Callable[[str], bytes], str]] = {
    "unclosed quote": (lambda i: f'{i},"master'.encode(), UNCLOSED),
    "unclosed quote in the id": (lambda i: f'"{i},master'.encode(), UNCLOSED),
    "huge cell": (lambda i: f'{i},"{"m" * (1 << 20)}"'.encode(), TOO_LONG),
    "long line of cells": (lambda i: (i + ",x" * 40_000).encode(), TOO_LONG),
    "latin-1": (lambda i: f"{i}é,master".encode("latin-1"), NOT_UTF8),
    "a stray byte": (lambda i: i.encode() + b",mas\xffter", NOT_UTF8),
    "too many cells": (lambda i: f"{i},master,1,x".encode(), "has 4 cells but the header names 3"),
    "bad value": (lambda i: f"{i},diploma".encode(), "degree: no degree 'diploma'"),
}
JSONL_BAD: dict[str, tuple[Callable[[str], bytes], str]] = {
    "3,000 deep": (lambda i: ("[" * 3000 + "]" * 3000).encode(), NESTED),
    "3,000 deep in a value": (
        lambda i: f'{{"id":"{i}","certifications":{"[" * 3000}{"]" * 3000}}}'.encode(),
        NESTED,
    ),
    "900 deep in a value": (
        lambda i: f'{{"id":"{i}","degree":{"[" * 900}{"]" * 900}}}'.encode(),
        "degree: " + NESTED,
    ),
    "a list in a list": (
        lambda i: f'{{"id":"{i}","certifications":[["agile"]]}}'.encode(),
        "certifications: " + NESTED,
    ),
    "5,000 digits": (lambda i: f'{{"id":{"9" * 5000}}}'.encode(), "more than 4,300 digits"),
    "200 digits": (
        lambda i: f'{{"id":"{i}","hours_per_week":{"9" * 200}}}'.encode(),
        "hours_per_week: a number with more than 100 digits",
    ),
    "true as id": (lambda i: b'{"id":true,"degree":"master"}', "id: give text or a number"),
    "false as id": (lambda i: b'{"id":false}', "id: give text or a number"),
    "lone surrogate id": (
        lambda i: b'{"id":"\\ud800"}',
        "id: contains a lone surrogate (\\ud800); fix the text",
    ),
    "lone surrogate value": (
        lambda i: f'{{"id":"{i}","certifications":["agile","\\udfff"]}}'.encode(),
        "certifications: contains a lone surrogate (\\udfff)",
    ),
    "NaN": (lambda i: f'{{"id":"{i}","hours_per_week":NaN}}'.encode(), "NaN is not a number"),
    "Infinity id": (lambda i: b'{"id":Infinity}', "Infinity is not a number"),
    "-Infinity": (
        lambda i: f'{{"id":"{i}","experience_years":-Infinity}}'.encode(),
        "-Infinity is not a number",
    ),
    "1e400": (
        lambda i: f'{{"id":"{i}","experience_years":1e400}}'.encode(),
        "experience_years: inf is not a number pomplan can use",
    ),
    "huge line": (lambda i: f'{{"id":"{i}","x":"{"a" * (1 << 20)}"}}'.encode(), TOO_LONG),
    "latin-1": (lambda i: f'{{"id":"{i}é"}}'.encode("latin-1"), NOT_UTF8),
    "not JSON": (lambda i: f'{{"id":"{i}"'.encode(), "not JSON: "),
    "unknown key": (lambda i: f'{{"id":"{i}","degre":"mba"}}'.encode(), "unknown key 'degre'"),
}


def csv_good(i: str, degree: str, years: int) -> bytes:
    return f"{i},{degree},{years}".encode()


def jsonl_good(i: str, degree: str, years: int) -> bytes:
    return json.dumps({"id": i, "degree": degree, "experience_years": years}).encode()


FORMATS = {
    "csv": (b"id,degree,experience_years\n", csv_good, CSV_BAD),
    "jsonl": (b"", jsonl_good, JSONL_BAD),
}


def write(path: Path, header: bytes, rows: list[bytes], end: bytes = b"\n") -> None:
    path.write_bytes(header + b"".join(row + end for row in rows))


@pytest.mark.parametrize(
    ("form", "kind"),
    [(form, kind) for form, (_, _, bad) in FORMATS.items() for kind in bad],
)
def test_a_bad_row_is_its_own_record(run: Any, tmp_path: Path, form: str, kind: str) -> None:
    header, good, bad = FORMATS[form]
    make, expected = bad[kind]
    path = tmp_path / f"rows.{form}"
    write(path, header, [good("a", "master", 1), make("b"), good("c", "mba", 2)])
    result = batch(run, path)
    line = one_line_error(result, 1)
    assert "1 of 3 rows could not be estimated" in line and "row 2" in line
    first, middle, last = records(result)
    assert (first["row"], first["id"], "error" in first) == (1, "a", False)
    assert (last["row"], last["id"], "error" in last) == (3, "c", False)
    assert middle["row"] == 2 and middle["line"] == (3 if form == "csv" else 2)
    assert set(middle) - {"values"} == {"row", "line", "id", "schema_version", "error", "errors"}
    assert expected in middle["error"], middle["error"]
    assert middle["id"] in (None, "b")
    # The same row under --strict stops the run there, naming it.
    strict = batch(run, path, "--strict")
    assert "row 2" in one_line_error(strict, 1) and expected in strict.stderr


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_an_unclosed_quote_spoils_only_its_own_row(run: Any, tmp_path: Path, form: str) -> None:
    header, good, _ = FORMATS[form]
    rows = [good(f"r{n}", DEGREES[n % 5], n % 50) for n in range(5000)]
    rows[10] = b'r10,"master,3' if form == "csv" else b'{"id":"r10","degree":"master}'
    path = tmp_path / f"rows.{form}"
    write(path, header, rows)
    result = batch(run, path)
    docs = records(result)
    assert len(docs) == 5000
    assert [d["row"] for d in docs if "error" in d] == [11]
    assert "1 of 5000 rows" in one_line_error(result, 1)


def test_line_ends_and_a_bom_still_work(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    for end in (b"\n", b"\r\n", b"\r"):
        write(path, b"\xef\xbb\xbfid,degree" + end, [b"a,master", b"", b"b,mba"], end)
        result = batch(run, path)
        assert result.exit_code == 0, (end, result.stderr)
        assert [(d["row"], d["id"]) for d in records(result)] == [(1, "a"), (2, "b")]


def test_a_header_that_cannot_be_read_refuses_the_file(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b'id,"degree\na,master\n')
    assert "the header line is a quote opens a cell" in one_line_error(batch(run, path), 1)
    path.write_bytes(b"id," + b"x" * (LINE_CAP + 5) + b"\na,master\n")
    assert f"the header line is {TOO_LONG}" in one_line_error(batch(run, path), 1)


def test_a_too_long_line_at_the_cap(run: Any, tmp_path: Path) -> None:
    """A line of exactly the cap is read; one character more is named."""
    path = tmp_path / "rows.csv"
    for extra, failed in ((0, False), (1, True)):
        cell = "x" * (LINE_CAP - len("a,") + extra)
        write(path, b"id,degree\n", [f"a,{cell}".encode(), b"b,master"])
        docs = records(batch(run, path))
        assert (TOO_LONG in docs[0]["error"]) is failed  # else: read, and no such degree
        assert "error" not in docs[1]


# --- Mixed at random ---------------------------------------------------------------------------

good_rows = st.tuples(st.sampled_from(DEGREES), st.integers(min_value=0, max_value=50))


def mixed(form: str) -> st.SearchStrategy[list[tuple[str, Any]]]:
    bad_kinds = sorted(k for k in FORMATS[form][2] if "huge" not in k)  # big ones: below
    return st.lists(
        st.one_of(
            good_rows.map(lambda g: ("good", g)),
            st.sampled_from(bad_kinds).map(lambda k: ("bad", k)),
        ),
        min_size=1,
        max_size=12,
    )


def check_mixed(run: Any, tmp_path: Path, form: str, rows: list[tuple[str, Any]]) -> None:
    header, good, bad = FORMATS[form]
    lines = [
        good(f"g{n}", *value) if what == "good" else bad[value][0](f"b{n}")
        for n, (what, value) in enumerate(rows)
    ]
    path, clean = tmp_path / f"mixed.{form}", tmp_path / f"clean.{form}"
    write(path, header, lines)
    write(
        clean, header, [line for line, (what, _) in zip(lines, rows, strict=True) if what == "good"]
    )
    result = batch(run, path)
    docs = records(result)
    assert len(docs) == len(rows)  # one record per row, in order
    assert [d["row"] for d in docs] == list(range(1, len(rows) + 1))
    expected = iter(records(batch(run, clean)))
    for doc, (what, value) in zip(docs, rows, strict=True):
        if what == "good":
            want = next(expected)
            assert {**doc, "row": 0, "line": 0} == {**want, "row": 0, "line": 0}
        else:
            assert set(doc) - {"values"} == {
                "row",
                "line",
                "id",
                "schema_version",
                "error",
                "errors",
            }
            assert bad[value][1] in doc["error"], (value, doc["error"])
    failed = sum(what == "bad" for what, _ in rows)
    if failed:
        assert f"{failed} of {len(rows)} " in one_line_error(result, 1)
    else:
        assert (result.exit_code, result.stderr) == (0, "")


@PROPERTY
@given(rows=mixed("csv"))
def test_property_csv_bad_rows_lose_nothing_else(
    run: Any, tmp_path: Path, rows: list[tuple[str, Any]]
) -> None:
    check_mixed(run, tmp_path, "csv", rows)


@PROPERTY
@given(rows=mixed("jsonl"))
def test_property_jsonl_bad_rows_lose_nothing_else(
    run: Any, tmp_path: Path, rows: list[tuple[str, Any]]
) -> None:
    check_mixed(run, tmp_path, "jsonl", rows)


@PROPERTY
@given(junk=st.binary(max_size=200))
def test_property_any_bytes_give_records_or_one_line(run: Any, tmp_path: Path, junk: bytes) -> None:
    """Whatever the bytes of a row, the rows around it still come out."""
    path = tmp_path / "rows.jsonl"
    line = junk.replace(b"\n", b" ").replace(b"\r", b" ")
    write(path, b"", [b'{"id":"a"}', line, b'{"id":"c"}'])
    result = batch(run, path)
    assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    docs = records(result)
    assert docs[0]["id"] == "a" and docs[-1]["id"] == "c" and "error" not in docs[-1]
    assert len(docs) in (2, 3)  # the middle line is blank, or one record


# --- Memory and time ---------------------------------------------------------------------------

MEASURE = """
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], stdin=sys.stdin, capture_output=True, timeout=60)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(done.returncode, peak, time.monotonic() - started, len(done.stdout.splitlines()))
"""


def measure(tmp_path: Path, path: Path, piped: bool) -> tuple[int, int, float, int]:
    """Exit code, peak memory (KiB), seconds and output lines of a run in a fresh process,
    reading ``path`` itself or, ``piped``, standard input fed from it."""
    argv = [sys.executable, "-c", MEASURE, sys.executable, "-m", "pomplan", "estimate"]
    with path.open("rb") as stdin:
        out = subprocess.run(
            [*argv, "--input", "-" if piped else str(path)],
            stdin=stdin,
            capture_output=True,
            timeout=90,
            cwd=tmp_path,
            check=True,
        ).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), int(out[3])


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
@pytest.mark.parametrize("piped", [False, True])
@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_a_20_mb_line_costs_no_more_memory_than_a_small_file(
    tmp_path: Path, form: str, piped: bool
) -> None:
    header, good, _ = FORMATS[form]
    small, big = tmp_path / f"small.{form}", tmp_path / f"big.{form}"
    write(small, header, [good("a", "master", 1), good("c", "mba", 2)])
    huge = b'{"id":"b","x":"' + b"a" * (20 << 20) + b'"}' if form == "jsonl" else b"b," * (10 << 20)
    write(big, header, [good("a", "master", 1), huge, good("c", "mba", 2)])
    code, base, _, count = measure(tmp_path, small, piped)
    assert (code, count) == (0, 2)
    code, peak, seconds, count = measure(tmp_path, big, piped)
    assert (code, count) == (1, 3)
    assert peak - base < 8 * 1024, (base, peak)  # KiB: the line is never held whole
    assert seconds < 30


# --- What the checks miss stays in its row -----------------------------------------------------


def test_an_error_a_check_missed_is_that_rows_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ArithmeticError, RecursionError or ValueError from checking or writing one row (a
    value some check let through) becomes that row's error record; the run goes on."""
    from pomplan import batch

    checked = batch.given

    def given_or_overflow(values: dict[str, Any]) -> Any:
        if values.get("degree") == "boom":
            raise RecursionError("deep")
        return checked(values)

    monkeypatch.setattr(batch, "given", given_or_overflow)
    rows = [
        batch.Row(1, "a", {}),
        batch.Row(2, "b", {"degree": "boom"}),
        batch.Row(3, "c", {"degree": "mba"}),
        batch.Row(4, "d", {}),
    ]
    written: list[tuple[int, bool, str | None]] = []

    def write(row: batch.Row, key: Any, problems: tuple[str, ...]) -> None:
        if row.number == 3 and key is not None:
            raise OverflowError("too far")  # before anything of the line is written
        written.append((row.number, key is not None, problems[0] if problems else None))

    run = batch.Run(rows, strict=False)
    run.each(write)
    assert written == [
        (1, True, None),
        (2, False, "its values could not be worked with (RecursionError); check its numbers"),
        (3, False, "its values could not be worked with (OverflowError); check its numbers"),
        (4, True, None),
    ]
    assert run.outcome == batch.Outcome(4, 2, batch.Failure(2, "b", written[1][2]))


def test_a_line_that_never_ends_stops_the_run(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # ``estimate --input - < /dev/zero``: no line end ever comes. Reading past it is bounded.
    from pomplan import batch_lines

    monkeypatch.setattr(batch_lines, "RUN_ON", 1024 * 1024)
    result = run("estimate", "--input", "-", input="\0" * (3 * 1024 * 1024))
    assert result.exit_code == 1
    assert "a line runs on past 1 MiB without ending" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
