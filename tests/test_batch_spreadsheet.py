"""``estimate --input`` with a real spreadsheet export (issue 12): columns of the user's own are
carried through, the delimiter is told from the header, each record names the line of the file
where its row starts, an error record names every problem of its row and keeps its values, an
input with no rows says so, and a terminal gets a table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomplan import batch
from pomplan.render.rows import CSV_OUTPUT

NOTE_CSV = "pomplan: note: the columns name, email are not pomplan's: they are carried through"


def estimate(run: Any, *args: str, input: str | None = None) -> Any:
    return run("estimate", "--input", *args, input=input)


def records(stdout: str) -> list[dict[str, Any]]:
    assert stdout == "" or stdout.endswith("\n")
    return [json.loads(line) for line in stdout.split("\n")[:-1]]


def table(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("pomplan: note:")]


# --- Columns of the user's own --------------------------------------------------------------

ROSTER = "name,id,degree,email,hours_per_week\nAna,a,master,ana@x.org,10\nBen,b,,,3\n"


def test_extra_csv_columns_are_carried_in_order_and_named_once(run: Any) -> None:
    result = estimate(run, "-", input=ROSTER)
    assert result.exit_code == 0, result.stderr
    docs = records(result.stdout)
    assert [d["extra"] for d in docs] == [
        {"name": "Ana", "email": "ana@x.org"},
        {"name": "Ben", "email": ""},
    ]
    assert [list(d["extra"]) for d in docs] == [["name", "email"]] * 2  # the file's order
    assert docs[0]["profile"]["degree"] == "master" and docs[1]["profile"]["hours_per_week"] == 3
    assert [line.startswith(NOTE_CSV) for line in result.stderr.splitlines()] == [True]


def test_extra_csv_columns_come_after_pomplans_own_in_csv_output(run: Any) -> None:
    result = estimate(run, "-", "--format", "csv", input=ROSTER)
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split(",")
    assert header == [*CSV_OUTPUT, "name", "email"]
    rows = table(result.stdout)
    assert [(r["name"], r["email"], r["id"]) for r in rows] == [
        ("Ana", "ana@x.org", "a"),
        ("Ben", "", "b"),
    ]
    assert len(notes(result.stderr)) == 1


def test_extra_jsonl_keys_are_carried_and_named_once(run: Any) -> None:
    text = (
        '{"name":"Ana","id":1,"team":{"x":[1,2]},"degree":"mba"}\n{"id":2,"name":"Ben"}\n{"id":3}\n'
    )
    result = estimate(run, "-", input=text)
    assert result.exit_code == 0, result.stderr
    docs = records(result.stdout)
    assert docs[0]["extra"] == {"name": "Ana", "team": {"x": [1, 2]}}  # as given, in order
    assert list(docs[0]["extra"]) == ["name", "team"]
    assert docs[1]["extra"] == {"name": "Ben"}
    assert "extra" not in docs[2]  # only when there is any
    assert notes(result.stderr) == [
        "pomplan: note: the keys name, team are not pomplan's: they are carried through as they are"
    ]


def test_csv_output_of_jsonl_keeps_the_first_rows_keys_and_says_what_it_left_out(run: Any) -> None:
    text = '{"id":1,"name":"Ana"}\n{"id":2,"name":"Ben","email":"b@x"}\n'
    result = estimate(run, "-", "--format", "csv", input=text)
    assert result.exit_code == 0, result.stderr
    rows = table(result.stdout)
    assert [r["name"] for r in rows] == ["Ana", "Ben"] and "email" not in rows[0]
    said = notes(result.stderr)
    assert len(said) == 2 and "leaves out the keys email" in said[1]


def test_a_slip_of_a_column_name_is_still_refused(run: Any) -> None:
    result = estimate(run, "-", input="id,degre,name\n1,master,Ana\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown column 'degre'; did you mean 'degree'?" in result.stderr


@pytest.mark.parametrize("header", ["id,name,name", "name, name ,degree", "id,email,email"])
def test_a_column_named_twice_is_an_error(run: Any, header: str) -> None:
    result = estimate(run, "-", input=header + "\n1,2,3\n")
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "appears twice; keep one" in line


def test_a_column_with_no_name_is_left_out_and_said(run: Any) -> None:
    result = estimate(run, "-", input="id,degree,\na,master,\nb,mba,x\n")
    assert result.exit_code == 0, result.stderr
    assert all("extra" not in d for d in records(result.stdout))
    assert notes(result.stderr) == [
        "pomplan: note: 1 column(s) with no name in the header are left out"
    ]


def test_read_rows_gives_h_what_a_roster_needs() -> None:
    """The reader's interface a roster import builds on: the checked values, the columns of
    the user's own in order, and the line."""
    rows = batch.read_rows(io.StringIO("name;degree;start\n\nAna;mba;2026-01-05\n"), "r.csv")
    [row] = list(rows)
    assert (row.line, row.number, row.extra) == (3, 1, {"name": "Ana", "start": "2026-01-05"})
    key, problems = batch.check(row)
    assert key is not None and key.degree == "mba" and problems == ()
    assert list(rows.unknown) == ["name", "start"] and rows.header


# --- Delimiters -----------------------------------------------------------------------------

PEOPLE = [["a", "master", "2", "agile;lean", "Smith, Ana"], ["b", "", "", "", 'Bo "B" Li']]
COLUMNS = ["id", "degree", "experience_years", "certifications", "name"]


def written(delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(PEOPLE)
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter_gives_the_same_records(run: Any, delimiter: str) -> None:
    reference = records(estimate(run, "-", input=written(",")).stdout)
    result = estimate(run, "-", input=written(delimiter))
    assert result.exit_code == 0, result.stderr
    docs = records(result.stdout)
    assert docs == reference
    assert docs[0]["profile"]["certifications"] == ["agile", "lean"]
    assert [d["extra"]["name"] for d in docs] == ["Smith, Ana", 'Bo "B" Li']


def test_a_quoted_delimiter_in_the_header_does_not_decide(run: Any) -> None:
    # Three commas inside quotes, two semicolons outside: the semicolon separates.
    text = 'id;"note, with, three, commas";degree\na;"x;y";mba\n'
    result = estimate(run, "-", input=text)
    assert result.exit_code == 0, result.stderr
    [doc] = records(result.stdout)
    assert doc["extra"] == {"note, with, three, commas": "x;y"}
    assert doc["profile"]["degree"] == "mba"


def test_a_header_of_one_column(run: Any) -> None:
    result = estimate(run, "-", input="degree\nmba\n\nmaster\n")
    assert result.exit_code == 0, result.stderr
    assert [(d["line"], d["profile"]["degree"]) for d in records(result.stdout)] == [
        (2, "mba"),
        (4, "master"),
    ]


def test_decimal_commas_in_a_semicolon_file(run: Any) -> None:
    text = "id;hours_per_week;experience_years\na;7,5;2,5\nb;7.5;1\nc;1,2,3;\n"
    result = estimate(run, "-", input=text)
    docs = records(result.stdout)
    assert (docs[0]["profile"]["hours_per_week"], docs[0]["profile"]["experience_years"]) == (
        7.5,
        2.5,
    )
    assert docs[1]["profile"]["hours_per_week"] == 7.5
    assert "hours_per_week: '1,2,3' is not a number" in docs[2]["error"]


def test_a_decimal_comma_elsewhere_is_a_problem(run: Any) -> None:
    # In a tab file (or a quoted comma file cell) 7,5 is not read as 7.5: only semicolon files
    # come from spreadsheets that write decimal commas.
    result = estimate(run, "-", input="id\thours_per_week\na\t7,5\n")
    [doc] = records(result.stdout)
    assert result.exit_code == 1 and "hours_per_week: '7,5' is not a number" in doc["error"]


# --- Line numbers ---------------------------------------------------------------------------


def test_line_numbers_match_the_file_with_blank_lines(run: Any) -> None:
    text = "\n\nid,degree\r\na,master\r\n\r\n,,\nb,mba\rc,nope\n\n"
    result = estimate(run, "-", input=text)
    docs = records(result.stdout)
    assert [(d["row"], d["line"], d["id"]) for d in docs] == [(1, 4, "a"), (2, 7, "b"), (3, 8, "c")]
    assert "row 3 (line 8, id c)" in result.stderr


def test_line_numbers_in_jsonl(run: Any) -> None:
    text = '{"id":"a"}\n\n   \n{"id":"b"}\nnot json\n'
    docs = records(estimate(run, "-", input=text).stdout)
    assert [(d["row"], d["line"]) for d in docs] == [(1, 1), (2, 4), (3, 5)]


safe_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=8
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    delimiter=st.sampled_from([",", ";", "\t"]),
    people=st.lists(
        st.tuples(safe_text, st.sampled_from(["", "mba", "master"]), st.integers(0, 2)),
        min_size=1,
        max_size=6,
    ),
)
def test_property_extra_and_lines_survive_any_delimiter(
    run: Any, delimiter: str, people: list[tuple[str, str, int]]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["note", "degree"])
    expected = []
    line = 1
    for note, degree, blanks in people:
        out.write("\n" * blanks)
        line += blanks + 1
        writer.writerow([note, degree])
        if note.strip() or degree:
            expected.append((line, note))
    result = estimate(run, "-", input=out.getvalue())
    assert result.exit_code == 0, result.stderr
    docs = records(result.stdout)
    assert [(d["line"], d["extra"]["note"]) for d in docs] == expected


# --- Every problem of a row -----------------------------------------------------------------


def test_an_error_record_names_every_problem_and_keeps_the_values(run: Any) -> None:
    text = '{"id":"x","degree":"diploma","hours_per_week":0,"path":"fast","name":"Ana"}\n'
    result = estimate(run, "-", input=text)
    assert result.exit_code == 1
    [doc] = records(result.stdout)
    assert [e.split(":")[0] for e in doc["errors"]] == ["degree", "path", "hours_per_week"]
    assert doc["error"] == doc["errors"][0]
    assert doc["values"] == {"degree": "diploma", "hours_per_week": 0, "path": "fast"}
    assert doc["extra"] == {"name": "Ana"}
    assert "1 of 1 row could not be estimated" in result.stderr


def test_a_csv_error_row_names_every_problem_and_keeps_the_values(run: Any) -> None:
    text = "id,degree,background,hours_per_week,name\nx,diploma,sales,0,Ana,surplus\n"
    result = estimate(run, "-", "--format", "csv", input=text)
    assert result.exit_code == 1
    [row] = table(result.stdout)
    problems = row["error"].split(" | ")
    assert problems[0] == "has 6 cells but the header names 5 columns"
    assert [p.split(":")[0] for p in problems[1:]] == ["degree", "background", "hours_per_week"]
    assert (row["degree"], row["background"], row["hours_per_week"]) == ("diploma", "sales", "0")
    assert (row["name"], row["years_low"]) == ("Ana", "")


def test_a_slip_key_and_a_bad_value_are_both_named(run: Any) -> None:
    [doc] = records(estimate(run, "-", input='{"degre":"mba","degree":"x"}\n').stdout)
    assert doc["errors"][0].startswith("unknown key 'degre'; did you mean 'degree'?")
    assert doc["errors"][1].startswith("degree: no degree 'x'")
    assert doc["values"] == {"degre": "mba", "degree": "x"} and "extra" not in doc


# --- No rows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("empty.csv", "", "is empty"),
        ("blank.csv", "\n\r\n \n", "is empty"),
        ("empty.jsonl", "", "is empty"),
        ("blank.jsonl", "\n\n", "is empty"),
        ("header.csv", "id,degree,name\n", "has a header but no rows"),
        ("header-blank.csv", "id;degree\n;\n\n", "has a header but no rows"),
    ],
)
def test_no_rows_is_said_in_one_line(
    run: Any, tmp_path: Path, name: str, content: str, said: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for form in ("jsonl", "csv", "text"):
        result = estimate(run, str(path), "--format", form)
        assert (result.exit_code, result.stdout) == (0, ""), (form, result.stderr)
        assert notes(result.stderr)[-1] == f"pomplan: note: {path} {said}: nothing to estimate"


# --- On a terminal --------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from pomplan.cli import estimate as command

    monkeypatch.setattr(command, "on_terminal", lambda: True)


MIXED = "name,id,degree,hours_per_week\nAna,a,master,10\n\nCho,c,diploma,0\n"


def test_a_terminal_gets_a_table(run: Any, terminal: None) -> None:
    result = estimate(run, "-", input=MIXED)
    assert result.exit_code == 1
    assert notes(result.stderr) == [
        "pomplan: note: the column name is not pomplan's: it is carried through as it is"
    ]
    out = result.stdout
    assert not out.lstrip().startswith("{")
    head = out.splitlines()[0].split()
    assert head == ["line", "id", "name", "years", "path", "problems"]
    ana = next(line for line in out.splitlines() if "Ana" in line)
    assert ana.split() == ["2", "a", "Ana", "2.5-5", "standard", "(picked)"]
    assert "degree: no degree 'diploma'" in out and "hours_per_week: 0 is out of range" in out
    assert "1 of 2 estimated" in out
    assert "choose from" not in out  # the table leaves out the list of valid values
    assert "choose from: none, bachelor-other" in result.stderr  # the summary line keeps it
    assert "row 2 (line 4, id c)" in result.stderr


def test_a_terminal_table_on_a_narrow_screen(run: Any, terminal: None) -> None:
    result = run("estimate", "--input", "-", input=MIXED, env={"COLUMNS": "40"})
    lines = result.stdout.splitlines()
    assert lines[0].startswith("line 2: a, Ana, ") and "years" in lines[0]
    assert any(line.startswith("line 4: c, Cho, degree: no degree") for line in lines)
    assert all(len(line) <= 40 for line in lines)


@pytest.mark.parametrize(
    ("flags", "first"),
    [(("--format", "jsonl"), "{"), (("--json",), "{"), (("--format", "csv"), "row,")],
)
def test_a_terminal_still_gets_what_is_asked_for(
    run: Any, terminal: None, flags: tuple[str, ...], first: str
) -> None:
    result = estimate(run, "-", *flags, input=MIXED)
    assert result.stdout.startswith(first)


def test_piped_without_format_is_json_lines_and_text_on_request_is_plain(run: Any) -> None:
    assert estimate(run, "-", input=MIXED).stdout.startswith('{"row":1,"line":2,')
    text = estimate(run, "-", "--format", "text", input=MIXED).stdout
    assert text.splitlines()[0].split() == ["line", "id", "name", "years", "path", "problems"]
    assert "\x1b" not in text


def test_the_table_is_drawn_a_block_at_a_time(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pomplan.render.terminal import batch as drawing

    monkeypatch.setattr(drawing, "BLOCK", 2)
    rows = "".join(f'{{"id":{n}}}\n' for n in range(5))
    out = estimate(run, "-", "--format", "text", input=rows).stdout
    assert out.count("line") == 3  # three tables of at most two rows, each with its header
    assert "5 of 5 estimated" in out


def test_new_fields_match_the_line_schema(run: Any) -> None:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = Path(__file__).resolve().parents[1] / "docs" / "schemas"
    load = lambda name: json.loads((schemas / name).read_text(encoding="utf-8"))  # noqa: E731
    registry = Registry().with_resources(
        [("estimate.schema.json", Resource.from_contents(load("estimate.schema.json")))]
    )
    validator = Draft202012Validator(load("estimate-line.schema.json"), registry=registry)
    text = '{"id":1,"name":"Ana"}\n{"id":2,"degree":"x","hours_per_week":0,"team":[1]}\nnope\n'
    docs = records(estimate(run, "-", input=text).stdout)
    for doc in docs:
        validator.validate(doc)
    assert "values" not in docs[2] and docs[2]["errors"] == [docs[2]["error"]]
    # An error record without its list of problems, or a line without its line, fails.
    assert not validator.is_valid({k: v for k, v in docs[1].items() if k != "errors"})
    assert not validator.is_valid({k: v for k, v in docs[0].items() if k != "line"})
    assert not validator.is_valid({**docs[0], "errors": ["x"]})


@pytest.mark.parametrize("width", ["100", "40"])
def test_the_table_shows_hostile_names_as_text(run: Any, terminal: None, width: str) -> None:
    text = 'name,id\n"[/b] [red]x\x1b[2J",1\n"\u202eevil",2\n'
    result = run("estimate", "--input", "-", input=text, env={"COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    assert "[/b] [red]x\\x1b[2J" in result.stdout and "\\u202eevil" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
