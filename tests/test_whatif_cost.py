"""Issue 10: what-if counts what a change costs.

A scenario shows the months it saves, the months it takes to get the change at the person's
own hours a week (``cost_months``), and the net (``net_months`` = saved - cost), ranked by the
net. The costs are worked out here independently, from the shipped ``[costs]`` figures read
straight from data/rules.toml. Relative values (``experience=+2``) and a key set twice are
covered at the end.
"""

from __future__ import annotations

import json
import math
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES
from pomplan.render import whatif as words

ROOT = Path(__file__).resolve().parents[1]
RULES_TEXT = (ROOT / "data" / "rules.toml").read_text(encoding="utf-8")
COSTS = tomllib.loads(RULES_TEXT)["costs"]
SCHEMA = Draft202012Validator(
    json.loads((ROOT / "docs" / "schemas" / "estimate.schema.json").read_text(encoding="utf-8"))
)
ENDS = ("low", "high")
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def study(entry: dict[str, Any], pace: Fraction) -> dict[str, int]:
    """Months of study: hours / (hours a week) weeks, 52 weeks to 12 months, a part month
    counted whole, never under the calendar minimum."""
    out = {}
    for end in ENDS:
        months = Fraction(entry[f"hours_{end}"]) * 12 / (52 * pace)
        minimum = Fraction(entry.get(f"min_months_{end}", 0))
        out[end] = math.ceil(max(months, minimum))
    return out


def expected_cost(before: dict[str, Any], after: dict[str, Any]) -> dict[str, int]:
    """The cost of going from profile ``before`` to ``after`` (JSON profiles), by the rules
    as docs/model.md states them."""
    pace = Fraction(str(after["hours_per_week"]))
    total = {"low": 0, "high": 0}

    def add(months: dict[str, int]) -> None:
        for end in ENDS:
            total[end] += months[end]

    degrees = COSTS["degree"]
    target, held = degrees[after["degree"]], degrees[before["degree"]]
    if after["degree"] != before["degree"] and target["level"] >= held["level"]:
        add(study(target, pace))
    for cert in after["certifications"]:
        if cert not in before["certifications"]:
            add(study(COSTS["certifications"][cert], pace))
    more = Fraction(str(after["experience_years"])) - Fraction(str(before["experience_years"]))
    if more > 0:
        per = COSTS["experience"]
        add({e: math.ceil(more * Fraction(per[f"months_per_year_{e}"])) for e in ENDS})
    move = COSTS["background"]
    if after["background"] != before["background"] and after["background"] not in move["free"]:
        add({e: math.ceil(Fraction(move[f"months_{e}"])) for e in ENDS})
    return total


def one_line_error(result: Any, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return str(lines[0])


def scenarios(run_json: Any, *args: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    doc = run_json("estimate", *args)
    SCHEMA.validate(doc)
    return doc, doc["scenarios"]


# --- The master's at 5 hours a week ---------------------------------------------------------


def test_a_masters_at_five_hours_a_week_costs_more_than_it_saves(run: Any, run_json: Any) -> None:
    _, [s] = scenarios(run_json, "--hours-per-week", "5", "--what-if", "degree=master")
    for end in ENDS:
        assert s["cost_months"][end] > s["saved_months"][end] > 0
        assert s["net_months"][end] < 0
    text = run("estimate", "--hours-per-week", "5", "--what-if", "degree=master").stdout
    said = " ".join(text.split())
    assert "degree=master: costs about" in said
    assert "studied at 5 hours a week) to save 3-6 months: it does not pay off in time" in said


def test_at_twenty_hours_a_week_the_cost_shrinks(run_json: Any) -> None:
    _, [slow] = scenarios(run_json, "--hours-per-week", "5", "--what-if", "degree=master")
    _, [fast] = scenarios(run_json, "--hours-per-week", "20", "--what-if", "degree=master")
    for end in ENDS:
        assert fast["cost_months"][end] < slow["cost_months"][end]
        assert fast["net_months"][end] > slow["net_months"][end]
    # Never under the calendar minimum of a part-time programme.
    _, [full] = scenarios(run_json, "--hours-per-week", "80", "--what-if", "degree=master")
    minimum = COSTS["degree"]["master"]
    assert full["cost_months"] == {e: minimum[f"min_months_{e}"] for e in ENDS}


def test_the_scenarios_hours_set_the_pace(run_json: Any) -> None:
    # Studying at the hours the scenario assumes: a master's with 20 hours a week.
    _, [s] = scenarios(run_json, "--what-if", "degree=master,hours=20")
    assert s["cost_months"] == study(COSTS["degree"]["master"], Fraction(20))


# --- Each kind of change ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "change"),
    [
        ((), "degree=master"),
        ((), "degree=mba"),
        (("--degree", "none"), "degree=bachelor"),
        (("--degree", "bachelor-other"), "degree=bachelor"),  # same level, another degree
        (("--degree", "master"), "degree=mba"),
        (("--degree", "mba"), "degree=bachelor"),  # a lower level costs nothing
        (("--degree", "master"), "degree=none"),
        ((), "cert=data-analytics"),
        (("--cert", "lean"), "cert=lean"),  # held already: nothing
        (("--cert", "lean", "--hours-per-week", "12"), "cert=agile,cert=six-sigma"),
        (("--experience", "3"), "experience=5"),
        (("--experience", "3"), "experience=1"),  # fewer years: nothing
        (("--experience", "1.5"), "experience=+0.25"),
        ((), "background=engineering"),
        (("--background", "engineering"), "background=none"),  # a free move
        ((), "path=education"),
        ((), "hours-per-week=+10"),
        (("--hours-per-week", "12"), "hours=3"),
        (("--hours-per-week", "3"), "degree=master,experience=+1,background=operations"),
    ],
)
def test_cost_of_each_kind(run_json: Any, flags: tuple[str, ...], change: str) -> None:
    doc, [s] = scenarios(run_json, *flags, "--what-if", change)
    assert s["cost_months"] == expected_cost(doc["profile"], s["profile"])
    assert s["net_months"] == {e: s["saved_months"][e] - s["cost_months"][e] for e in ENDS}


def test_more_hours_cost_effort_not_time(run: Any, run_json: Any) -> None:
    _, [s] = scenarios(run_json, "--what-if", "hours=+5")
    assert s["cost_months"] == {"low": 0, "high": 0}
    assert s["net_months"] == s["saved_months"]
    said = " ".join(run("estimate", "--what-if", "hours=+5").stdout.split())
    assert "hours-per-week=+5: saves 3-6 months; costs effort: 5 more hours a week" in said


def test_ranked_by_net_biggest_first(run_json: Any) -> None:
    asked = ["degree=master", "hours=+5", "experience=+2", "cert=lean", "path=auto"]
    _, got = scenarios(run_json, *(a for c in asked for a in ("--what-if", c)))
    assert [s["change"] for s in got] == [
        "hours-per-week=+5",  # saves 3-6, costs nothing
        "experience=+2",  # net 0: two years served take two years off; asked before cert=lean
        "cert=lean",  # net 0, asked before path=auto
        "path=auto",
        "degree=master",
    ]


# --- Properties -------------------------------------------------------------------------------

numbers = st.decimals(min_value=0, max_value=50, places=2)
profiles = st.fixed_dictionaries(
    {
        "degree": st.sampled_from(DEGREES),
        "background": st.sampled_from(BACKGROUNDS),
        "experience": numbers.map(str),
        "cert": st.lists(st.sampled_from(CERTIFICATIONS), max_size=2, unique=True),
        "hours-per-week": st.decimals(min_value=1, max_value=80, places=2).map(str),
    }
)
part = st.one_of(
    st.tuples(st.just("degree"), st.sampled_from(DEGREES)),
    st.tuples(st.just("background"), st.sampled_from(BACKGROUNDS)),
    st.tuples(st.just("experience"), st.sampled_from(["+1", "+2", "-1", "10", "0.5"])),
    st.tuples(st.just("cert"), st.sampled_from(CERTIFICATIONS)),
    st.tuples(st.just("hours-per-week"), st.sampled_from(["+5", "-2", "20", "1", "+0"])),
    st.tuples(st.just("path"), st.sampled_from(["auto", "education", "standard"])),
)
change = st.lists(part, min_size=1, max_size=3, unique_by=lambda p: p if p[0] == "cert" else p[0])


def profile_flags(p: dict[str, Any]) -> list[str]:
    out = []
    for key, value in p.items():
        out += [f"--{key}", ",".join(value) or "none" if key == "cert" else value]
    return out


@PROPERTY
@given(person=profiles, asked=st.lists(change, min_size=1, max_size=3))
def test_property_net_is_saved_minus_cost_and_ranked(
    run: Any, person: dict[str, Any], asked: list[list[tuple[str, str]]]
) -> None:
    args = [a for c in asked for a in ("--what-if", ",".join(f"{k}={v}" for k, v in c))]
    result = run("estimate", *profile_flags(person), *args, "--json")
    if result.exit_code == 2:  # a relative value past a bound: named in one line
        line = one_line_error(result)
        assert "is below the least, " in line or "is above the most, " in line
        return
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    SCHEMA.validate(doc)
    nets = []
    for s in doc["scenarios"]:
        cost, saved, net = s["cost_months"], s["saved_months"], s["net_months"]
        for end in ENDS:
            assert cost[end] >= 0
            assert net[end] == saved[end] - cost[end]
        assert cost["low"] <= cost["high"]
        assert cost == expected_cost(doc["profile"], s["profile"])
        nets.append(net["low"] + net["high"])
    assert nets == sorted(nets, reverse=True)


@PROPERTY
@given(hours=st.integers(min_value=1, max_value=79), more=st.integers(min_value=1, max_value=40))
def test_property_more_hours_never_cost_more_study(run_json: Any, hours: int, more: int) -> None:
    faster = min(80, hours + more)
    ask = ("--what-if", "degree=mba,cert=six-sigma")
    _, [slow] = scenarios(run_json, "--hours-per-week", str(hours), *ask)
    _, [fast] = scenarios(run_json, "--hours-per-week", str(faster), *ask)
    for end in ENDS:
        assert fast["cost_months"][end] <= slow["cost_months"][end]


# --- Relative values, bounds, a key twice ---------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "change", "field", "value"),
    [
        (("--experience", "3"), "experience=+2", "experience_years", 5),
        ((), "experience=+2", "experience_years", 2),  # the assumed 0
        (("--experience", "3"), "experience=-1.5", "experience_years", 1.5),
        ((), "hours=+5", "hours_per_week", 10),  # the assumed 5
        (("--hours-per-week", "8"), "hours-per-week=-3", "hours_per_week", 5),
        (("--hours-per-week", "8"), "hours=+0", "hours_per_week", 8),
    ],
)
def test_relative_values(
    run_json: Any, flags: tuple[str, ...], change: str, field: str, value: Any
) -> None:
    _, [s] = scenarios(run_json, *flags, "--what-if", change)
    assert s["profile"][field] == value
    assert s["change"].split("=", 1)[1][0] in "+-"  # shown as asked: relative


def test_relative_value_counts_from_the_saved_profile(run: Any, run_json: Any) -> None:
    assert run("profile", "set", "--experience", "4").exit_code == 0
    _, [s] = scenarios(run_json, "--what-if", "experience=+2")
    assert s["profile"]["experience_years"] == 6
    assert s["cost_months"] == {"low": 24, "high": 24}


@pytest.mark.parametrize(
    ("flags", "change", "expected"),
    [
        ((), "experience=-1", "0 - 1 = -1 is below the least, 0; give a change from 0 to +50"),
        (("--experience", "49"), "experience=+2", "49 + 2 = 51 is above the most, 50"),
        ((), "hours=-5", "5 - 5 = 0 is below the least, 1; give a change from -4 to +75"),
        (("--hours-per-week", "79"), "hours=+2", "79 + 2 = 81 is above the most, 80"),
        ((), "experience=+60", "goes past the bounds of experience (0 to 50)"),
        ((), "hours=+1e999999", "goes past the bounds of hours-per-week (1 to 80)"),
        ((), "experience=+abc", "'abc' is not a number"),
        ((), "experience=+", "'' is not a number"),
    ],
)
def test_relative_value_out_of_bounds(
    run: Any, flags: tuple[str, ...], change: str, expected: str
) -> None:
    line = one_line_error(run("estimate", *flags, "--what-if", change))
    assert expected in line, line


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("degree=master,degree=mba", "sets degree twice (degree=master and degree=mba)"),
        ("degree=master,degree=master", "sets degree twice"),
        ("hours=10,hours-per-week=+2", "sets hours-per-week twice"),
        ("experience=+1,experience_years=3", "sets experience twice"),
        ("cert=lean,cert=Lean", "names cert=lean twice"),
        ("cert=Six Sigma,cert=six-sigma", "names cert=six-sigma twice"),
    ],
)
def test_a_key_set_twice_is_a_usage_error(run: Any, change: str, expected: str) -> None:
    line = one_line_error(run("estimate", "--what-if", change))
    assert expected in line, line
    assert "give each key once in a scenario" in line


def test_the_same_key_in_two_scenarios_is_fine(run_json: Any) -> None:
    _, got = scenarios(run_json, "--what-if", "degree=master", "--what-if", "degree=mba")
    assert len(got) == 2
    _, [both] = scenarios(run_json, "--what-if", "cert=lean,cert=agile")
    assert both["profile"]["certifications"] == ["lean", "agile"]


# --- Rules files --------------------------------------------------------------------------


def test_a_rules_file_changes_the_costs(run_json: Any, tmp_path: Path) -> None:
    edited = RULES_TEXT.replace(
        "[costs.degree.master]\nlevel = 2\nhours_low = 1200\nhours_high = 2400",
        "[costs.degree.master]\nlevel = 2\nhours_low = 130\nhours_high = 260",
    )
    assert edited != RULES_TEXT
    custom = tmp_path / "rules.toml"
    custom.write_text(edited, encoding="utf-8")
    _, [s] = scenarios(run_json, "--rules", str(custom), "--what-if", "degree=master")
    assert s["cost_months"] == {"low": 12, "high": 24}  # 6-12 months of study, the minimum wins


def test_a_rules_file_without_costs_uses_the_shipped_ones(run_json: Any, tmp_path: Path) -> None:
    custom = tmp_path / "rules.toml"
    custom.write_text(RULES_TEXT.split("# --- What a change costs", 1)[0], encoding="utf-8")
    _, [own] = scenarios(run_json, "--rules", str(custom), "--what-if", "degree=master")
    _, [shipped] = scenarios(run_json, "--what-if", "degree=master")
    assert own["cost_months"] == shipped["cost_months"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("[costs.degree.mba]\n", "[costs.degree.mbb]\n", "key 'degree.mbb': unknown key"),
        (
            "hours_low = 1200\nhours_high = 2400",
            "hours_low = 2400\nhours_high = 1200",
            "must be at least",
        ),
        ("months_low = 3\n", "months_low = -3\n", "must be between 0 and 600"),
        ('free = ["none"]', 'free = ["nobody"]', "unknown value 'nobody'"),
    ],
)
def test_a_bad_costs_section_is_named(
    run: Any, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    custom = tmp_path / "rules.toml"
    assert old in RULES_TEXT
    custom.write_text(RULES_TEXT.replace(old, new, 1), encoding="utf-8")
    line = one_line_error(run("estimate", "--rules", str(custom), "--what-if", "degree=mba"), 1)
    assert "[costs]" in line and expected in line, line


# --- Words and the terminal -----------------------------------------------------------------


def test_narrow_plain_terminal(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pomplan.render.terminal import console as terminal_console

    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setattr(terminal_console, "_console", None)
    result = run("estimate", "--what-if", "degree=master", "--what-if", "hours=+5")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout  # NO_COLOR
    assert max(len(line) for line in result.stdout.splitlines()) <= 40
    section = " ".join(result.stdout.split("What if (biggest net saving first)", 1)[1].split())
    assert section.startswith("hours-per-week=+5 2.75-5.5 years; saved 3 / 6, cost 0 / 0")
    assert "it does not pay off in time" in section


@pytest.mark.parametrize(
    ("months", "text"),
    [
        ((1, 1), "1 month"),
        ((3, 6), "3-6 months"),
        ((6, 3), "3-6 months"),
        ((23, 30), "23-30 months"),
        ((24, 24), "2 years"),
        ((56, 111), "4.7-9.2 years"),
    ],
)
def test_span_words(months: tuple[int, int], text: str) -> None:
    assert words.span(*months) == text


@pytest.mark.parametrize(
    ("net", "text"),
    [
        ((3, 7), "pays off: about 3-7 months sooner overall"),
        ((0, 0), "it breaks even: no sooner overall"),
        ((-2, -5), "it does not pay off in time (2-5 months later overall)"),
        ((0, -5), "it does not pay off in time (0-5 months later overall)"),
        ((-2, 4), "it may pay off: from 2 months later to 4 months sooner"),
    ],
)
def test_outcome_words(net: tuple[int, int], text: str) -> None:
    assert words._outcome(*net) == text


def test_decimal_hours_read_as_typed(run_json: Any) -> None:
    _, [s] = scenarios(run_json, "--hours-per-week", "7.5", "--what-if", "cert=lean")
    assert s["cost_months"] == study(COSTS["certifications"]["lean"], Fraction(Decimal("7.5")))
