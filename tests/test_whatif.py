"""``pomplan estimate --what-if KEY=VALUE``: scenarios ranked by the months they save.

The central property: a scenario is exactly what ``pomplan estimate`` gives with the same
flags plus the change (certifications are added to those held). Everything runs in-process
through the ``run`` / ``run_json`` fixtures.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATH_CHOICES
from pomplan.render import whatif as whatif_words
from pomplan.render.terminal import console as terminal_console

ROOT = Path(__file__).resolve().parents[1]
ESTIMATE_SCHEMA = Draft202012Validator(
    json.loads((ROOT / "docs" / "schemas" / "estimate.schema.json").read_text(encoding="utf-8"))
)
KEYS_LISTING = "keys: degree, background, experience, path, cert, hours-per-week"
SCENARIO_KEYS = {
    "change",
    "profile",
    "years",
    "months",
    "saved_months",
    "cost_months",
    "net_months",
}

# Profile field -> the estimate flag that sets it.
FLAGS = {
    "degree": "--degree",
    "background": "--background",
    "experience_years": "--experience",
    "path": "--path",
    "certifications": "--cert",
    "hours_per_week": "--hours-per-week",
}
# --what-if key -> profile field.
KEY_FIELDS = {
    "degree": "degree",
    "background": "background",
    "experience": "experience_years",
    "path": "path",
    "cert": "certifications",
    "hours-per-week": "hours_per_week",
}


def flat(text: str) -> str:
    return " ".join(text.split())


def flags(profile: dict[str, Any]) -> list[str]:
    """Estimate flags for ``profile`` (field -> text, certifications -> list of names)."""
    args: list[str] = []
    for field, value in profile.items():
        if value is None:
            continue
        if field == "certifications":
            args += [FLAGS[field], ",".join(value) if value else "none"]
        else:
            args += [FLAGS[field], value]
    return args


def with_change(profile: dict[str, Any], parts: list[tuple[str, str]]) -> dict[str, Any]:
    """``profile`` with the --what-if parts applied; a cert joins those held (none if unsaid)."""
    changed = dict(profile)
    for key, value in parts:
        field = KEY_FIELDS[key]
        if field == "certifications":
            held = changed.get("certifications") or []
            changed[field] = list(dict.fromkeys([*held, value]))
        else:
            changed[field] = value
    return changed


def what_if_text(parts: list[tuple[str, str]]) -> str:
    return ",".join(f"{k}={v}" for k, v in parts)


def total(saved: dict[str, int]) -> int:
    return saved["low"] + saved["high"]


def one_line_error(result: Any, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pomplan"), lines[0]
    assert "error:" in lines[0]
    assert "Traceback" not in result.stderr
    return str(lines[0])


def assert_matches_estimate(run_json: Any, scenario: dict[str, Any], args: list[str]) -> None:
    """The scenario's numbers are what ``pomplan estimate ARGS --json`` gives."""
    direct = run_json("estimate", *args)
    assert scenario["profile"] == direct["profile"], args
    assert scenario["years"] == direct["years"], args
    assert scenario["months"] == direct["months"], args


# --- Output -------------------------------------------------------------------------------


def test_json_scenario_document(run_json: Any) -> None:
    doc = run_json("estimate", "--what-if", "degree=master")
    assert doc["months"] == {"low": 36, "high": 72}
    assert doc["scenarios"] == [
        {
            "change": "degree=master",
            "profile": {
                "degree": "master",
                "background": "project-management",
                "experience_years": 0,
                "path": "standard",
                "certifications": [],
                "hours_per_week": 5,
                "skills": {},
                "experience_on": None,
                "in_background": "yes",
            },
            "years": {"low": 2.75, "high": 5.5},
            "months": {"low": 33, "high": 66},
            "saved_months": {"low": 3, "high": 6},
            # Issue 10: a master's at 5 hours a week costs 1,200-2,400 hours of study.
            "cost_months": {"low": 56, "high": 111},
            "net_months": {"low": -53, "high": -105},
        }
    ]


def test_current_estimate_unchanged_by_what_if(run_json: Any) -> None:
    args = ("estimate", "--background", "operations", "--hours-per-week", "10")
    plain = run_json(*args)
    with_scenarios = run_json(*args, "--what-if", "degree=master", "--what-if", "cert=lean")
    assert "scenarios" not in plain
    # Issue 10: ranked by the net saving; the master's costs years of study.
    assert [s["change"] for s in with_scenarios.pop("scenarios")] == ["cert=lean", "degree=master"]
    assert with_scenarios == plain


def test_human_table(run: Any) -> None:
    result = run(
        "estimate",
        "--what-if",
        "hours=1",
        "--what-if",
        "degree=master",
        "--what-if",
        "degree=bachelor",
        "--what-if",
        "cert=agile,hours=10",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    section = out.split("What if (biggest net saving first)", 1)[1].split("Assumed", 1)[0]
    table = section.split("Months at the low", 1)[0]
    rows = [flat(line) for line in table.splitlines() if "=" in line]
    # Issue 10: ranked by the net saving (saved - cost); columns saved, cost, net.
    assert rows == [
        "cert=agile,hours-per-week=10 2.65-5.25 4 / 9 1 / 2 3 / 7",
        "degree=bachelor 3-6 0 / 0 0 / 0 0 / 0",
        "hours-per-week=1 3.5-7.5 -6 / -18 0 / 0 -6 / -18",
        "degree=master 2.75-5.5 3 / 6 56 / 111 -53 / -105",
    ]
    words = flat(section.split("net = saved - cost.", 1)[1])
    assert "cert=agile,hours-per-week=10: costs about 1-2 months" in words
    assert "pays off: about 3-7 months sooner overall" in words
    assert "degree=master: costs about 4.7-9.2 years (a master's, studied at 5 hours" in words
    assert "to save 3-6 months: it does not pay off in time" in words
    # The scenarios come after the breakdown of the current estimate, before the assumptions.
    assert out.index("Your range") < out.index("What if") < out.index("Assumed")


def test_human_narrow(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr(terminal_console, "_console", None)
    result = run("estimate", "--what-if", "hours=1", "--what-if", "degree=master")
    assert result.exit_code == 0, result.output
    section = flat(result.stdout.split("What if (biggest net saving first)", 1)[1])
    # Issue 10: each scenario on lines of its own, with cost and net, ranked by the net.
    assert section.startswith(
        "hours-per-week=1 3.5-7.5 years; saved -6 / -18, cost 0 / 0, net -6 / -18 months "
        "adds 6-18 months "
        "degree=master 2.75-5.5 years; saved 3 / 6, cost 56 / 111, net -53 / -105 months "
        "costs about 4.7-9.2 years"
    )


def test_human_without_what_if_has_no_section(run: Any) -> None:
    result = run("estimate")
    assert result.exit_code == 0
    assert "What if" not in result.stdout


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (0, 0, "no change"),
        (3, 6, "saves 3-6 months"),
        (1, 1, "saves 1 month"),
        (0, 4, "saves 0-4 months"),
        (-6, -18, "adds 6-18 months"),
        (-2, -2, "adds 2 months"),
        (2, -3, "+2 months at the low end, -3 at the high end"),
    ],
)
def test_saving_words(low: int, high: int, text: str) -> None:
    assert whatif_words.saving(low, high) == text


# --- Ranking ------------------------------------------------------------------------------


def test_ranked_by_net_saving(run_json: Any) -> None:
    doc = run_json(
        "estimate",
        *("--what-if", "hours=1"),
        *("--what-if", "cert=lean"),
        *("--what-if", "path=auto"),
        *("--what-if", "experience=3"),
        *("--what-if", "degree=master"),
    )
    # Issue 10: by the net (saved - cost), not the saving alone.
    ranked = [(s["change"], s["saved_months"], s["net_months"]) for s in doc["scenarios"]]
    assert ranked == [
        ("cert=lean", {"low": 1, "high": 3}, {"low": 0, "high": 0}),
        ("path=auto", {"low": 0, "high": 0}, {"low": 0, "high": 0}),
        # three years served take three years off, down to the floor: 30-36 months saved
        ("experience=3", {"low": 30, "high": 36}, {"low": -6, "high": 0}),
        ("hours-per-week=1", {"low": -6, "high": -18}, {"low": -6, "high": -18}),
        ("degree=master", {"low": 3, "high": 6}, {"low": -53, "high": -105}),
    ]


@pytest.mark.parametrize(
    "changes",
    [
        ["cert=lean", "cert=agile", "degree=bachelor", "experience=0"],
        ["experience=0", "degree=bachelor", "cert=agile", "cert=lean"],
        ["cert=agile", "experience=0", "cert=lean", "degree=bachelor"],
    ],
)
def test_ties_keep_input_order(run_json: Any, changes: list[str]) -> None:
    args = [part for change in changes for part in ("--what-if", change)]
    doc = run_json("estimate", *args)
    # Issue 10: ranked by net. Each cert saves 1-3 months and costs 1-3 months of study at
    # 5 hours a week; the others change nothing: all four nets are 0, so the order is as asked.
    assert [s["change"] for s in doc["scenarios"]] == changes
    assert [s["net_months"] for s in doc["scenarios"]] == [{"low": 0, "high": 0}] * 4


def test_saved_months_is_the_difference(run_json: Any) -> None:
    doc = run_json(
        "estimate",
        *("--background", "customer-success", "--experience", "2"),
        *("--what-if", "degree=none", "--what-if", "path=customer-success"),
        *("--what-if", "hours=20,cert=product-operations"),
    )
    assert len(doc["scenarios"]) == 3
    for s in doc["scenarios"]:
        assert s.keys() == SCENARIO_KEYS
        assert s["saved_months"] == {
            "low": doc["months"]["low"] - s["months"]["low"],
            "high": doc["months"]["high"] - s["months"]["high"],
        }
    assert any(total(s["saved_months"]) > 0 for s in doc["scenarios"])
    assert any(total(s["saved_months"]) < 0 for s in doc["scenarios"])


# --- A scenario is the estimate with the change -------------------------------------------

CASES: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
    ({}, [("degree", "master")]),
    ({"background": "operations"}, [("background", "data-analysis")]),
    ({"degree": "none", "background": "none"}, [("experience", "4.5")]),
    ({"path": "education"}, [("degree", "mba")]),  # a chosen path stays chosen
    ({"path": "education"}, [("path", "auto")]),
    ({"certifications": ["lean"]}, [("cert", "agile")]),  # added, not put in place
    ({"certifications": ["lean"]}, [("cert", "lean")]),  # already held
    ({"certifications": []}, [("cert", "six-sigma")]),
    ({"hours_per_week": "2"}, [("hours-per-week", "12"), ("cert", "agile"), ("cert", "lean")]),
    ({"background": "engineering", "experience_years": "3"}, [("path", "data-analysis")]),
]


@pytest.mark.parametrize(("profile", "parts"), CASES)
def test_scenario_is_estimate_with_change(
    run_json: Any, profile: dict[str, Any], parts: list[tuple[str, str]]
) -> None:
    doc = run_json("estimate", *flags(profile), "--what-if", what_if_text(parts))
    [scenario] = doc["scenarios"]
    assert_matches_estimate(run_json, scenario, flags(with_change(profile, parts)))


def test_cert_is_added_to_held(run_json: Any) -> None:
    doc = run_json("estimate", "--cert", "lean", "--what-if", "cert=agile")
    assert doc["profile"]["certifications"] == ["lean"]
    assert doc["scenarios"][0]["profile"]["certifications"] == ["lean", "agile"]
    replaced = run_json("estimate", "--cert", "agile")
    assert doc["scenarios"][0]["months"] != replaced["months"]


def test_the_same_key_twice_is_a_usage_error(run: Any) -> None:
    # Issue 10: the later part used to win silently; now the scenario is refused.
    line = one_line_error(run("estimate", "--what-if", "degree=none,degree=master"), 2)
    assert "sets degree twice (degree=none and degree=master)" in line


@pytest.mark.parametrize(
    ("written", "shown", "field", "value"),
    [
        ("Degree = Master", "degree=master", "degree", "master"),
        ("hours=10", "hours-per-week=10", "hours_per_week", 10),
        ("hours_per_week=10", "hours-per-week=10", "hours_per_week", 10),
        ("HOURS-PER-WEEK=7.50", "hours-per-week=7.5", "hours_per_week", 7.5),
        ("experience_years=3", "experience=3", "experience_years", 3),
        ("experience-years=2.50", "experience=2.5", "experience_years", 2.5),
        ("certification=lean", "cert=lean", "certifications", ["lean"]),
        ("certifications=Six Sigma", "cert=six-sigma", "certifications", ["six-sigma"]),
        ("path=Customer_Success", "path=customer-success", "path", "customer-success"),
    ],
)
def test_key_aliases_and_spelling(
    run_json: Any, written: str, shown: str, field: str, value: Any
) -> None:
    [s] = run_json("estimate", "--what-if", written)["scenarios"]
    assert s["change"] == shown
    assert s["profile"][field] == value


# --- Errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("degree", f"--what-if degree: write KEY=VALUE, for example degree=master; {KEYS_LISTING}"),
        ("degree=", "write KEY=VALUE"),
        ("=master", "write KEY=VALUE"),
        ("degree=master,,hours=5", "write KEY=VALUE"),
        ("cert=agile,lean", "write KEY=VALUE"),
        ("dgree=master", f"no key 'dgree'; did you mean 'degree'? {KEYS_LISTING}"),
        ("salary=100", f"no key 'salary'; {KEYS_LISTING}"),
        ("degree=ged", "--what-if degree: no degree 'ged'; choose from: none, bachelor-other"),
        ("background=sales", "--what-if background: no background 'sales'"),
        ("path=zzz", "--what-if path: no path 'zzz'; choose from: auto, standard"),
        ("cert=itil", "--what-if cert: no certification 'itil'"),
        ("cert=none", "--what-if cert: 'none' is not a change; name a certification: lean"),
        ("degree=master,cert=None", "'none' is not a change"),
        ("hours=0", "--what-if hours-per-week: 0 is out of range; give hours from 1 to 80"),
        ("hours-per-week=81", "81 is out of range; give hours from 1 to 80"),
        ("experience=51", "--what-if experience: 51 is out of range; give years from 0 to 50"),
        ("experience=abc", "'abc' is not a number; give years from 0 to 50"),
        ("experience=nan", "is not a finite number"),
    ],
)
def test_bad_what_if(run: Any, change: str, expected: str) -> None:
    line = one_line_error(run("estimate", "--what-if", change), 2)
    assert expected in line, line


def test_bad_what_if_with_json_leaves_stdout_empty(run: Any) -> None:
    ok = "--what-if", "degree=master"
    line = one_line_error(run("estimate", *ok, "--what-if", "hours=0", "--json"), 2)
    assert "0 is out of range" in line


# --- Progress -----------------------------------------------------------------------------


def test_progress_is_counted_in_every_scenario(run: Any, run_json: Any) -> None:
    saved = run("profile", "set", "--degree", "bachelor", "--background", "operations")
    assert saved.exit_code == 0, saved.output
    fresh = run_json("estimate")
    ticked = run("progress", "done", "education-audit", "skills-ops-tool", "network-event")
    assert ticked.exit_code == 0, ticked.output

    doc = run_json(
        "estimate",
        *("--what-if", "path=education", "--what-if", "degree=bachelor"),
        *("--what-if", "degree=master"),
    )
    assert doc["saved_profile"] == "default"
    assert doc["adjustments"][-1]["id"] == "progress"
    assert doc["months"] != fresh["months"]  # the ticks shortened the time left
    by_change = {s["change"]: s for s in doc["scenarios"]}
    # Issue 10: ranked by the net saving; the master's costs years of study.
    assert [s["change"] for s in doc["scenarios"]][-1] == "degree=master"
    # The same degree as saved: nothing changes, progress included on both sides.
    assert by_change["degree=bachelor"]["months"] == doc["months"]
    assert by_change["degree=bachelor"]["saved_months"] == {"low": 0, "high": 0}
    # Each scenario is the estimate (saved profile and ticks included) with the change.
    assert_matches_estimate(run_json, by_change["degree=master"], ["--degree", "master"])
    assert_matches_estimate(run_json, by_change["path=education"], ["--path", "education"])


def test_cert_joins_saved_certifications(run: Any, run_json: Any) -> None:
    saved = run("profile", "set", "--cert", "lean", "--background", "engineering")
    assert saved.exit_code == 0, saved.output
    [s] = run_json("estimate", "--what-if", "cert=agile")["scenarios"]
    assert s["profile"]["certifications"] == ["lean", "agile"]
    assert s["profile"]["background"] == "engineering"
    assert_matches_estimate(run_json, s, ["--cert", "lean,agile"])


def test_environment_counts_as_the_current_profile(run: Any) -> None:
    result = run(
        "estimate", "--what-if", "degree=bachelor", "--json", env={"POMPLAN_DEGREE": "master"}
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["profile"]["degree"] == "master"
    [s] = doc["scenarios"]
    assert s["profile"]["degree"] == "bachelor"
    assert s["saved_months"] == {"low": -3, "high": -6}


# --- Property: any profile, any changes ----------------------------------------------------

experience = st.one_of(
    st.sampled_from(["0", "1", "4", "50"]),
    st.decimals(min_value=0, max_value=50, places=2).map(str),
)
hours = st.one_of(
    st.sampled_from(["1", "3", "5", "8", "80"]),
    st.decimals(min_value=1, max_value=80, places=2).map(str),
)
held = st.lists(st.sampled_from(CERTIFICATIONS), unique=True, max_size=3)

profiles = st.fixed_dictionaries(
    {},
    optional={
        "degree": st.sampled_from(DEGREES),
        "background": st.sampled_from(BACKGROUNDS),
        "experience_years": experience,
        "path": st.sampled_from(PATH_CHOICES),
        "certifications": held,
        "hours_per_week": hours,
    },
)
parts = st.one_of(
    st.tuples(st.just("degree"), st.sampled_from(DEGREES)),
    st.tuples(st.just("background"), st.sampled_from(BACKGROUNDS)),
    st.tuples(st.just("experience"), experience),
    st.tuples(st.just("path"), st.sampled_from(PATH_CHOICES)),
    st.tuples(st.just("cert"), st.sampled_from(CERTIFICATIONS)),
    st.tuples(st.just("hours-per-week"), hours),
)
# Issue 10: a scenario sets each key once (distinct certs may be added together).
once = st.lists(parts, min_size=1, max_size=2, unique_by=lambda p: p if p[0] == "cert" else p[0])
changes = st.lists(once, min_size=1, max_size=3)
# The fixtures are function-scoped, but nothing an example does outlives it (no saved state).
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(profile=profiles, asked=changes)
def test_property_scenarios_are_estimates_ranked(
    run_json: Any, profile: dict[str, Any], asked: list[list[tuple[str, str]]]
) -> None:
    args = [arg for change in asked for arg in ("--what-if", what_if_text(change))]
    doc = run_json("estimate", *flags(profile), *args)
    ESTIMATE_SCHEMA.validate(doc)  # docs/schemas/estimate.schema.json describes "scenarios"
    now = doc["months"]

    # Worked out independently: each change as a plain estimate, then a stable sort.
    direct = [run_json("estimate", *flags(with_change(profile, c))) for c in asked]
    saved = [
        {"low": now["low"] - d["months"]["low"], "high": now["high"] - d["months"]["high"]}
        for d in direct
    ]
    scenarios = doc["scenarios"]
    # Issue 10: ranked by the net saving (saved - cost); the cost is checked in
    # tests/test_whatif_cost.py, here it is taken from the document.
    cost = {s["change"]: s["cost_months"] for s in scenarios}
    net = [total(saved[i]) - total(cost[canonical(asked[i])]) for i in range(len(asked))]
    expected = sorted(range(len(asked)), key=lambda i: -net[i])

    assert [s["change"] for s in scenarios] == [canonical(asked[i]) for i in expected]
    for i, s in zip(expected, scenarios, strict=True):
        assert s.keys() == SCENARIO_KEYS
        assert s["profile"] == direct[i]["profile"]
        assert s["years"] == direct[i]["years"]
        assert s["months"] == direct[i]["months"]
        assert s["saved_months"] == saved[i]
        assert s["net_months"] == {e: saved[i][e] - s["cost_months"][e] for e in ("low", "high")}
    totals = [total(s["net_months"]) for s in scenarios]
    assert totals == sorted(totals, reverse=True)


def canonical(parts: list[tuple[str, str]]) -> str:
    """How pomplan shows a change: numbers without trailing zeros."""
    shown = []
    for key, value in parts:
        if key in ("experience", "hours-per-week"):
            value = f"{Decimal(value).normalize():f}"
        shown.append(f"{key}={value}")
    return ",".join(shown)


def test_canonical_matches_pomplan(run_json: Any) -> None:
    # The property test leans on this spelling; check it once against pomplan itself.
    [s] = run_json("estimate", "--what-if", "experience=2.50,hours-per-week=10.00")["scenarios"]
    assert s["change"] == canonical([("experience", "2.50"), ("hours-per-week", "10.00")])
    assert re.fullmatch(r"experience=2\.5,hours-per-week=10", s["change"])


def test_a_key_may_be_written_with_spaces(run_json: Any) -> None:
    spaced = run_json("estimate", "--what-if", "Hours Per Week=10")["scenarios"]
    assert [s["change"] for s in spaced] == ["hours-per-week=10"]
