"""Range checks at load time (issue 14): every date a person or a file gives lies in one window
and is written one way; every figure a rules file carries lies within what a plan can lay out
on a calendar, with a bounded number of digits; figures a person types are kept to hundredths;
texts a data file carries are within a line's (or a paragraph's) length.

Each class of input is refused with one line naming what is wrong (exit 2 for a flag or a
variable, 1 for a file), and nothing saved changes.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomplan import content, datafile, fields
from pomplan.errors import DataFileError, UsageProblem
from pomplan.rules import parse_rules

SHIPPED = datafile.shipped("rules.toml").read_text(encoding="utf-8")
FIRST, LAST = fields.DATES
OUTSIDE = "is outside the dates pomplan can plan; give a day from 1900-01-01 to 2200-12-31"
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Dates a calendar holds but a plan does not: before the window, or after it.
outside_dates = st.one_of(
    st.dates(max_value=FIRST - timedelta(days=1)), st.dates(min_value=LAST + timedelta(days=1))
)
# Texts date.fromisoformat reads (in Python 3.11) that are not written YYYY-MM-DD.
OTHER_FORMATS = ["20260105", "2026-W02-1", "2026W021", "2026-005", "2026005", "+2026-01-05"]


@pytest.fixture
def home(isolated_env: Path) -> Path:
    return isolated_env / "pomplan"


def saved(home: Path) -> dict[str, bytes]:
    """Every file under POMPLAN_HOME but the (empty) lock files, by its path: to show nothing
    saved changed."""
    if not home.exists():
        return {}
    found = (p for p in home.rglob("*") if p.is_file() and p.suffix != ".lock")
    return {str(p.relative_to(home)): p.read_bytes() for p in found}


def one_line(result: Any, code: int, *fragments: str) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    err = result.stderr.strip()
    assert "\n" not in err and "Traceback" not in result.output, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    return str(err)


def first_milestone(run: Any) -> str:
    doc = json.loads(run("plan", "--json").stdout)
    return str(doc["milestones"][0]["id"])


# --- dates: one window, one format ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "label"),
    [
        (["plan", "--start", "9994-01-01"], {}, "--start"),
        (["profile", "set", "--start", "9999-12-31"], {}, "--start"),
        (["plan"], {"POMPLAN_TODAY": "9999-12-31"}, "POMPLAN_TODAY"),
        # estimate reads the day too now (its next steps come from the plan as of today)
        (["estimate"], {"POMPLAN_TODAY": "0001-01-01"}, "POMPLAN_TODAY"),
        (
            ["estimate", "--experience-on", "2026-01-05"],  # a dated figure: today counts
            {"POMPLAN_TODAY": "0001-01-01"},
            "POMPLAN_TODAY",
        ),
        (["plan"], {"POMPLAN_START": "1899-12-31"}, "POMPLAN_START"),
        (["plan", "--start", "2201-01-01"], {}, "--start"),
    ],
)
def test_the_examples_of_the_issue_get_one_line(
    run: Any, home: Path, args: list[str], env: dict[str, str], label: str
) -> None:
    result = run(*args, env=env)
    if not label:
        assert result.exit_code == 0, result.output
        return
    one_line(result, 2, f"{label}: ", OUTSIDE)
    assert saved(home) == {}


def test_progress_done_on_year_one_is_refused_and_saves_nothing(run: Any, home: Path) -> None:
    ident = first_milestone(run)
    result = run("progress", "done", ident, "--on", "0001-01-01")
    one_line(result, 2, f"--on: 0001-01-01 {OUTSIDE}")
    assert saved(home) == {}


@EXAMPLES
@given(day=outside_dates)
def test_any_date_outside_the_window_is_refused_by_every_flag_and_variable(
    run: Any, home: Path, day: date
) -> None:
    text = day.isoformat()
    for args, env, label in (
        (["plan", "--start", text], {}, "--start"),
        (["profile", "set", "--start", text], {}, "--start"),
        (["plan"], {"POMPLAN_TODAY": text}, "POMPLAN_TODAY"),
        (["plan"], {"POMPLAN_START": text}, "POMPLAN_START"),
        (["progress", "done", "network-1", "--on", text], {}, "--on"),
    ):
        one_line(run(*args, env=env), 2, f"{label}: {text} {OUTSIDE}")
    assert saved(home) == {}


@EXAMPLES
@given(day=st.dates(min_value=FIRST, max_value=LAST))
def test_any_date_in_the_window_plans(day: date) -> None:
    assert fields.day("--start", day.isoformat()) == day


def test_the_window_ends_are_plannable(run: Any) -> None:
    for end in ("1900-01-01", "2200-12-31"):
        result = run("plan", "--start", end, "--json", env={"POMPLAN_TODAY": end})
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["start"] == end


@pytest.mark.parametrize("text", OTHER_FORMATS)
def test_flags_accept_only_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(UsageProblem, match="is not a date; write it as YYYY-MM-DD"):
        fields.day("--start", text)


PROFILE = 'schema_version = 1\ndegree = "master"\nstart = {start}\n'


@pytest.mark.parametrize(
    ("start", "problem"),
    [
        *((f'"{t}"', f"expected a date like 2026-01-31, got '{t}'") for t in OTHER_FORMATS),
        ("9999-12-31", f"9999-12-31 {OUTSIDE}"),  # a TOML date
        ('"9999-12-31"', f"9999-12-31 {OUTSIDE}"),
        ("0001-01-01", f"0001-01-01 {OUTSIDE}"),
        ('"1899-12-31"', f"1899-12-31 {OUTSIDE}"),
    ],
)
def test_a_saved_start_outside_the_window_or_format_is_named(
    run: Any, home: Path, start: str, problem: str
) -> None:
    path = home / "profiles" / "default.toml"
    path.parent.mkdir(parents=True)
    path.write_text(PROFILE.format(start=start))
    before = saved(home)
    for args in (["plan"], ["profile", "show"], ["profile", "set", "--degree", "mba"]):
        one_line(run(*args), 1, str(path), "key 'start'", problem)
    assert saved(home) == before


@pytest.mark.parametrize("start", ["2026-01-05", '"2026-01-05"', '" 2026-01-05 "'])
def test_a_saved_start_in_either_form_still_loads(run: Any, home: Path, start: str) -> None:
    path = home / "profiles" / "default.toml"
    path.parent.mkdir(parents=True)
    path.write_text(PROFILE.format(start=start))
    result = run("plan", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["start"] == "2026-01-05"


def progress_doc(day: str) -> str:
    return json.dumps({"schema_version": 1, "done": {"network-1": day}})


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        *((t, f"expected a date like 2026-01-31, got '{t}'") for t in OTHER_FORMATS),
        ("0001-01-01", f"0001-01-01 {OUTSIDE}"),
        ("9999-12-31", f"9999-12-31 {OUTSIDE}"),
        ("x" * 10_000, "expected a date like 2026-01-31, got '" + "x" * 40 + "'"),
    ],
)
def test_a_progress_date_outside_the_window_or_format_is_named(
    run: Any, home: Path, day: str, problem: str
) -> None:
    path = home / "progress" / "default.json"
    path.parent.mkdir(parents=True)
    path.write_text(progress_doc(day))
    before = saved(home)
    for args in (["plan"], ["progress", "done", "network-1"]):
        err = one_line(run(*args), 1, str(path), "key 'done.network-1'", problem)
        assert len(err) < 400
    assert saved(home) == before


# --- numbers a rules file carries --------------------------------------------------------------

# Where a figure of each kind of rule stands in the shipped rules: (text, key path in the error).
FIGURES = [
    ("[baseline]\nlow = 3\nhigh = 6\n", "[baseline]\nlow = 3\nhigh = {x}\n", "baseline", "high"),
    ("[baseline]\nlow = 3\n", "[baseline]\nlow = {x}\n", "baseline", "low"),
    ("per_year_low = -1", "per_year_low = {x}", "experience", "per_year_low"),
    ("per_year_high = -1", "per_year_high = -1\ncap_years = {x}", "experience", "cap_years"),
    ("cap_low = -0.5", "cap_low = {x}", "certifications", "cap_low"),
    (
        "[[pace.tiers]]\nfrom_hours = 3\n",
        "[[pace.tiers]]\nfrom_hours = {x}\n",
        "pace",
        "from_hours",
    ),
    ("[floor]\nlow = 0.5\n", "[floor]\nlow = {x}\n", "floor", "low"),
]


def rules_with(old: str, new: str) -> str:
    assert SHIPPED.count(old) == 1, old
    return SHIPPED.replace(old, new)


def parsed(text: str) -> Any:
    return parse_rules(datafile.parse(text.encode(), "custom.toml"), "custom.toml")


def refused(text: str, *fragments: str) -> str:
    with pytest.raises(DataFileError) as info:
        parsed(text)
    message = str(info.value)
    assert message.startswith("custom.toml") and "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


@pytest.mark.parametrize(("old", "new", "rule", "key"), FIGURES)
@pytest.mark.parametrize("x", ["8000", "1e30", "-1e30", "1e-100000", "1234567.5", "0.1234567"])
def test_a_figure_out_of_span_or_too_precise_is_refused_with_its_key(
    old: str, new: str, rule: str, key: str, x: str
) -> None:
    refused(rules_with(old, new.format(x=x)), f"'{rule}'", f"key '{key}'")


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ("[baseline]\nlow = 3\nhigh = 6\n", "[baseline]\nlow = 3\nhigh = 50.5\n", ["between"]),
        ("none]\nlow = 0.5\nhigh = 1.5\n", "none]\nlow = 0.5\nhigh = 51\n", ["options.none.high"]),
        ("per_year_low = -1", "per_year_low = -2.5", ["per_year_low", "at most 2 years"]),
        ("per_year_high = -1", "per_year_high = -1\ncap_years = 51", ["cap_years", "50 or less"]),
        ("[[pace.tiers]]\nfrom_hours = 12\n", "[[pace.tiers]]\nfrom_hours = 81\n", ["between"]),
        ("cap_low = -0.5", "cap_low = -51", ["cap_low", "between -50 and 50"]),
    ],
)
def test_each_kind_of_figure_has_its_span(old: str, new: str, fragments: list[str]) -> None:
    refused(rules_with(old, new), *fragments)


@EXAMPLES
@given(
    figure=st.sampled_from(FIGURES),
    x=st.one_of(
        st.decimals(min_value=Decimal("50.000001"), max_value=Decimal(10**6), places=3),
        st.decimals(max_value=Decimal("-50.000001"), min_value=Decimal(-(10**6)), places=3),
        st.integers(min_value=51, max_value=10**200),
        st.integers(min_value=1, max_value=300).map(lambda e: f"1e{e}"),
        st.integers(min_value=7, max_value=100_000).map(lambda e: f"1e-{e}"),
    ),
)
def test_any_rules_figure_outside_the_span_is_refused_with_its_key(
    figure: tuple[str, str, str, str], x: Any
) -> None:
    old, new, rule, key = figure
    # Named as the rule and key ("rule 'baseline', key 'high'"), or, for a number too long to
    # be read as a figure at all, as the key's path ("key 'baseline.high'").
    message = refused(rules_with(old, new.format(x=x)))
    assert rule in message and key.rsplit(".", 1)[-1] in message, message


def test_the_shipped_rules_are_within_every_span() -> None:
    assert parsed(SHIPPED).baseline.effect.high == 6


def test_the_largest_rules_a_plan_can_lay_out_from_the_last_start(run: Any, tmp_path: Path) -> None:
    """Every effect that may lengthen at its most (50 years), from the last day of the window:
    the plan stays on the calendar."""
    text = re.sub(r"\b(low|high) = \d[\d.]*", r"\1 = 50", SHIPPED)
    path = tmp_path / "big.toml"
    path.write_text(text)
    env = {"POMPLAN_TODAY": "2200-12-31"}
    person = ["--degree", "none", "--background", "unrelated", "--hours-per-week", "1"]
    for chosen in ("customer-success", "education"):
        args = ["plan", "--rules", str(path), "--start", "2200-12-31", "--path", chosen]
        result = run(*args, *person, "--json", env=env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["end"] > "2400-01-01"


def test_the_examples_of_the_issue_from_the_command_line(run: Any, tmp_path: Path) -> None:
    for new, problem in (
        ("high = 8000", "key 'high': must be between -50 and 50, got 8000"),
        ("high = 1e30", "key 'high': 1E+30 has too many digits"),
    ):
        path = tmp_path / "custom.toml"
        path.write_text(
            rules_with("[baseline]\nlow = 3\nhigh = 6\n", f"[baseline]\nlow = 3\n{new}\n")
        )
        for args in (["plan"], ["estimate"]):
            one_line(run(*args, "--rules", str(path)), 1, str(path), "rule 'baseline'", problem)


# --- numbers a person types ---------------------------------------------------------------------


def test_a_tiny_experience_is_zero_not_half_a_megabyte(run: Any) -> None:
    result = run("estimate", "--experience", "1e-100000", "--json")
    assert result.exit_code == 0, result.output
    assert len(result.stdout) < 20_000
    assert json.loads(result.stdout)["profile"]["experience_years"] == 0


@EXAMPLES
@given(
    value=st.decimals(min_value=0, max_value=50, allow_nan=False, allow_infinity=False),
    how=st.sampled_from(["flag", "env", "what-if", "batch"]),
)
def test_a_typed_figure_is_kept_to_hundredths_by_every_entry(
    run: Any, tmp_path: Path, value: Decimal, how: str
) -> None:
    text = f"{value:E}" if value and abs(value.adjusted()) > 5 else str(value)
    if how == "flag":
        result = run("estimate", "--experience", text, "--json")
    elif how == "env":
        result = run("estimate", "--json", env={"POMPLAN_EXPERIENCE": text})
    elif how == "what-if":
        result = run("estimate", "--what-if", f"experience={text}", "--json")
    else:
        rows = tmp_path / "rows.jsonl"
        rows.write_text(json.dumps({"id": "a", "experience_years": text}) + "\n")
        result = run("estimate", "--input", str(rows))
    assert result.exit_code == 0, result.output
    assert len(result.stdout) < 60_000
    assert "0000000000" not in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4.333333", "4.33"), ("0.005", "0.01"), ("1e-100000", "0"), ("-0", "0"), ("50", "50")],
)
def test_number_rounds_after_the_range_check(text: str, expected: str) -> None:
    value = fields.number("--experience", text, fields.EXPERIENCE_RANGE, "years")
    assert value is not None and fields.plain(value) == expected


def test_number_keeps_its_messages_for_bad_figures() -> None:
    for text, message in (
        ("50.001", "--x: 50.001 is out of range; give years from 0 to 50"),
        ("1e400", "--x: 1e400 is out of range; give years from 0 to 50"),
        ("abc", "--x: 'abc' is not a number; give years from 0 to 50"),
        ("nan", "--x: 'nan' is not a finite number; give years from 0 to 50"),
    ):
        with pytest.raises(UsageProblem) as info:
            fields.number("--x", text, fields.EXPERIENCE_RANGE, "years")
        assert info.value.message == message


def test_a_saved_figure_is_kept_to_hundredths(run: Any, home: Path) -> None:
    path = home / "profiles" / "default.toml"
    path.parent.mkdir(parents=True)
    path.write_text("schema_version = 1\nexperience_years = 2.345\n")
    doc = json.loads(run("estimate", "--json").stdout)
    assert doc["profile"]["experience_years"] == 2.35


def test_a_saved_figure_with_too_many_digits_is_named(run: Any, home: Path) -> None:
    path = home / "profiles" / "default.toml"
    path.parent.mkdir(parents=True)
    path.write_text("schema_version = 1\nexperience_years = 1e-100000\n")
    one_line(run("estimate"), 1, str(path), "key 'experience_years'", "too many digits")


# --- texts a data file carries -----------------------------------------------------------------

BASE_REASON = (
    "reason = \"Typical span for someone with a relevant bachelor's degree and a start in an "
    'adjacent role."'
)
BASE_SOURCES = 'sources = ["S1.F1", "S1.F2"]'


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ('label = "Degree"', 'label = "' + "D" * 81 + '"', ["'degree'", "key 'label'", "81 char"]),
        (BASE_REASON, 'reason = "' + "r" * 501 + '"', ["'baseline'", "key 'reason'", "to 500"]),
        (BASE_SOURCES, 'sources = ["' + "S" * 21 + '"]', ["key 'sources'", "to 20 or fewer"]),
        (BASE_SOURCES, "sources = [" + '"S1.F2", ' * 21 + "]", ["21 items; give 20 or fewer"]),
    ],
)
def test_a_rules_text_over_its_length_is_named(old: str, new: str, fragments: list[str]) -> None:
    refused(rules_with(old, new), *fragments)


def test_a_ten_megabyte_reason_is_refused_in_bounded_time() -> None:
    text = rules_with(BASE_REASON, 'reason = "' + "r" * 10_000_000 + '"')
    began = time.monotonic()
    message = refused(text, "rule 'baseline'", "key 'reason'", "shorten it to 500 or fewer")
    assert time.monotonic() - began < 5
    assert len(message) < 300


def test_the_shipped_knowledge_fits_the_caps() -> None:
    assert content.faq() and content.paths() and content.steps() and content.skills()
    assert content.sources() and content.plan_catalogue()


def test_a_content_text_over_a_paragraph_is_named() -> None:
    r = datafile.Reader({"answer": "a" * 2001, "tags": ["t"] * 101}, "faq.toml", "entry 'x'")
    with pytest.raises(DataFileError, match="key 'answer': is 2001 characters long"):
        r.text("answer")
    with pytest.raises(DataFileError, match="key 'tags': lists 101 items; give 100 or fewer"):
        r.texts("tags")


def test_tick_refuses_a_day_outside_the_window_whoever_calls_it() -> None:
    from datetime import datetime

    from pomplan import service
    from pomplan.cli.session import person
    from pomplan.rules import load_rules

    who = person(None, None)
    today = date(2026, 1, 5)
    with pytest.raises(UsageProblem, match=f"--on: 0001-01-01 {OUTSIDE}"):
        service.tick(who, load_rules(), ["network-1"], date(1, 1, 1), today, datetime.now())
