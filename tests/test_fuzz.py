"""Fuzzing the three ways input reaches pomplan: the command line, a rules file, batch rows.

Whatever comes in, pomplan answers with a result (exit 0) or one line on stderr (exit 1, or 2
for a usage error), never an "unexpected" error, never a traceback. The examples are bounded so
that the whole file runs in well under a minute.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pomplan import datafile

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "nan",
            "inf",
            "-0",
            "1e-100000",
            "1e400",
            "9" * 60,
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "\u202eevil",
            "\x1b[31m",
            "a,b,,none",
            "auto",
            "none",
        ]
    ),
)
WORDS = st.sampled_from(
    [
        "estimate",
        "plan",
        "progress",
        "done",
        "undo",
        "profile",
        "set",
        "show",
        "list",
        "path",
        "paths",
        "--compare",
        "faq",
        "steps",
        "skills",
        "rules",
        "sources",
        "--json",
        "--details",
        "--degree",
        "--background",
        "--experience",
        "--path",
        "--cert",
        "--hours-per-week",
        "--start",
        "--what-if",
        "--format",
        "--profile",
        "--unset",
        "--on",
        "--strict",
        "master",
        "data-analysis",
        "education-audit",
        "lean",
        "degree=mba",
        "experience=2",
    ]
)


def assert_answered(result: Any) -> None:
    """A result, or one clear line: never a traceback or an unexpected error."""
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert "please report it" not in result.stderr, result.stderr  # an unexpected error
    if result.exit_code != 0 and result.stderr.strip():
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@FUZZ
@given(argv=st.lists(st.one_of(WORDS, HOSTILE_TEXT), min_size=1, max_size=6))
def test_any_command_line(run: Any, argv: list[str]) -> None:
    if "reset" in argv or "init" in argv or "--install-completion" in argv:
        return  # these ask on a terminal or change the shell; tested on their own
    assert_answered(run(*argv))


NUMBERS = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from([10**30, -(10**30), 8000, 0, -0.0, 1e-300]),
)


def _mutate(doc: Any, path: list[Any], value: Any) -> Any:
    """``doc`` with the value at ``path`` replaced by ``value``."""
    if not path:
        return value
    head, *rest = path
    copy: Any = list(doc) if isinstance(doc, list) else dict(doc)
    copy[head] = _mutate(doc[head], rest, value)
    return copy


def _at(doc: Any, path: list[Any]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _leaves(doc: Any, path: list[Any] | None = None) -> list[list[Any]]:
    path = path or []
    if isinstance(doc, dict):
        return [p for key, value in doc.items() for p in _leaves(value, [*path, key])]
    if isinstance(doc, list):
        return [p for i, value in enumerate(doc) for p in _leaves(value, [*path, i])]
    return [path]


SHIPPED = tomllib.loads(datafile.shipped("rules.toml").read_text(encoding="utf-8"))
LEAVES = _leaves(SHIPPED)
NUMBER_LEAVES = [p for p in LEAVES if isinstance(_at(SHIPPED, p), int | float)]


@settings(FUZZ, max_examples=60)
@given(
    change=st.one_of(
        st.tuples(st.sampled_from(NUMBER_LEAVES), NUMBERS),
        st.tuples(
            st.sampled_from(LEAVES),
            st.one_of(NUMBERS, HOSTILE_TEXT, st.lists(st.integers(), max_size=3)),
        ),
    )
)
@example(change=(["baseline", "high"], 8000))  # once a crash in plan: a date past year 9999
@example(change=(["baseline", "low"], 1e30))
@example(change=(["floor", "high"], 10**30))
def test_any_rules_file(run: Any, tmp_path: Path, change: tuple[list[Any], Any]) -> None:
    where, value = change
    rules = tmp_path / "rules.toml"
    rules.write_text(tomli_w.dumps(_mutate(SHIPPED, where, value)), encoding="utf-8")
    for command in (("estimate", "--json"), ("plan",), ("rules",)):
        assert_answered(run(*command, "--rules", str(rules)))


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=12),
        st.sampled_from(["master", "operations", "auto", "lean;agile", "3", "1e-9"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(), inner)),
    max_leaves=8,
)
ROW_KEYS = st.sampled_from(
    ["id", "degree", "background", "experience_years", "path", "certifications", "hours_per_week"]
)


@FUZZ
@given(rows=st.lists(st.dictionaries(ROW_KEYS, JSON_VALUES, max_size=7), min_size=1, max_size=8))
def test_any_batch_rows(run: Any, rows: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(row) + "\n" for row in rows)
    result = run("estimate", "--input", "-", input=text)
    assert_answered(result)
    lines = result.stdout.splitlines()
    assert len(lines) == len(rows), result.output  # one line per row, good or bad
    assert all("row" in json.loads(line) for line in lines)


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_fuzzed_rows_leave_the_good_ones_alone(run: Any, form: str) -> None:
    text = '{"id":"good","degree":"master"}\n{"id":[1]}\n{"id":"also","background":"operations"}\n'
    result = run("estimate", "--input", "-", "--format", form, input=text)
    assert result.exit_code == 1
    assert "good" in result.stdout and "also" in result.stdout
