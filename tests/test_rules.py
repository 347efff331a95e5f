"""The rules file: the shipped one, custom ones (``--rules``, ``POMPLAN_RULES``), their errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pomplan import content, datafile
from pomplan.errors import DataFileError
from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATHS, Profile, Range
from pomplan.rules import estimate, load_rules, parse_rules

SHIPPED = datafile.shipped("rules.toml").read_text(encoding="utf-8")
FACT_IDS = frozenset(content.sources()[1])
BASELINE_BLOCK = "[baseline]\nlow = 3\nhigh = 6\n"
CAP_LINES = "cap_low = -0.5\ncap_high = -1\n"
REFERENCE = Profile("bachelor", "project-management", Decimal(0), "standard", (), Decimal(5), ())


def edited(*changes: tuple[str, str]) -> str:
    """The shipped text with each ``old`` replaced by ``new``; ``old`` must occur exactly once."""
    text = SHIPPED
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the shipped rules"
        text = text.replace(old, new)
    return text


def write(tmp_path: Path, text: str, name: str = "custom.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_baseline(low: str, high: str) -> str:
    return edited((BASELINE_BLOCK, f"[baseline]\nlow = {low}\nhigh = {high}\n"))


def parsed(text: str, label: str = "custom.toml") -> Any:
    return parse_rules(datafile.parse(text.encode("utf-8"), label), label)


def squash(text: str) -> str:
    """Text without whitespace, so that a path Rich wrapped across lines still matches."""
    return re.sub(r"\s+", "", text)


def reconciles(doc: dict[str, Any]) -> bool:
    return all(
        abs(doc["baseline"][end] + sum(a[end] for a in doc["adjustments"]) - doc["years"][end])
        < 1e-9
        for end in ("low", "high")
    )


# --- the shipped rules -----------------------------------------------------------------------


def test_shipped_rules_load() -> None:
    rules = load_rules()
    assert rules.shipped is True
    assert rules.source == str(datafile.shipped("rules.toml"))
    assert rules.baseline.effect == Range(Decimal(3), Decimal(6))
    assert set(rules.tables["degree"]) == set(DEGREES)
    assert set(rules.tables["background"].options) == set(BACKGROUNDS)
    assert set(rules.tables["background"].experience_weight) == set(BACKGROUNDS)
    assert set(rules.tables["path_fit"]) == set(PATHS)
    assert set(rules.tables["certifications"].options) == set(CERTIFICATIONS)
    starts = [t.from_hours for t in rules.tables["pace"]]
    assert starts == sorted(set(starts))
    assert starts[0] <= 1
    assert rules.reference == REFERENCE
    assert rules.tables["experience"].cap is None  # years served are not capped: the floor is


def test_shipped_rules_cite_known_facts() -> None:
    for group, _applies, effect in load_rules().all_effects():
        assert effect.reason.strip(), (group, effect.id)
        assert effect.sources, (group, effect.id)
        assert set(effect.sources) <= FACT_IDS, (effect.id, set(effect.sources) - FACT_IDS)


def test_rules_json_lists_every_rule(run_json: Any) -> None:
    doc = run_json("rules")
    assert doc["schema_version"] == 1
    assert doc["shipped"] is True
    assert doc["file"] == str(datafile.shipped("rules.toml"))
    assert doc["reference"]["degree"] == "bachelor"
    rows = doc["rules"]
    assert len(rows) == len(load_rules().all_effects())
    for row in rows:
        assert {"id", "group", "applies", "label", "low", "high", "reason", "sources"} <= set(row)
        assert row["id"] and row["group"] and row["reason"].strip()
        assert row["sources"] and set(row["sources"]) <= FACT_IDS, row["id"]
    groups = {row["group"] for row in rows}
    assert groups == {
        "baseline",
        "degree",
        "background",
        "experience",
        "path-fit",
        "cert",
        "cert-cap",
        "pace",
        "skills",
        "skills-cap",
        "skills-most",
        "floor",
    }
    by_id = {row["id"]: row for row in rows}
    assert (by_id["baseline"]["low"], by_id["baseline"]["high"]) == (3, 6)
    assert (by_id["degree.none"]["low"], by_id["degree.none"]["high"]) == (0.5, 1.5)
    assert {f"degree.{d}" for d in DEGREES} <= set(by_id)
    assert {f"cert.{c}" for c in CERTIFICATIONS} <= set(by_id)
    assert sum(row["group"] == "pace" for row in rows) == len(load_rules().tables["pace"])


def test_rules_text_names_the_shipped_file(run: Any) -> None:
    result = run("rules")
    assert result.exit_code == 0, result.output
    assert "Rules file:" in result.stdout
    assert "(shipped)" in result.stdout
    assert "Baseline 3-6 years" in result.stdout


# --- custom rules files ----------------------------------------------------------------------


def test_rules_option_changes_the_estimate(run_json: Any, tmp_path: Path) -> None:
    custom = write(tmp_path, with_baseline("2", "4"))
    shipped = run_json("estimate", "--path", "standard")
    assert shipped["years"] == {"low": 3, "high": 6}
    doc = run_json("estimate", "--path", "standard", "--rules", str(custom))
    assert doc["years"] == {"low": 2, "high": 4}
    assert doc["baseline"] == {"low": 2, "high": 4}
    assert doc["months"] == {"low": 24, "high": 48}
    assert doc["rules_file"] == str(custom)
    assert reconciles(doc)


def test_rules_option_changes_one_factor(run_json: Any, tmp_path: Path) -> None:
    custom = write(
        tmp_path,
        edited(
            (
                "[degree.options.none]\nlow = 0.5\nhigh = 1.5",
                "[degree.options.none]\nlow = 2\nhigh = 3",
            )
        ),
    )
    doc = run_json("estimate", "--degree", "none", "--path", "standard", "--rules", str(custom))
    degree = next(a for a in doc["adjustments"] if a["id"] == "degree")
    assert (degree["low"], degree["high"]) == (2, 3)
    assert doc["years"] == {"low": 5, "high": 9}
    assert reconciles(doc)


def test_env_var_changes_the_estimate(run: Any, tmp_path: Path) -> None:
    import json

    custom = write(tmp_path, with_baseline("2", "4"))
    result = run("estimate", "--path", "standard", "--json", env={"POMPLAN_RULES": str(custom)})
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["years"] == {"low": 2, "high": 4}
    assert doc["rules_file"] == str(custom)


def test_empty_env_var_means_the_shipped_rules(run: Any) -> None:
    import json

    result = run("rules", "--json", env={"POMPLAN_RULES": ""})
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["shipped"] is True
    assert doc["file"] == str(datafile.shipped("rules.toml"))


def test_rules_option_wins_over_env_var(run: Any, tmp_path: Path) -> None:
    import json

    flag = write(tmp_path, with_baseline("2", "4"), "flag.toml")
    env = write(tmp_path, with_baseline("4", "8"), "env.toml")
    result = run(
        "estimate",
        "--path",
        "standard",
        "--json",
        "--rules",
        str(flag),
        env={"POMPLAN_RULES": str(env)},
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["years"] == {"low": 2, "high": 4}
    assert doc["rules_file"] == str(flag)


def test_a_broken_env_file_is_not_read_when_the_option_is_given(run: Any, tmp_path: Path) -> None:
    good = write(tmp_path, with_baseline("2", "4"), "good.toml")
    result = run(
        "estimate",
        "--path",
        "standard",
        "--rules",
        str(good),
        env={"POMPLAN_RULES": str(tmp_path / "missing.toml")},
    )
    assert result.exit_code == 0, result.stderr


def test_rules_command_shows_the_custom_file(run: Any, run_json: Any, tmp_path: Path) -> None:
    custom = write(tmp_path, with_baseline("2", "4"))
    doc = run_json("rules", "--rules", str(custom))
    assert doc["file"] == str(custom)
    assert doc["shipped"] is False
    baseline = next(row for row in doc["rules"] if row["id"] == "baseline")
    assert (baseline["low"], baseline["high"]) == (2, 4)

    result = run("rules", "--rules", str(custom))
    assert result.exit_code == 0, result.output
    assert squash(str(custom)) in squash(result.stdout)
    assert "(shipped)" not in result.stdout
    assert "Baseline 2-4 years" in result.stdout


def test_paths_compare_uses_the_custom_file(run_json: Any, tmp_path: Path) -> None:
    custom = write(tmp_path, with_baseline("2", "4"))
    doc = run_json("paths", "--compare", "--rules", str(custom))
    assert doc["rules_file"] == str(custom)
    assert doc["paths"][0]["years"] == {"low": 2, "high": 4}


def test_load_rules_from_a_file_labels_it_with_its_path(tmp_path: Path) -> None:
    custom = write(tmp_path, with_baseline("2.5", "5"))
    rules = load_rules(custom)
    assert rules.source == str(custom)
    assert rules.shipped is False
    assert estimate(REFERENCE, rules).years == Range(Decimal("2.5"), Decimal(5))


# --- validation errors -----------------------------------------------------------------------


def _syntax(tmp_path: Path) -> tuple[Path, list[str]]:
    text = edited(("[baseline]\nlow = 3\n", "[baseline]\nlow = = 3\n"))
    index = text.index("low = = 3")
    line = text.count("\n", 0, index) + 1
    column = "low = = 3".rindex("=") + 1
    return write(tmp_path, text), ["not valid TOML", f"line {line}", f"column {column}"]


def _case(*changes: tuple[str, str], expect: list[str]) -> Callable[[Path], tuple[Path, list[str]]]:
    def make(tmp_path: Path) -> tuple[Path, list[str]]:
        return write(tmp_path, edited(*changes)), expect

    return make


def _missing_mba(tmp_path: Path) -> tuple[Path, list[str]]:
    start = SHIPPED.index("[degree.options.mba]")
    end = SHIPPED.index("[background]")
    text = SHIPPED[:start] + SHIPPED[end:]
    return write(tmp_path, text), ["rule 'degree'", "key 'options.mba'", "missing"]


def _missing_file(tmp_path: Path) -> tuple[Path, list[str]]:
    return tmp_path / "nowhere.toml", ["no such file"]


def _directory(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "rules.d"
    folder.mkdir()
    return folder, ["is a directory"]


def _not_utf8(tmp_path: Path) -> tuple[Path, list[str]]:
    data = SHIPPED.encode("utf-8")
    offset = data.index(b"Typical")
    path = tmp_path / "latin.toml"
    path.write_bytes(data[:offset] + b"\xff" + data[offset:])
    return path, ["not UTF-8", f"offset {offset}"]


def _empty(tmp_path: Path) -> tuple[Path, list[str]]:
    return write(tmp_path, ""), ["key 'schema_version'", "missing"]


CASES: dict[str, Callable[[Path], tuple[Path, list[str]]]] = {
    "toml-syntax": _syntax,
    "not-a-number": _case(
        ("[degree.options.mba]\nlow = -0.25", '[degree.options.mba]\nlow = "abc"'),
        expect=["rule 'degree'", "key 'options.mba.low'", "expected a number", "'abc'"],
    ),
    "boolean-not-a-number": _case(
        ("per_year_high = -1", "per_year_high = true"),
        expect=["rule 'experience'", "key 'per_year_high'", "expected a number"],
    ),
    "missing-option": _missing_mba,
    "unknown-key": _case(
        ("[baseline]\nlow = 3\nhigh = 6\nreason", "[baseline]\nlow = 3\nhigh = 6\nreasn"),
        expect=["rule 'baseline'", "key 'reasn'", "unknown key"],
    ),
    "unknown-option-key": _case(
        ("[degree.options.none]\nlow = 0.5", "[degree.options.none]\nlwo = 0.5"),
        expect=["rule 'degree'", "key 'options.none.lwo'", "unknown key"],
    ),
    "unknown-top-level": _case(
        ("[floor]\n", "[flor]\n"),
        expect=["key 'flor'", "unknown key"],
    ),
    "newer-schema": _case(
        ("schema_version = 1", "schema_version = 2"),
        expect=["schema_version 2", "newer", "upgrade"],
    ),
    "missing-file": _missing_file,
    "directory": _directory,
    "not-utf8": _not_utf8,
    "empty-file": _empty,
    "nan": _case(
        ("[floor]\nlow = 0.5", "[floor]\nlow = nan"),
        expect=["rule 'floor'", "key 'low'", "finite"],
    ),
    "inf": _case(
        ("[floor]\nlow = 0.5\nhigh = 1", "[floor]\nlow = 0.5\nhigh = inf"),
        expect=["rule 'floor'", "key 'high'", "finite"],
    ),
    "negative-inf-in-option": _case(
        ("[degree.options.master]\nlow = -0.25", "[degree.options.master]\nlow = -inf"),
        expect=["rule 'degree'", "key 'options.master.low'", "finite"],
    ),
    "pace-out-of-order": _case(
        ("from_hours = 8\n", "from_hours = 4\n"),
        expect=["rule 'pace', tier #4", "key 'from_hours'", "increasing"],
    ),
    "pace-repeated": _case(
        ("from_hours = 8\n", "from_hours = 5\n"),
        expect=["rule 'pace', tier #4", "key 'from_hours'", "increasing"],
    ),
    "positive-certification": _case(
        (
            'label = "Lean certificate"\nlow = -0.1',
            'label = "Lean certificate"\nlow = 0.1',
        ),
        expect=["rule 'certifications'", "key 'options.lean.low'", "only shorten"],
    ),
    "reference-unknown-degree": _case(
        ('[reference]\ndegree = "bachelor"', '[reference]\ndegree = "phd"'),
        expect=["rule 'reference'", "key 'degree'", "'phd'"],
    ),
    "reference-hours-out-of-range": _case(
        ("hours_per_week = 5", "hours_per_week = 0"),
        expect=["rule 'reference'", "key 'hours_per_week'", "between 1 and 80"],
    ),
    "unknown-fit-background": _case(
        ('fits = ["customer-success"]', 'fits = ["customer-sucess"]'),
        expect=["rule 'path_fit'", "key 'paths.customer-success.fits'", "'customer-sucess'"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_validation_error_is_one_line_naming_file_rule_and_key(
    case: str, run: Any, tmp_path: Path
) -> None:
    path, expected = CASES[case](tmp_path)
    result = run("estimate", "--rules", str(path))
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.stdout == ""
    err = result.stderr
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert "error:" in err
    assert str(path) in err
    for fragment in expected:
        assert fragment in err, (fragment, err)


@pytest.mark.parametrize("command", [("rules",), ("paths", "--compare")])
def test_validation_errors_reach_every_command_that_reads_rules(
    command: tuple[str, ...], run: Any, tmp_path: Path
) -> None:
    path = write(tmp_path, edited(("schema_version = 1", "schema_version = 2")))
    result = run(*command, "--rules", str(path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert str(path) in result.stderr and "schema_version 2" in result.stderr


def test_validation_error_through_env_var(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path, edited(("[floor]\nlow = 0.5", "[floor]\nlow = nan")))
    result = run("estimate", env={"POMPLAN_RULES": str(path)})
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert str(path) in result.stderr and "key 'low'" in result.stderr


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        (
            [(BASELINE_BLOCK, "[baseline]\nlow = 0\nhigh = 6\n")],
            ["rule 'baseline'", "key 'low'", "0 < low <= high"],
        ),
        (
            [(BASELINE_BLOCK, "[baseline]\nlow = 6\nhigh = 3\n")],
            ["rule 'baseline'", "0 < low <= high"],
        ),
        (
            [("[floor]\nlow = 0.5\nhigh = 1", "[floor]\nlow = -0.5\nhigh = 1")],
            ["rule 'floor'", "key 'low'", "0 <= low <= high"],
        ),
        (
            [("per_year_low = -1", "per_year_low = 0.25")],
            ["rule 'experience'", "key 'per_year_low'", "only shorten"],
        ),
        (
            [("per_year_high = -1", "per_year_high = -1\ncap_years = -1")],
            ["rule 'experience'", "key 'cap_years'", "0 or more"],
        ),
        (
            [("cap_low = -0.5", "cap_low = 0.5")],
            ["rule 'certifications'", "key 'cap_low'", "<= 0"],
        ),
        (
            [("experience_weight = 0.25", "experience_weight = 1.25")],
            ["rule 'background'", "key 'options.unrelated.experience_weight'", "between 0 and 1"],
        ),
        (
            [("[[pace.tiers]]\nfrom_hours = 1\n", "[[pace.tiers]]\nfrom_hours = 2\n")],
            ["rule 'pace'", "key 'tiers'", "first tier"],
        ),
        (
            [('[reference]\ndegree = "bachelor"', '[reference]\ndegree = ""')],
            ["rule 'reference'", "key 'degree'", "non-empty text"],
        ),
        (
            [('[reference]\ndegree = "bachelor"', '[reference]\ndegree = "mba"')],
            [],  # a valid reference: no error
        ),
    ],
)
def test_parse_rules_checks(changes: list[tuple[str, str]], fragments: list[str]) -> None:
    text = edited(*changes)
    if not fragments:
        assert parsed(text).reference.degree == "mba"
        return
    with pytest.raises(DataFileError) as info:
        parsed(text)
    message = str(info.value)
    assert message.startswith("custom.toml")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_parse_rules_rejects_a_tier_list_that_is_empty() -> None:
    start = SHIPPED.index("[[pace.tiers]]")
    end = SHIPPED.index("[floor]")
    with pytest.raises(DataFileError, match=r"rule 'pace'.*key 'tiers'"):
        parsed(SHIPPED[:start] + "tiers = []\n\n" + SHIPPED[end:])


def test_load_rules_error_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, edited(("hours_per_week = 5", 'hours_per_week = "five"')))
    with pytest.raises(DataFileError) as info:
        load_rules(path)
    assert str(info.value).startswith(f"{path}, rule 'reference', key 'hours_per_week'")
    assert info.value.exit_code == 1


# --- floor and certification cap -------------------------------------------------------------


def test_floor_lifts_a_range_below_it(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, with_baseline("0.25", "0.5")))
    e = estimate(REFERENCE, rules)
    assert e.years == Range(Decimal("0.5"), Decimal(1))
    floors = [a for a in e.adjustments if a.id == "floor"]
    assert len(floors) == 1
    assert floors[0].effect == Range(Decimal("0.25"), Decimal("0.5"))
    assert e.adjustments[-1].id == "floor"
    total = e.baseline
    for a in e.adjustments:
        total = total.plus(a.effect)
    assert total == e.years


def test_floor_can_lift_the_low_end_alone(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, with_baseline("0.25", "6")))
    e = estimate(REFERENCE, rules)
    assert e.years == Range(Decimal("0.5"), Decimal(6))
    floor = next(a for a in e.adjustments if a.id == "floor")
    assert floor.effect == Range(Decimal("0.25"), Decimal(0))


def test_no_floor_line_when_the_range_is_above_it() -> None:
    e = estimate(REFERENCE, load_rules())
    assert "floor" not in {a.id for a in e.adjustments}
    assert "cert-cap" not in {a.id for a in e.adjustments}


def test_floor_line_in_the_cli(run: Any, run_json: Any, tmp_path: Path) -> None:
    custom = write(tmp_path, with_baseline("0.25", "0.5"))
    doc = run_json("estimate", "--path", "standard", "--rules", str(custom))
    floor = next(a for a in doc["adjustments"] if a["id"] == "floor")
    assert (floor["low"], floor["high"]) == (0.25, 0.5)
    assert floor["reason"].strip() and floor["sources"]
    assert doc["years"] == {"low": 0.5, "high": 1}
    assert doc["months"] == {"low": 6, "high": 12}
    assert reconciles(doc)

    result = run("estimate", "--path", "standard", "--rules", str(custom))
    assert result.exit_code == 0, result.output
    assert re.search(r"^Floor\s+\+0\.25\s+\+0\.5\b", result.stdout, re.MULTILINE), result.stdout


def test_cert_cap_line_when_certificates_exceed_it(tmp_path: Path) -> None:
    custom = write(tmp_path, edited((CAP_LINES, "cap_low = -0.1\ncap_high = -0.2\n")))
    rules = load_rules(custom)
    profile = REFERENCE._replace(certifications=("product-operations",))
    e = estimate(profile, rules)
    cap = next(a for a in e.adjustments if a.id == "cert-cap")
    assert cap.effect == Range(Decimal("0.15"), Decimal("0.3"))
    certs = [a for a in e.adjustments if a.id.startswith("cert-")]
    total = (
        sum((a.effect.low for a in certs), Decimal(0)),
        sum((a.effect.high for a in certs), Decimal(0)),
    )
    assert total == (Decimal("-0.1"), Decimal("-0.2"))
    assert e.years == Range(Decimal("2.9"), Decimal("5.8"))


def test_cert_cap_line_in_the_cli(run_json: Any, tmp_path: Path) -> None:
    custom = write(tmp_path, edited((CAP_LINES, "cap_low = -0.1\ncap_high = -0.2\n")))
    doc = run_json(
        "estimate", "--path", "standard", "--cert", "product-operations", "--rules", str(custom)
    )
    cap = next(a for a in doc["adjustments"] if a["id"] == "cert-cap")
    assert (cap["low"], cap["high"]) == (0.15, 0.3)
    assert doc["years"] == {"low": 2.9, "high": 5.8}
    assert reconciles(doc)


def test_shipped_cap_limits_all_certificates_together() -> None:
    rules = load_rules()
    profile = REFERENCE._replace(certifications=CERTIFICATIONS)
    e = estimate(profile, rules)
    certs = [a for a in e.adjustments if a.id.startswith("cert-")]
    assert "cert-cap" in {a.id for a in certs}
    low = sum((a.effect.low for a in certs), Decimal(0))
    high = sum((a.effect.high for a in certs), Decimal(0))
    assert (low, high) == (
        rules.tables["certifications"].cap.effect.low,
        rules.tables["certifications"].cap.effect.high,
    )
    assert e.years == Range(Decimal("2.5"), Decimal(5))


def test_cert_within_the_cap_has_no_cap_line() -> None:
    profile = REFERENCE._replace(certifications=("lean",))
    e = estimate(profile, load_rules())
    assert "cert-cap" not in {a.id for a in e.adjustments}
    assert e.years == Range(Decimal("2.9"), Decimal("5.75"))


# --- rules --toml ----------------------------------------------------------------------------


def test_rules_toml_prints_the_shipped_file_which_loads_back(run: Any, tmp_path: Path) -> None:
    result = run("rules", "--toml")
    assert result.exit_code == 0, result.output
    assert result.stdout == SHIPPED
    copy = write(tmp_path, result.stdout)
    rules = load_rules(copy)
    shipped = load_rules()
    assert rules.all_effects() == shipped.all_effects()
    assert rules.reference == shipped.reference


def test_rules_toml_prints_the_custom_file(run: Any, tmp_path: Path) -> None:
    text = with_baseline("2", "4")
    custom = write(tmp_path, text)
    result = run("rules", "--toml", "--rules", str(custom))
    assert result.exit_code == 0, result.output
    assert result.stdout == text


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (
            'label = "Lean certificate"\nlow = -0.1\nhigh = -0.25',
            'label = "Lean certificate"\nlow = -0.1\nhigh = 0.25',
            "key 'options.lean.high'",
        ),
        ("per_year_high = -1", "per_year_high = 0.4", "key 'per_year_high'"),
        ("cap_high = -1", "cap_high = 1", "key 'cap_high'"),
    ],
)
def test_a_positive_high_end_is_reported_at_the_high_key(
    old: str, new: str, key: str, run: Any, tmp_path: Path
) -> None:
    assert SHIPPED.count(old) == 1
    path = tmp_path / "custom.toml"
    path.write_text(SHIPPED.replace(old, new), encoding="utf-8")
    result = run("estimate", "--rules", str(path))
    assert result.exit_code == 1
    assert key in result.stderr, result.stderr


def test_empty_rules_option_means_the_shipped_rules(run: Any) -> None:
    result = run("rules", "--json", "--rules", "")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["shipped"] is True
