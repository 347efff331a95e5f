"""``pomplan estimate --input FILE``: one estimate per row of a CSV or JSON Lines file.

The central property: a row gives exactly the document ``pomplan estimate --json`` gives with
the same values as flags (and no saved profile), plus its ``row`` and ``id``. Most runs are
in-process (``run`` / ``run_json``); the streaming test starts a real process and feeds it
through a pipe.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATH_CHOICES

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schemas"
ESTIMATE_SCHEMA = json.loads((SCHEMAS / "estimate.schema.json").read_text(encoding="utf-8"))
LINE_SCHEMA = json.loads((SCHEMAS / "estimate-line.schema.json").read_text(encoding="utf-8"))
# estimate-line.schema.json refers to estimate.schema.json by file name.
SCHEMA_REGISTRY = Registry().with_resources(
    [("estimate.schema.json", Resource.from_contents(ESTIMATE_SCHEMA))]
)
ERROR_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["row", "line", "id", "schema_version", "error", "errors"],
    "additionalProperties": False,
    "properties": {
        "row": {"type": "integer", "minimum": 1},
        "line": {"type": "integer", "minimum": 1},
        "errors": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "values": {"type": "object"},
        "extra": {"type": "object"},
        "schema_version": {"const": 1},
        "id": {"type": ["string", "number", "boolean", "null"]},
        "error": {"type": "string", "minLength": 1},
    },
}
HEADER = "id,degree,background,experience_years,path,certifications,hours_per_week"
CSV_COLUMNS = [
    "row",
    "id",
    "degree",
    "background",
    "experience_years",
    "path",
    "certifications",
    "hours_per_week",
    "skills",
    "experience_on",
    "in_background",
    "path_automatic",
    "years_low",
    "years_high",
    "months_low",
    "months_high",
    "assumed",
    "error",
    "line",
]
FLAGS = {
    "degree": "--degree",
    "background": "--background",
    "experience_years": "--experience",
    "path": "--path",
    "certifications": "--cert",
    "hours_per_week": "--hours-per-week",
}
REFERENCE_MONTHS = {"low": 36, "high": 72}
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# --- Helpers ------------------------------------------------------------------------------


def lines(stdout: str) -> list[dict[str, Any]]:
    """JSON Lines split on "\n" only: ids may hold U+0085 or U+2028, which splitlines() splits."""
    assert stdout == "" or stdout.endswith("\n")
    return [json.loads(line) for line in stdout.split("\n")[:-1]]


def without_row(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("row", "line", "id", "extra")}


def given_text(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def flags(values: dict[str, Any]) -> list[str]:
    """The estimate flags for a row's values (as a CSV cell or a JSON value)."""
    args = []
    for field, flag in FLAGS.items():
        value = values.get(field)
        if field == "certifications":
            if isinstance(value, list):
                args.append(f"{flag}={','.join(value) if value else 'none'}")
            elif given_text(value):
                args.append(f"{flag}={value.replace(';', ',')}")
        elif isinstance(value, int | float):
            args.append(f"{flag}={value!r}")
        elif given_text(value):
            args.append(f"{flag}={value}")
    return args


def batch(run: Any, *args: str, input: str | None = None) -> Any:
    return run("estimate", "--input", *args, input=input)


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return str(result.stdout)


def one_line_error(result: Any, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    err = result.stderr.split("\n")[:-1]
    assert len(err) == 1, result.stderr
    assert err[0].startswith("pomplan") and "error:" in err[0], err[0]
    assert "Traceback" not in result.stderr
    return str(err[0])


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def assert_csv_matches(record: dict[str, str], doc: dict[str, Any]) -> None:
    """A CSV output record says what the JSON document says."""
    p = doc["profile"]
    assert record["row"] == str(doc["row"])
    assert record["id"] == ("" if doc["id"] is None else str(doc["id"]))
    for field in ("degree", "background", "path"):
        assert record[field] == p[field]
    assert float(record["experience_years"]) == p["experience_years"]
    assert float(record["hours_per_week"]) == p["hours_per_week"]
    assert record["certifications"] == ";".join(p["certifications"])
    assert record["path_automatic"] == ("true" if doc["path_choice"]["automatic"] else "false")
    assert float(record["years_low"]) == doc["years"]["low"]
    assert float(record["years_high"]) == doc["years"]["high"]
    assert int(record["months_low"]) == doc["months"]["low"]
    assert int(record["months_high"]) == doc["months"]["high"]
    assert record["assumed"] == ";".join(a["field"] for a in doc["assumptions"])
    assert record["line"] == str(doc["line"])  # issue 12: the row's line in the input
    assert record["error"] == ""


# --- Rows give what the flags give ----------------------------------------------------------

CSV_ROWS = [
    ["a1", "master", "engineering", "3", "", "agile;lean", "10"],
    ["a2", "", "", "", "", "", ""],
    ["a3", "none", "none", "0", "education", "none", "1"],
    ["a4", "MBA", "Customer Success", "2.50", "auto", "six-sigma", "7.5"],
    ["", "bachelor-other", "unrelated", "50", "data-analysis", "", "80"],
]


def test_csv_rows_match_estimate(run: Any, run_json: Any, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(csv_text(HEADER.split(","), CSV_ROWS), encoding="utf-8")
    docs = lines(ok(batch(run, str(path))))
    assert [d["row"] for d in docs] == [1, 2, 3, 4, 5]
    assert [d["id"] for d in docs] == ["a1", "a2", "a3", "a4", None]
    columns = HEADER.split(",")
    for row, doc in zip(CSV_ROWS, docs, strict=True):
        values = dict(zip(columns, row, strict=True))
        assert without_row(doc) == run_json("estimate", *flags(values))
    assert docs[1]["months"] == REFERENCE_MONTHS  # an empty row is the reference person
    assert docs[0]["profile"]["certifications"] == ["agile", "lean"]
    assert docs[2]["profile"]["certifications"] == []
    assert docs[3]["profile"]["degree"] == "mba"
    assert docs[3]["profile"]["experience_years"] == 2.5


JSONL_ROWS: list[dict[str, Any]] = [
    {"id": 1, "degree": "master", "experience_years": 3, "hours_per_week": 10.5},
    {"id": "two", "certifications": ["agile", "lean"], "path": "education"},
    {"id": None, "certifications": []},  # none held
    {"certifications": ""},  # not given
    {"id": 5, "certifications": None, "experience_years": "", "hours_per_week": None},
    {"id": "six", "certifications": "lean;product-operations", "background": "operations"},
    {"id": 7.25, "experience_years": "4.5", "hours_per_week": "20"},
]


def test_jsonl_rows_match_estimate(run: Any, run_json: Any) -> None:
    text = "".join(json.dumps(row) + "\n" for row in JSONL_ROWS)
    docs = lines(ok(batch(run, "-", input=text)))
    assert [d["row"] for d in docs] == list(range(1, 8))
    assert [d["id"] for d in docs] == [1, "two", None, None, 5, "six", 7.25]
    for row, doc in zip(JSONL_ROWS, docs, strict=True):
        assert without_row(doc) == run_json("estimate", *flags(row))
    assert docs[0]["profile"]["hours_per_week"] == 10.5
    assert docs[2]["profile"]["certifications"] == []
    assert "certifications" not in [a["field"] for a in docs[2]["assumptions"]]
    assert "certifications" in [a["field"] for a in docs[3]["assumptions"]]
    assert without_row(docs[3]) == without_row(docs[4])  # "", null and missing: not given
    assert docs[3]["months"] == REFERENCE_MONTHS


def test_equal_values_spelled_differently(run: Any, run_json: Any) -> None:
    """Rows equal in value share a cache entry; each must still match its own flags."""
    rows = ["experience_years,hours_per_week", "2.5,8", "2.50,8.0", "1E1,1E1", "10,10"]
    docs = lines(ok(batch(run, "-", input="\n".join(rows) + "\n")))
    assert [d["profile"]["experience_years"] for d in docs] == [2.5, 2.5, 10, 10]
    for row, doc in zip(rows[1:], docs, strict=True):
        experience, hours = row.split(",")
        expected = run_json("estimate", "--experience", experience, "--hours-per-week", hours)
        assert without_row(doc) == expected


# Strategies: a row's values as CSV cells or as JSON values.
def spelled(choices: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A choice as a person may type it: any case, spaces or underscores for dashes."""
    return st.tuples(st.sampled_from(choices), st.sampled_from(["", "upper", "title", "_"])).map(
        lambda t: {
            "": t[0],
            "upper": t[0].upper(),
            "title": t[0].replace("-", " ").title(),
            "_": t[0].replace("-", "_"),
        }[t[1]]
    )


def decimal_text(low: int, high: int) -> st.SearchStrategy[str]:
    return st.decimals(min_value=low, max_value=high, places=2).map(str)


cert_lists = st.lists(st.sampled_from(CERTIFICATIONS), unique=True, min_size=1, max_size=3)
csv_cells = st.fixed_dictionaries(
    {
        "id": st.one_of(
            st.just(""),
            st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=8),
        ),
        "degree": st.one_of(st.just(""), spelled(DEGREES)),
        "background": st.one_of(st.just(""), spelled(BACKGROUNDS)),
        "experience_years": st.one_of(st.just(""), decimal_text(0, 50)),
        "path": st.one_of(st.just(""), spelled(PATH_CHOICES)),
        "certifications": st.one_of(st.just(""), st.just("none"), cert_lists.map(";".join)),
        "hours_per_week": st.one_of(st.just(""), decimal_text(1, 80)),
    }
)
absent = st.sampled_from([None, ""])
json_ids = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
json_rows = st.fixed_dictionaries(
    {},
    optional={
        "id": json_ids,
        "degree": st.one_of(absent, spelled(DEGREES)),
        "background": st.one_of(absent, spelled(BACKGROUNDS)),
        "experience_years": st.one_of(
            absent,
            st.integers(0, 50),
            st.floats(0, 50, allow_nan=False),
            decimal_text(0, 50),
        ),
        "path": st.one_of(absent, spelled(PATH_CHOICES)),
        "certifications": st.one_of(
            absent, st.just([]), cert_lists, cert_lists.map(";".join), st.just("none")
        ),
        "hours_per_week": st.one_of(
            absent, st.integers(1, 80), st.floats(1, 80, allow_nan=False), decimal_text(1, 80)
        ),
    },
)


@PROPERTY
@given(
    rows=st.lists(csv_cells, min_size=1, max_size=8),
    order=st.permutations(HEADER.split(",")),
)
def test_property_csv_rows_are_estimates(
    run: Any, run_json: Any, tmp_path: Path, rows: list[dict[str, str]], order: list[str]
) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(csv_text(order, [[r[c] for c in order] for r in rows]), encoding="utf-8")
    rows = [r for r in rows if not blank_row(r)]  # a row of empty cells is skipped
    if not rows:  # nothing but blank rows: a header with no rows, said on stderr
        assert "has a header but no rows" in batch(run, str(path)).stderr
        return
    docs = lines(ok(batch(run, str(path))))
    assert len(docs) == len(rows)
    for number, (row, doc) in enumerate(zip(rows, docs, strict=True), start=1):
        assert doc["row"] == number
        assert doc["id"] == (row["id"].strip() or None)
        assert without_row(doc) == run_json("estimate", *flags(row))
    # The same file as CSV says the same.
    records = list(csv.DictReader(io.StringIO(ok(batch(run, str(path), "--format", "csv")))))
    assert len(records) == len(docs)
    for record, doc in zip(records, docs, strict=True):
        assert_csv_matches(record, doc)


def blank_row(row: dict[str, str]) -> bool:
    return not any(cell.strip() for cell in row.values())


@PROPERTY
@given(rows=st.lists(json_rows, min_size=1, max_size=8), blank=st.sampled_from(["", "\n", " \n"]))
def test_property_jsonl_rows_are_estimates(
    run: Any, run_json: Any, rows: list[dict[str, Any]], blank: str
) -> None:
    text = blank.join(json.dumps(row) + "\n" for row in rows)  # blank lines are not rows
    docs = lines(ok(batch(run, "-", input=text)))
    assert [d["row"] for d in docs] == list(range(1, len(rows) + 1))
    for row, doc in zip(rows, docs, strict=True):
        assert doc["id"] == row.get("id")
        assert without_row(doc) == run_json("estimate", *flags(row))


# --- Order, ids, row numbers ----------------------------------------------------------------


def test_row_numbers_skip_blank_lines_and_header(run: Any) -> None:
    text = "id,degree\n\nx,master\n\n\ny,none\n\n"
    docs = lines(ok(batch(run, "-", input=text)))
    assert [(d["row"], d["id"], d["profile"]["degree"]) for d in docs] == [
        (1, "x", "master"),
        (2, "y", "none"),
    ]
    jsonl = '\n{"id":"x"}\n\n   \n{"id":"y"}\n'
    assert [(d["row"], d["id"]) for d in lines(ok(batch(run, "-", input=jsonl)))] == [
        (1, "x"),
        (2, "y"),
    ]


def test_csv_ids_stay_text(run: Any) -> None:
    text = 'id,degree\n007,master\n" spaced ",\n1.50,\n"a,b",\n,\n,none\n'
    docs = lines(ok(batch(run, "-", input=text)))
    # The row of empty cells (',') is skipped, like a blank line.
    assert [d["id"] for d in docs] == ["007", "spaced", "1.50", "a,b", None]
    assert [d["row"] for d in docs] == [1, 2, 3, 4, 5]


def test_order_is_kept_over_many_rows(run: Any) -> None:
    degrees = [DEGREES[i % len(DEGREES)] for i in range(300)]
    text = "".join(json.dumps({"id": i, "degree": d}) + "\n" for i, d in enumerate(degrees))
    docs = lines(ok(batch(run, "-", input=text)))
    assert [d["id"] for d in docs] == list(range(300))
    assert [d["row"] for d in docs] == list(range(1, 301))
    assert [d["profile"]["degree"] for d in docs] == degrees


def test_header_names_are_forgiving(run: Any) -> None:
    text = " ID ,Degree,Experience-Years,HOURS PER WEEK,certifications\nz,master,2,10,lean\n"
    [doc] = lines(ok(batch(run, "-", input=text)))
    assert doc["id"] == "z"
    p = doc["profile"]
    assert (p["degree"], p["experience_years"], p["hours_per_week"]) == ("master", 2, 10)
    assert p["certifications"] == ["lean"]


@pytest.mark.parametrize("where", ["file", "stdin"])
def test_byte_order_mark_is_accepted(run: Any, tmp_path: Path, where: str) -> None:
    text = "\ufeffid,degree\nb,mba\n"
    if where == "file":
        path = tmp_path / "bom.csv"
        path.write_bytes(text.encode("utf-8"))
        result = batch(run, str(path))
    else:
        result = batch(run, "-", input=text)
    [doc] = lines(ok(result))
    assert (doc["id"], doc["profile"]["degree"]) == ("b", "mba")


# --- Format detection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "degree"),
    [
        ("a.csv", "degree\nmaster\n", "master"),
        ("a.CSV", "degree\nmaster\n", "master"),
        ("a.jsonl", '{"degree":"mba"}\n', "mba"),
        ("a.ndjson", '{"degree":"mba"}\n', "mba"),
        ("a.json", '{"degree":"mba"}\n', "mba"),
        ("people", '  {"degree":"none"}\n', "none"),
        ("people.txt", "degree\nnone\n", "none"),
        ("people.txt", '\n{"degree":"master"}\n', "master"),
    ],
)
def test_format_from_suffix_or_first_character(
    run: Any, tmp_path: Path, name: str, text: str, degree: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [doc] = lines(ok(batch(run, str(path))))
    assert doc["profile"]["degree"] == degree


def test_suffix_wins_over_content(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('{"degree":"mba"}\n', encoding="utf-8")
    line = one_line_error(batch(run, str(path)), 2)
    assert "the header line looks like JSON, not CSV" in line


# --- CSV output -----------------------------------------------------------------------------


def test_csv_output_matches_json(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(csv_text(HEADER.split(","), CSV_ROWS), encoding="utf-8")
    out = ok(batch(run, str(path), "--format", "csv"))
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == CSV_COLUMNS
    records = list(reader)
    docs = lines(ok(batch(run, str(path))))
    assert len(records) == len(docs) == len(CSV_ROWS)
    for record, doc in zip(records, docs, strict=True):
        assert_csv_matches(record, doc)
    assert records[0]["certifications"] == "agile;lean"
    assert records[1]["assumed"] == (
        "degree;background;experience_years;certifications;hours_per_week;skills;path"
    )
    assert (records[1]["months_low"], records[1]["months_high"]) == ("36", "72")
    assert records[3]["experience_years"] == "2.5"
    assert records[4]["id"] == ""


def test_csv_output_of_jsonl_input_and_json_flag(run: Any) -> None:
    text = '{"id":3,"degree":"master"}\n{"id":"x","path":"education"}\n'
    records = list(csv.DictReader(io.StringIO(ok(batch(run, "-", "--format", "CSV", input=text)))))
    assert [(r["row"], r["id"], r["path_automatic"]) for r in records] == [
        ("1", "3", "true"),
        ("2", "x", "false"),
    ]
    # --json with --input asks for what --input gives anyway: JSON Lines.
    with_json = ok(run("estimate", "--input", "-", "--json", input=text))
    assert with_json == ok(batch(run, "-", input=text))
    assert with_json == ok(batch(run, "-", "--format", "jsonl", input=text))


# --- Bad rows -------------------------------------------------------------------------------

BAD_JSONL = [
    ('{"id":"a","degree":"master"}', None),
    ('{"id":"b","degre":"master"}', "unknown key 'degre'; did you mean 'degree'? keys: id, degree"),
    ("not json", "not JSON: Expecting value"),
    ("[1, 2]", "not a JSON object; write one {...} per line"),
    ('{"id":"e","experience_years":[1]}', "experience_years: expected a number, got [1]"),
    ('{"id":"f","hours_per_week":true}', "hours_per_week: expected a number, got true"),
    (
        '{"id":"g","certifications":["none","agile"]}',
        "certifications: 'none' can't be combined with other certifications",
    ),
    ('{"id":"h","degree":5}', "degree: expected text, got 5"),
    ('{"id":"i","certifications":[1]}', "certifications: expected a list of names, got [1]"),
    ('{"id":"j","certifications":"agile;itil"}', "certifications: no certification 'itil'"),
    ('{"id":"k","hours_per_week":"0"}', "hours_per_week: 0 is out of range; give hours from 1"),
    ('{"id":"l","experience_years":51}', "experience_years: 51 is out of range"),
    ('{"id":"m","path":"fastest"}', "path: no path 'fastest'"),
    ('{"id":"n","background":"sales"}', "background: no background 'sales'"),
    ('{"id":"o","experience_years":"1_0"}', "experience_years: '1_0' is not a number"),
    ('{"id":9}', None),
]


def test_bad_rows_get_error_records(run: Any) -> None:
    text = "".join(line + "\n" for line, _ in BAD_JSONL)
    result = batch(run, "-", input=text)
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert [d["row"] for d in docs] == list(range(1, len(BAD_JSONL) + 1))
    for (line, expected), doc in zip(BAD_JSONL, docs, strict=True):
        if expected is None:
            assert "error" not in doc and doc["months"], line
        else:
            assert list(doc)[:6] == ["row", "line", "id", "schema_version", "error", "errors"]
            assert set(doc) - {"values"} == {
                "row",
                "line",
                "id",
                "schema_version",
                "error",
                "errors",
            }
            assert doc["schema_version"] == 1
            assert expected in doc["error"], (line, doc["error"])
    assert [d["id"] for d in docs[:4]] == ["a", "b", None, None]  # unreadable rows: no id
    assert docs[-1]["id"] == 9
    bad = len(BAD_JSONL) - 2
    summary = one_line_error(result, 1)
    assert summary == (
        f"pomplan: error: {bad} of {len(BAD_JSONL)} rows could not be estimated and have an "
        "error record in the output; the first, row 2 (line 2, id b): unknown key 'degre'; "
        "did you mean 'degree'? keys: id, degree, background, experience_years, path, "
        "certifications, hours_per_week, skills, experience_on, in_background"
    )


def test_bad_csv_rows(run: Any) -> None:
    text = "id,degree,hours_per_week\nok,master,10\nbad,diploma,\n,,,extra\nlast,,3\n"
    result = batch(run, "-", "--format", "csv", input=text)
    assert result.exit_code == 1
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["row"], r["id"]) for r in records] == [
        ("1", "ok"),
        ("2", "bad"),
        ("3", ""),
        ("4", "last"),
    ]
    assert records[0]["error"] == ""
    assert (records[0]["months_low"], records[0]["months_high"]) == ("30", "60")
    assert records[1]["error"].startswith("degree: no degree 'diploma'; choose from: none,")
    assert records[2]["error"] == "has 4 cells but the header names 3 columns"
    # An error record keeps the values given, and nothing estimated.
    assert {k for k, v in records[1].items() if v} == {"row", "id", "degree", "error", "line"}
    assert records[1]["degree"] == "diploma"
    assert {k for k, v in records[2].items() if v} == {"row", "error", "line"}
    assert records[3]["hours_per_week"] == "3"
    summary = one_line_error(result, 1)
    assert "2 of 4 rows could not be estimated" in summary
    assert "the first, row 2 (line 3, id bad): degree: no degree 'diploma'" in summary


def test_one_bad_row_of_one(run: Any) -> None:
    result = batch(run, "-", input='{"degree":"diploma"}\n')
    assert lines(result.stdout) == [
        {
            "row": 1,
            "line": 1,
            "id": None,
            "schema_version": 1,
            "error": "degree: no degree 'diploma'; choose from: none, bachelor-other, bachelor, "
            "master, mba",
            "errors": [
                "degree: no degree 'diploma'; choose from: none, bachelor-other, bachelor, "
                "master, mba"
            ],
            "values": {"degree": "diploma"},
        }
    ]
    assert "1 of 1 row could not be estimated" in one_line_error(result, 1)
    assert "the first, row 1 (line 1): degree" in result.stderr  # no id to name


def test_strict_stops_at_first_bad_row(run: Any) -> None:
    text = '{"id":"a"}\n{"id":"b","degree":"master"}\n{"id":"c","hours_per_week":99}\n{"id":"d"}\n'
    result = batch(run, "-", "--strict", input=text)
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert [(d["row"], d["id"]) for d in docs] == [(1, "a"), (2, "b")]
    assert all("error" not in d for d in docs)  # the bad row gets no record: the run stops
    line = one_line_error(result, 1)
    assert line == (
        "pomplan: error: row 3 (line 3, id c): hours_per_week: 99 is out of range; give hours "
        "from 1 to 80; fix it, or leave out --strict to go on past it"
    )


def test_strict_csv_keeps_rows_before(run: Any) -> None:
    result = batch(run, "-", "--strict", "--format", "csv", input="degree\nmaster\nnope\nmba\n")
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["row"], r["degree"]) for r in records] == [("1", "master")]
    assert "row 2 (line 3): degree: no degree 'nope'" in one_line_error(result, 1)


def test_strict_with_only_good_rows(run: Any) -> None:
    assert len(lines(ok(batch(run, "-", "--strict", input='{"id":1}\n{"id":2}\n')))) == 2


# --- Whole-run problems ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,degre\n1,master\n", "--input -: unknown column 'degre'; did you mean 'degree'?"),
        ("id,hours\n1,2\n", "unknown column 'hours'; did you mean 'hours_per_week'? columns:"),
        ("id,experience\n1,2\n", "unknown column 'experience'"),
        ("Degree,degree\nmaster,mba\n", "--input -: column 'degree' appears twice; keep one"),
        ("id,Hours Per Week,hours-per-week\n", "column 'hours_per_week' appears twice"),
    ],
)
def test_header_problems_exit_2(run: Any, text: str, expected: str) -> None:
    result = batch(run, "-", input=text)
    assert result.stdout == ""
    assert expected in one_line_error(result, 2)


def test_missing_file_and_folder(run: Any, tmp_path: Path) -> None:
    result = batch(run, str(tmp_path / "nope.csv"))
    assert result.stdout == ""
    assert one_line_error(result, 1).endswith(f"no file '{tmp_path / 'nope.csv'}'; check the path")
    result = batch(run, str(tmp_path))
    assert "is a folder" in one_line_error(result, 1)


def test_not_utf8(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,degree\nJosé,master\n".encode("latin-1") + b"ana,master\n")
    result = batch(run, str(path))
    # Issue 14: a row that is not UTF-8 is that row's error record; the others come out.
    assert "row 1 (line 2): not UTF-8 text; save the file as UTF-8" in one_line_error(result, 1)
    first, second = lines(result.stdout)
    assert first["row"] == 1 and first["error"].startswith("not UTF-8 text")
    assert second["id"] == "ana" and second["profile"]["degree"] == "master"
    header = tmp_path / "header.csv"
    header.write_bytes("id,degré\n".encode("latin-1"))
    assert "'" + str(header) + "' is not UTF-8 text" in one_line_error(batch(run, str(header)), 1)
    piped = run("estimate", "--input", "-", input=b"\xff\xfe{}\n")
    assert "standard input is not UTF-8 text" in one_line_error(piped, 1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--input", "x.csv", "--degree", "master"), "leave out the profile flags"),
        (("--input", "x.csv", "--cert", "none"), "leave out the profile flags"),
        (("--input", "x.csv", "--hours-per-week", "5"), "leave out the profile flags"),
        (("--input", "x.csv", "--profile", "default"), "leave out the profile flags"),
        (("--input", "x.csv", "--what-if", "degree=master"), "--what-if works on one person"),
        (("--format", "csv"), "--format goes with --input FILE"),
        (("--strict",), "--strict goes with --input FILE"),
        (("--input", "x.csv", "--json", "--format", "csv"), "--json asks for JSON Lines"),
        (("--input", "x.csv", "--format", "xml"), "--format: no format 'xml'"),
    ],
)
def test_flag_conflicts_exit_2(
    run: Any, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    good = tmp_path / "x.csv"
    good.write_text("id\n1\n", encoding="utf-8")  # a file that would work on its own
    assert batch(run, str(good)).exit_code == 0
    result = run("estimate", *(str(good) if a == "x.csv" else a for a in args))
    assert result.stdout == ""
    assert expected in one_line_error(result, 2)


EMPTY = "pomplan: note: standard input is empty: nothing to estimate\n"
HEADER_ONLY = "pomplan: note: standard input has a header but no rows: nothing to estimate\n"


@pytest.mark.parametrize("text", ["", "\n", "\n\n\n"])
def test_empty_input_writes_nothing(run: Any, text: str) -> None:
    # Issue 12: an empty input says so on stderr; nothing failed, so the exit status is 0.
    result = batch(run, "-", input=text)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", EMPTY)


def test_header_only_csv_has_no_rows(run: Any) -> None:
    result = batch(run, "-", input="id,degree\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", HEADER_ONLY)


def test_rows_ignore_saved_profile_and_environment(run: Any, run_json: Any) -> None:
    reference = run_json("estimate")  # nothing saved yet
    saved = run(
        "profile", "set", "--degree", "mba", "--background", "engineering", "--cert", "lean"
    )
    assert saved.exit_code == 0, saved.output
    env = {
        "POMPLAN_DEGREE": "none",
        "POMPLAN_BACKGROUND": "operations",
        "POMPLAN_EXPERIENCE": "10",
        "POMPLAN_PATH": "education",
        "POMPLAN_CERT": "agile",
        "POMPLAN_HOURS_PER_WEEK": "40",
    }
    assert run_json("estimate")["profile"]["degree"] == "mba"  # the saved profile is in use
    result = run("estimate", "--input", "-", env=env, input="id,degree\nr1,\n")
    [doc] = lines(ok(result))
    assert without_row(doc) == reference
    assert doc["saved_profile"] is None
    assert doc["months"] == REFERENCE_MONTHS


# --- The JSON contract --------------------------------------------------------------------


def test_every_line_matches_its_schema(run: Any) -> None:
    rows = [line for line, _ in BAD_JSONL] + [json.dumps(r) for r in JSONL_ROWS]
    result = batch(run, "-", input="\n".join(rows) + "\n")
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert len(docs) == len(rows)
    line_validator = Draft202012Validator(LINE_SCHEMA, registry=SCHEMA_REGISTRY)
    # estimate.schema.json allows additional properties, so row and id may sit beside the rest.
    assert ESTIMATE_SCHEMA.get("additionalProperties") is True
    estimate_validator = Draft202012Validator(ESTIMATE_SCHEMA)
    error_validator = Draft202012Validator(ERROR_SCHEMA)
    errors = 0
    for doc in docs:
        line_validator.validate(doc)
        if "error" in doc:
            errors += 1
            error_validator.validate(doc)
        else:
            estimate_validator.validate(doc)
            assert list(doc)[:4] == ["row", "line", "id", "schema_version"]
    assert errors == len(BAD_JSONL) - 2
    # The line schema does hold something: a record with both an error and a profile fails.
    mixed = {**docs[0], "error": "x"}
    assert not line_validator.is_valid(mixed)
    assert not line_validator.is_valid({k: v for k, v in docs[0].items() if k != "months"})


# --- Streaming ----------------------------------------------------------------------------

STREAM_ROWS = 20_000


def stream_rows(start: int, stop: int) -> Iterator[bytes]:
    for i in range(start, stop):
        row = {"id": i, "degree": DEGREES[i % 5], "hours_per_week": 1 + i % 80}
        yield (json.dumps(row) + "\n").encode()


def test_streams_rows_through_a_pipe(tmp_path: Path) -> None:
    """Half the input in, the first result out, before the rest is written; then all of it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pomplan", "estimate", "--input", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=dict(os.environ),
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    got: queue.Queue[bytes] = queue.Queue()
    prefix = re.compile(rb'\{"row":(\d+),"line":\d+,"id":(\d+),"schema_version":1,')
    seen: list[tuple[int, int]] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            match = prefix.match(line)
            seen.append((int(match[1]), int(match[2])) if match else (-1, -1))
            if len(seen) == 1:
                got.put(line)
        got.put(b"")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        proc.stdin.writelines(stream_rows(0, STREAM_ROWS // 2))
        proc.stdin.flush()
        first = got.get(timeout=30)  # fails here if pomplan waits for the end of its input
        assert json.loads(first)["row"] == 1
        proc.stdin.writelines(stream_rows(STREAM_ROWS // 2, STREAM_ROWS))
        proc.stdin.close()
        reader.join(timeout=60)
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0, err
    finally:
        if proc.poll() is None:
            proc.kill()
    assert err == b""
    assert len(seen) == STREAM_ROWS
    assert seen == [(i + 1, i) for i in range(STREAM_ROWS)]


# --- Problems found while writing these tests, fixed since ------------------------------------


def test_blank_line_before_csv_header(run: Any) -> None:
    result = batch(run, "-", input="\nid,degree\na,master\n")
    [doc] = lines(ok(result))
    assert (doc["row"], doc["id"], doc["profile"]["degree"]) == (1, "a", "master")


def test_csv_line_of_spaces_is_blank(run: Any) -> None:
    docs = lines(ok(batch(run, "-", input="id,degree\na,master\n   \nb,none\n")))
    assert [(d["row"], d["id"]) for d in docs] == [(1, "a"), (2, "b")]


def strict_json(line: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(line, parse_constant=refuse)


def test_every_line_is_strict_json(run: Any) -> None:
    result = batch(run, "-", input='{"id":1e400}\n{"id":NaN,"degree":"diploma"}\n')
    for line in result.stdout.split("\n")[:-1]:
        strict_json(line)


def test_json_flag_with_upper_case_jsonl(run: Any) -> None:
    text = '{"id":1}\n'
    assert ok(batch(run, "-", "--format", "JSONL", input=text))  # forgiven without --json
    result = run("estimate", "--input", "-", "--format", "JSONL", "--json", input=text)
    assert ok(result) == ok(batch(run, "-", input=text))


def test_csv_header_problem_leaves_stdout_empty(run: Any) -> None:
    result = batch(run, "-", "--format", "csv", input="id,degre\n1,master\n")
    assert "unknown column 'degre'" in one_line_error(result, 2)
    assert result.stdout == ""


def test_a_profile_named_before_the_command_is_refused_too(run: Any) -> None:
    result = run("--profile", "nosuch", "estimate", "--input", "-", input='{"id":1}\n')
    assert "--input takes each person from the file" in one_line_error(result, 2)
    assert result.stdout == ""


def test_an_id_must_be_text_or_a_number(run: Any) -> None:
    # true and false are not ids either (issue 14): text, or a finite number.
    text = '{"id":[1]}\n{"id":{"a":1}}\n{"id":true,"degree":"master"}\n{"id":2}\n'
    result = batch(run, "-", input=text)
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert [d.get("error") for d in docs[:3]] == ["id: give text or a number"] * 3
    assert [d["id"] for d in docs] == [None, None, None, 2]
    table = list(csv.DictReader(io.StringIO(batch(run, "-", "--format", "csv", input=text).stdout)))
    assert [r["id"] for r in table] == ["", "", "", "2"]


def test_empty_input_writes_nothing_in_either_format(run: Any) -> None:
    for form in ("jsonl", "csv"):
        for text, said in (("", EMPTY), ("\n\n", EMPTY), ("id,degree\n", HEADER_ONLY)):
            result = batch(run, "-", "--format", form, input=text)
            assert (result.exit_code, result.stdout, result.stderr) == (0, "", said), (form, text)
        result = batch(run, "-", "--format", form, input="id,degree\n,\n")
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", HEADER_ONLY)
