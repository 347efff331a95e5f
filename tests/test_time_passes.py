"""Time passes: the day an experience figure was true, and the years served since (issue 10, A).

The pure function :func:`pomplan.served.served` over every figure and pair of days, then the
field through every place a field reaches (flag, variable, saved profile, batch column,
``--unset``), the saved day of ``profile set``, the estimate, the plan and the batch.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan.model import Given
from pomplan.report import build_report
from pomplan.rules import load_rules
from pomplan.served import dated, dated_today, note, served, since

RULES = load_rules()
SETTINGS = settings(max_examples=300, deadline=None)

figures = st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
stays = st.sampled_from([None, "yes", "no"])
backgrounds = st.sampled_from(["project-management", "data-analysis", "unrelated", "none"])


def person(figure: Decimal, on: date, stay: str | None, background: str = "operations") -> Given:
    return Given(
        background=background, experience_years=figure, experience_on=on, in_background=stay
    )


def years_of(given: Given, today: date) -> Any:
    return build_report(served(given, today), RULES).estimate.years


# --- the pure function -----------------------------------------------------------------------


@SETTINGS
@given(figures, days, days, stays)
def test_years_counted_never_fall_below_the_figure_nor_above_fifty(
    figure: Decimal, on: date, today: date, stay: str | None
) -> None:
    counted = served(person(figure, on, stay), today).experience_years
    assert counted is not None and figure <= counted <= 50


@SETTINGS
@given(figures, days, days, days, stays, backgrounds)
def test_a_later_day_in_the_same_role_never_lengthens(
    figure: Decimal, on: date, a: date, b: date, stay: str | None, background: str
) -> None:
    earlier, later = sorted((a, b))
    who = person(figure, on, stay, background)
    assert served(who, later).experience_years >= served(who, earlier).experience_years  # type: ignore[operator]
    short, long = years_of(who, later), years_of(who, earlier)
    assert short.low <= long.low and short.high <= long.high


@SETTINGS
@given(figures, days, st.integers(min_value=0, max_value=20000))
def test_a_day_before_or_on_the_figures_day_counts_nothing_extra(
    figure: Decimal, on: date, back: int
) -> None:
    if on - timedelta(days=back) < date(1, 1, 2):
        return
    who = person(figure, on, None)
    assert served(who, on - timedelta(days=back)) == who
    assert since(on, on - timedelta(days=back)) == 0  # never negative


@SETTINGS
@given(figures, days, days)
def test_a_person_who_left_counts_no_growth(figure: Decimal, on: date, today: date) -> None:
    who = person(figure, on, "no")
    assert served(who, today) == who


@SETTINGS
@given(figures, days, days, stays)
def test_served_is_applied_once_and_for_all(
    figure: Decimal, on: date, today: date, stay: str | None
) -> None:
    # Once counted up to today, counting again on the same day adds nothing.
    once = served(person(figure, on, stay), today)
    assert served(once, today) == once


@SETTINGS
@given(days, days)
def test_nothing_grows_without_a_figure_or_a_day(on: date, today: date) -> None:
    assert served(Given(experience_on=on), today) == Given(experience_on=on)
    assert served(Given(experience_years=Decimal(3)), today) == Given(experience_years=Decimal(3))


def test_three_years_on_new_year_2024_are_5_93_by_5_december_2026() -> None:
    who = person(Decimal(3), date(2024, 1, 1), None)
    grown = served(who, date(2026, 12, 5))
    assert grown.experience_years == Decimal("5.93") and grown.experience_on == date(2026, 12, 5)
    line = note(who, date(2026, 12, 5))
    assert line is not None and line.field == "experience_years" and line.value == "5.93"
    assert line.note.startswith("3 years on 2024-01-01, 5.93 years by 2026-12-05")
    assert "--in-background no" in line.note


def test_a_person_who_left_is_told_no_time_is_added() -> None:
    line = note(person(Decimal(3), date(2024, 1, 1), "no"), date(2026, 12, 5))
    assert line is not None and line.value == "3"
    assert line.note == "3 years on 2024-01-01; you have left that background, so no time is added"
    assert note(person(Decimal(3), date(2024, 1, 1), None), date(2024, 1, 1)) is None


def test_the_day_goes_with_the_layer_that_gives_the_figure() -> None:
    saved = Given(experience_years=Decimal(3), experience_on=date(2024, 1, 1))
    flag = Given(experience_years=Decimal(1))  # typed today: true today
    assert dated([flag, Given(), saved]) is None
    assert dated([Given(experience_on=date(2025, 1, 1)), saved]) == date(2025, 1, 1)
    assert dated([Given(), saved]) == date(2024, 1, 1)
    assert dated([Given()]) is None


def test_a_figure_saved_without_its_day_is_dated_today() -> None:
    today, old = date(2026, 3, 1), date(2024, 1, 1)
    typed = Given(experience_years=Decimal(4))
    values = Given(experience_years=Decimal(4), experience_on=old)
    assert dated_today(values, typed, today).experience_on == today
    both = Given(experience_years=Decimal(4), experience_on=old)
    assert dated_today(both, both, today).experience_on == old  # the day typed stays
    assert dated_today(values, Given(degree="master"), today) == values  # no figure typed
    # The wizard: a figure kept as it was saved keeps its day; a new figure is dated today.
    saved = Given(experience_years=Decimal(4), experience_on=old)
    assert dated_today(values, typed, today, saved).experience_on == old
    new = Given(experience_years=Decimal(5))
    assert dated_today(values, new, today, saved).experience_on == today


# --- through the command line ------------------------------------------------------------------


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if result.stdout.startswith("{") else result.stdout


def test_profile_set_saves_today_with_the_figure_and_estimate_counts_the_time_since(
    run: Any, isolated_env: Path
) -> None:
    then = {"POMPLAN_TODAY": "2024-01-01"}
    saved = ok(run("profile", "set", "--experience", "3", "--json", env=then))
    assert saved["values"] == {"experience_years": 3, "experience_on": "2024-01-01"}
    text = (isolated_env / "pomplan" / "profiles" / "default.toml").read_text("utf-8")
    assert "experience_on = 2024-01-01" in text

    later = {"POMPLAN_TODAY": "2026-12-05"}
    doc = ok(run("estimate", "--json", env=later))
    assert doc["profile"]["experience_years"] == 5.93
    assert doc["profile"]["experience_on"] == "2026-12-05"
    assert doc["assumptions"][0]["note"].startswith("3 years on 2024-01-01, 5.93 years by")
    out = ok(run("estimate", env=later))
    assert "3 years on 2024-01-01, 5.93 years by 2026-12-05" in " ".join(out.split())

    same_day = ok(run("estimate", "--json", env=then))
    assert same_day["profile"]["experience_years"] == 3
    assert all(a["field"] != "experience_years" for a in same_day["assumptions"])


def test_left_background_by_flag_variable_or_saved_value(run: Any) -> None:
    ok(run("profile", "set", "--experience", "3", env={"POMPLAN_TODAY": "2024-01-01"}))
    later = {"POMPLAN_TODAY": "2026-12-05"}
    by_flag = ok(run("estimate", "--in-background", "no", "--json", env=later))
    assert by_flag["profile"]["experience_years"] == 3
    assert by_flag["profile"]["in_background"] == "no"
    by_variable = ok(run("estimate", "--json", env={**later, "POMPLAN_IN_BACKGROUND": "No"}))
    assert by_variable["profile"]["experience_years"] == 3
    ok(run("profile", "set", "--in-background", "no"))
    assert ok(run("estimate", "--json", env=later))["profile"]["experience_years"] == 3
    # ... and back: the opposite answer, or --unset, makes the years grow again.
    again = ok(run("estimate", "--in-background", "yes", "--json", env=later))
    assert again["profile"]["experience_years"] == 5.93
    ok(run("profile", "set", "--unset", "in-background"))
    assert ok(run("estimate", "--json", env=later))["profile"]["experience_years"] == 5.93


def test_a_figure_typed_now_is_true_now(run: Any) -> None:
    ok(run("profile", "set", "--experience", "3", env={"POMPLAN_TODAY": "2024-01-01"}))
    later = {"POMPLAN_TODAY": "2026-12-05"}
    doc = ok(run("estimate", "--experience", "1", "--json", env=later))
    assert doc["profile"]["experience_years"] == 1  # not 1 + the time since the saved day
    by_variable = ok(run("estimate", "--json", env={**later, "POMPLAN_EXPERIENCE": "2"}))
    assert by_variable["profile"]["experience_years"] == 2
    # A day typed alone dates the saved figure.
    dated_flag = ok(run("estimate", "--experience-on", "2025-12-05", "--json", env=later))
    assert dated_flag["profile"]["experience_years"] == 4
    dated_env = ok(run("estimate", "--json", env={**later, "POMPLAN_EXPERIENCE_ON": "2025-12-05"}))
    assert dated_env["profile"]["experience_years"] == 4


def test_a_day_given_with_the_figure_is_saved_as_given_and_can_be_unset(run: Any) -> None:
    saved = ok(
        run("profile", "set", "--experience", "2", "--experience-on", "2020-06-30", "--json")
    )
    assert saved["values"]["experience_on"] == "2020-06-30"
    unset = ok(run("profile", "set", "--unset", "experience-on", "--json"))
    assert "experience_on" not in unset["values"] and unset["values"]["experience_years"] == 2


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--experience-on", "2024-13-01"], {}, "--experience-on: '2024-13-01' is not a date"),
        (["--experience-on", "1066-10-14"], {}, "--experience-on: 1066-10-14 is outside"),
        (["--in-background", "maybe"], {}, "--in-background: no answer 'maybe'"),
        ([], {"POMPLAN_EXPERIENCE_ON": "soon"}, "POMPLAN_EXPERIENCE_ON: 'soon' is not a date"),
        (["--what-if", "experience-on=2020-01-01"], {}, "no key 'experience-on'"),
        (["--what-if", "in-background=no"], {}, "no key 'in-background'"),
    ],
)
def test_bad_days_and_answers_get_one_line(
    run: Any, args: list[str], env: dict[str, str], expected: str
) -> None:
    result = run("estimate", *args, env=env)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr


def test_a_bad_saved_day_names_the_file_and_key(run: Any, isolated_env: Path) -> None:
    ok(run("profile", "set", "--experience", "2"))
    path = isolated_env / "pomplan" / "profiles" / "default.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("experience_on = ", 'experience_on = "x"\n# '), "utf-8")
    result = run("estimate")
    assert result.exit_code == 1
    assert "experience_on" in result.stderr and "expected a date" in result.stderr


def test_the_plan_counts_the_time_served_too(run: Any) -> None:
    ok(run("profile", "set", "--experience", "1", env={"POMPLAN_TODAY": "2024-01-01"}))
    doc = ok(run("plan", "--json", env={"POMPLAN_TODAY": "2026-01-01"}))
    assert doc["profile"]["experience_years"] == 3
    notes = [a["note"] for a in doc["assumptions"] if a["field"] == "experience_years"]
    assert notes and notes[0].startswith("1 year on 2024-01-01, 3 years by 2026-01-01")


def test_batch_rows_count_the_time_since_up_to_today(run: Any) -> None:
    rows = (
        "id,experience_years,experience_on,in_background\n"
        "a,3,2024-01-01,\nb,3,2024-01-01,no\nc,3,,\n"
    )
    result = run("estimate", "--input", "-", input=rows, env={"POMPLAN_TODAY": "2026-12-05"})
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0, result.output
    assert [d["profile"]["experience_years"] for d in docs] == [5.93, 3, 3]
    assert [d["profile"]["experience_on"] for d in docs] == ["2026-12-05", "2024-01-01", None]
    # The same row the same day: the same document, whenever it is run.
    again = run("estimate", "--input", "-", input=rows, env={"POMPLAN_TODAY": "2026-12-05"})
    assert again.stdout == result.stdout


def test_paths_compare_counts_the_time_served_too(run: Any) -> None:
    ok(run("profile", "set", "--experience", "1", env={"POMPLAN_TODAY": "2024-01-01"}))
    doc = ok(run("paths", "--compare", "--json", env={"POMPLAN_TODAY": "2026-01-01"}))
    assert doc["profile"]["experience_years"] == 3
    left = ok(run("paths", "--compare", "--in-background", "no", "--json"))
    assert left["profile"]["experience_years"] == 1
