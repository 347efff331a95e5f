"""The JSON contract (docs/json.md): every ``--json`` document, checked against its schema.

Each command is run in-process with ``--json``; stdout must hold exactly one JSON document that
validates against ``docs/schemas/<name>.schema.json``. Errors must leave stdout empty. A few
pinned-field tests name the documented fields outright, so renaming one fails here even if
someone also edits the schema.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from pomplan import datafile

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schemas"
JSON_DOC = ROOT / "docs" / "json.md"

DEGREES = ("none", "bachelor-other", "bachelor", "master", "mba")
BACKGROUNDS = (
    "project-management",
    "business-analysis",
    "product-management",
    "data-analysis",
    "customer-success",
    "operations",
    "engineering",
    "program-management",
    "product-marketing",
    "partnerships",
    "general-business",
    "unrelated",
    "none",
)
PATHS = ("standard", "customer-success", "project-management", "data-analysis", "education")
CERTIFICATIONS = (
    "lean",
    "six-sigma",
    "agile",
    "project-management",
    "product-management",
    "product-operations",
    "data-analytics",
)
ALL_CERTS = ",".join(CERTIFICATIONS)

ESTIMATE_PROFILES: list[tuple[str, ...]] = [
    (),
    ("--background", "data-analysis"),
    ("--background", "engineering", "--experience", "3"),
    ("--degree", "none", "--background", "none", "--hours-per-week", "1"),
    ("--degree", "bachelor-other", "--background", "unrelated", "--path", "education"),
    ("--degree", "master", "--background", "customer-success", "--path", "customer-success"),
    ("--background", "operations", "--experience", "2.5", "--hours-per-week", "7.5"),
    ("--background", "business-analysis", "--path", "auto", "--cert", "agile", "--cert", "lean"),
    ("--degree", "mba", "--experience", "10", "--hours-per-week", "40", "--cert", ALL_CERTS),
    ("--background", "product-management", "--path", "project-management", "--experience", "50"),
]
COMPARE_PROFILES: list[tuple[str, ...]] = [
    (),
    ("--background", "engineering"),
    ("--background", "customer-success", "--experience", "4", "--cert", "product-operations"),
    ("--degree", "none", "--background", "none", "--hours-per-week", "2"),
    ("--degree", "mba", "--background", "data-analysis", "--hours-per-week", "20"),
]
FAQ_QUERIES: list[tuple[str, ...]] = [
    (),
    ("degree",),
    ("how", "long"),
    ("no experience",),
    ("certifcations",),  # a typo still finds the entry
    ("MBA",),
]

# (schema name, command line without --json)
CASES: list[tuple[str, tuple[str, ...]]] = [
    *[("estimate", ("estimate", *p)) for p in ESTIMATE_PROFILES],
    ("paths", ("paths",)),
    *[("paths-compare", ("paths", "--compare", *p)) for p in COMPARE_PROFILES],
    *[("path", ("paths", "show", p)) for p in PATHS],
    ("path", ("paths", "show", "Customer Success")),  # case and spacing are forgiven
    *[("faq", ("faq", *q)) for q in FAQ_QUERIES],
    ("steps", ("steps",)),
    ("skills", ("skills",)),
    ("skills", ("skills", "show", "communication")),
    ("skills-mine", ("skills", "--mine")),
    ("rules", ("rules",)),
    ("sources", ("sources",)),
    # The plan and profile documents; tests/test_json_contract_plan.py covers them in depth.
    ("plan", ("plan",)),
    ("progress", ("progress",)),
    ("profile", ("profile", "show")),
    ("profile-list", ("profile", "list")),
    ("profile-path", ("profile", "path")),
    ("profile-reset", ("profile", "reset", "--yes")),
    ("notes", ("note", "list")),
    ("cohort", ("cohort",)),  # tests/test_cohort*.py cover the cohort documents in depth
]


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


@cache
def registry() -> Registry:
    """Every schema under its file name, for schemas that refer to another one."""
    return Registry().with_resources(
        (f"{n}.schema.json", Resource.from_contents(schema(n))) for n in schema_names()
    )


def validate(name: str, doc: Any) -> None:
    """Validate ``doc`` against schema ``name``; fail with every error, each with its location."""
    # No format_checker: formats are annotations.
    validator = Draft202012Validator(schema(name), registry=registry())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def one_document(run: Any, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run ``pomplan ARGS --json``; assert success and exactly one JSON document on stdout."""
    result = run(*args, "--json", env=env)
    assert result.exit_code == 0, (
        f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    )
    assert result.stderr == ""
    out = result.stdout
    assert out.endswith("\n") and not out.endswith("\n\n"), "one document, one trailing newline"
    doc, end = json.JSONDecoder().raw_decode(out)
    assert out[end:].strip() == "", f"more than one document on stdout: {out[end:]!r}"
    assert isinstance(doc, dict)
    assert doc["schema_version"] == 1
    return doc


def schema_names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def exact(value: Any) -> Decimal:
    """A JSON number as Decimal, the way pomplan computed it (it prints Decimals via float)."""
    return Decimal(repr(value))


# --- The schemas themselves -----------------------------------------------------------------


def test_schema_files_exist() -> None:
    assert schema_names() == sorted(
        [
            *("estimate", "paths", "paths-compare", "path", "faq", "steps", "skills", "rules"),
            *("sources", "plan", "progress", "profile", "profile-list", "profile-path"),
            *("profile-reset", "estimate-line", "skills-mine"),
            *("notes", "profile-bundle", "profile-import", "match"),
            *("cohort", "cohort-import", "cohort-export"),
        ]
    )


@pytest.mark.parametrize("name", schema_names())
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    s = schema(name)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(s)
    assert "schema_version" in s["required"]
    assert s["properties"]["schema_version"] == {"$ref": "#/$defs/schema_version"}
    assert s["$defs"]["schema_version"]["const"] == 1


def test_every_schema_is_exercised() -> None:
    used = {name for name, _ in CASES} | {"estimate-line"}  # see test_estimate_lines_*
    used |= {"profile-bundle", "profile-import"}  # see tests/test_bundle.py
    used |= {"match"}  # see tests/test_match*.py (it needs files)
    used |= {"cohort-import", "cohort-export"}  # tests/test_cohort_import.py, _export.py
    assert used == set(schema_names()), f"schemas without a test: {set(schema_names()) - used}"


def test_json_md_mentions_every_schema() -> None:
    text = JSON_DOC.read_text("utf-8")
    missing = [n for n in schema_names() if f"schemas/{n}.schema.json" not in text]
    assert not missing, f"docs/json.md does not link: {missing}"


# --- Every command, several argument variants -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"), CASES, ids=[" ".join(args) or "estimate" for _, args in CASES]
)
def test_document_matches_schema(run: Any, name: str, args: tuple[str, ...]) -> None:
    validate(name, one_document(run, *args))


def test_every_path_id_can_be_shown(run: Any) -> None:
    listed = [p["id"] for p in one_document(run, "paths")["paths"]]
    assert tuple(listed) == PATHS
    for path_id in listed:
        doc = one_document(run, "paths", "show", path_id)
        validate("path", doc)
        assert doc["path"]["id"] == path_id


def test_every_faq_id_finds_its_entry(run: Any) -> None:
    everything = one_document(run, "faq")
    assert everything["query"] is None
    for entry in everything["entries"]:
        doc = one_document(run, "faq", entry["id"])
        validate("faq", doc)
        assert doc["query"] == entry["id"]
        assert doc["entries"] == [entry]


def test_rules_from_a_custom_file(run: Any, tmp_path: Path) -> None:
    custom = tmp_path / "my-rules.toml"
    custom.write_bytes(datafile.shipped("rules.toml").read_bytes())
    rules = one_document(run, "rules", "--rules", str(custom))
    validate("rules", rules)
    assert rules["file"] == str(custom)
    assert rules["shipped"] is False
    estimate = one_document(run, "estimate", "--background", "engineering", "--rules", str(custom))
    validate("estimate", estimate)
    assert estimate["rules_file"] == str(custom)
    compared = one_document(run, "paths", "--compare", "--rules", str(custom))
    validate("paths-compare", compared)
    assert compared["rules_file"] == str(custom)


def test_json_before_the_subcommand(run: Any) -> None:
    result = run("paths", "--json", "show", "education")
    assert result.exit_code == 0
    validate("path", json.loads(result.stdout))


def test_terminal_settings_do_not_change_json(run: Any) -> None:
    plain = run("estimate", "--background", "data-analysis", "--json").stdout
    loud = run(
        "estimate",
        "--background",
        "data-analysis",
        "--json",
        env={"FORCE_COLOR": "1", "COLUMNS": "20", "TERM": "xterm-256color"},
    ).stdout
    assert loud == plain


# --- Errors: nothing on stdout -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("estimate", "--background", "nope"), 2),
        (("estimate", "--degree", "diploma"), 2),
        (("estimate", "--experience", "lots"), 2),
        (("estimate", "--hours-per-week", "0"), 2),
        (("estimate", "--cert", "itil"), 2),
        (("estimate", "--no-such-flag"), 2),
        (("paths", "show", "nope"), 2),
        (("paths", "--background", "engineering"), 2),
        (("paths", "--compare", "--background", "nope"), 2),
        (("rules", "--toml"), 2),
        (("faq", "zzzqqq"), 1),
        (("estimate", "--rules", "/no/such/rules.toml"), 1),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v),
)
def test_error_leaves_stdout_empty(run: Any, args: tuple[str, ...], code: int) -> None:
    result = run(*args, "--json")
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "error:" in lines[0], result.stderr


# --- Pinned fields: renaming a documented field must fail here ---------------------------------

PROFILE_KEYS = {
    "degree",
    "background",
    "experience_years",
    "path",
    "certifications",
    "hours_per_week",
}
PATH_KEYS = {"id", "name", "summary", "suits", "strengths", "gaps", "first_steps", "sources"}


def check_profile(p: dict[str, Any], *, with_path: bool = True) -> None:
    assert set(p) >= (PROFILE_KEYS if with_path else PROFILE_KEYS - {"path"})
    assert p["degree"] in DEGREES
    assert p["background"] in BACKGROUNDS
    if with_path:
        assert p["path"] in PATHS
    assert is_number(p["experience_years"])
    assert is_number(p["hours_per_week"])
    assert all(c in CERTIFICATIONS for c in p["certifications"])


def check_span(span: dict[str, Any], *, integers: bool) -> None:
    assert set(span) >= {"low", "high"}
    for end in ("low", "high"):
        if integers:
            assert type(span[end]) is int, f"{end} must be an integer, got {span[end]!r}"
        else:
            assert is_number(span[end])
    assert span["low"] <= span["high"]


def months_of(years: Any) -> int:
    return int((exact(years) * 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("profile", ESTIMATE_PROFILES, ids=lambda p: " ".join(p) or "reference")
def test_estimate_pinned_fields(run: Any, profile: tuple[str, ...]) -> None:
    doc = one_document(run, "estimate", *profile)
    assert set(doc) >= {
        "schema_version",
        "profile",
        "path_choice",
        "baseline",
        "adjustments",
        "years",
        "months",
        "assumptions",
        "next_steps",
        "rules_file",
    }
    check_profile(doc["profile"])
    assert set(doc["path_choice"]) >= {"automatic", "reason"}
    assert isinstance(doc["path_choice"]["automatic"], bool)
    check_span(doc["baseline"], integers=False)
    check_span(doc["years"], integers=False)
    check_span(doc["months"], integers=True)
    for adj in doc["adjustments"]:
        assert set(adj) >= {"id", "label", "low", "high", "reason", "sources"}
        assert is_number(adj["low"]) and is_number(adj["high"])
        assert adj["sources"] and all(isinstance(s, str) for s in adj["sources"])
    for a in doc["assumptions"]:
        assert set(a) >= {"field", "value", "note"}
    assert all(isinstance(s, str) for s in doc["next_steps"])
    assert isinstance(doc["rules_file"], str)

    # What docs/json.md promises about the numbers.
    for end in ("low", "high"):
        total = exact(doc["baseline"][end]) + sum(exact(a[end]) for a in doc["adjustments"])
        assert total == exact(doc["years"][end]), f"{end}: the adjustments do not add up"
        assert doc["months"][end] == months_of(doc["years"][end])
    assert doc["path_choice"]["automatic"] == ("--path" not in profile or "auto" in profile)


@pytest.mark.parametrize("profile", COMPARE_PROFILES, ids=lambda p: " ".join(p) or "reference")
def test_compare_pinned_fields(run: Any, profile: tuple[str, ...]) -> None:
    doc = one_document(run, "paths", "--compare", *profile)
    assert set(doc) >= {"schema_version", "profile", "assumptions", "paths", "rules_file"}
    check_profile(doc["profile"], with_path=False)
    assert sorted(p["id"] for p in doc["paths"]) == sorted(PATHS)
    for p in doc["paths"]:
        assert set(p) >= PATH_KEYS | {"years", "months"}
        check_span(p["years"], integers=False)
        check_span(p["months"], integers=True)
    order = [(exact(p["years"]["high"]), exact(p["years"]["low"])) for p in doc["paths"]]
    assert order == sorted(order), "paths must come fastest first"
    # The first path is the one `estimate` picks automatically for the same profile.
    estimate = one_document(run, "estimate", *profile)
    assert estimate["profile"]["path"] == doc["paths"][0]["id"]
    assert estimate["years"] == doc["paths"][0]["years"]


def test_reference_documents_pinned_fields(run: Any) -> None:
    paths = one_document(run, "paths")
    assert set(paths) >= {"schema_version", "paths"}
    for p in paths["paths"]:
        assert set(p) >= PATH_KEYS
        assert all("text" in step for step in p["first_steps"])
    assert set(one_document(run, "paths", "show", "standard")["path"]) >= PATH_KEYS

    faq = one_document(run, "faq", "degree")
    assert set(faq) >= {"schema_version", "query", "entries"}
    assert all(set(e) >= {"id", "question", "answer", "sources"} for e in faq["entries"])

    steps = one_document(run, "steps")
    assert [s["number"] for s in steps["steps"]] == list(range(1, len(steps["steps"]) + 1))
    assert all(
        set(s) >= {"id", "number", "title", "summary", "actions", "sources"} for s in steps["steps"]
    )

    skills = one_document(run, "skills")
    assert all(
        set(s) >= {"id", "name", "group", "why", "practice", "sources"} for s in skills["skills"]
    )

    rules = one_document(run, "rules")
    assert set(rules) >= {"schema_version", "file", "shipped", "reference", "rules"}
    assert rules["shipped"] is True
    check_profile(rules["reference"])
    assert all(
        set(r) >= {"id", "group", "applies", "label", "low", "high", "reason", "sources"}
        for r in rules["rules"]
    )

    sources = one_document(run, "sources")
    assert set(sources) >= {"schema_version", "sources", "facts"}
    assert all(
        set(s) >= {"id", "title", "publisher", "kind", "url", "year"} for s in sources["sources"]
    )
    assert all(set(f) >= {"id", "summary"} for f in sources["facts"])


def test_every_cited_fact_is_listed_by_sources(run: Any) -> None:
    facts = {f["id"] for f in one_document(run, "sources")["facts"]}
    cited: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    cited.update(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for args in (("paths",), ("faq",), ("steps",), ("skills",), ("rules",), ("estimate",)):
        walk(one_document(run, *args))
    assert cited <= facts, f"cited but not listed by `pomplan sources`: {sorted(cited - facts)}"


# --- The schemas are strict where it matters ---------------------------------------------------


def mutated(doc: dict[str, Any], change: Any) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(doc))
    change(copy)
    return copy


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.update(schema_version=2), id="schema_version 2"),
        pytest.param(lambda d: d.pop("years"), id="years missing"),
        pytest.param(lambda d: d["months"].update(low=36.5), id="months not integer"),
        pytest.param(lambda d: d["years"].update(low="3"), id="years as text"),
        pytest.param(lambda d: d["profile"].update(degree="phd"), id="unknown degree"),
        pytest.param(lambda d: d["profile"].update(background="sales"), id="unknown background"),
        pytest.param(lambda d: d["profile"].update(path="auto"), id="path auto"),
        pytest.param(lambda d: d["profile"].update(certifications=["pmp"]), id="unknown cert"),
        pytest.param(lambda d: d["adjustments"][0].update(sources=[""]), id="empty source"),
        pytest.param(
            lambda d: d["adjustments"][0].update(why=d["adjustments"][0].pop("reason")),
            id="renamed field",
        ),
    ],
)
def test_estimate_schema_rejects(run: Any, change: Any) -> None:
    doc = one_document(run, "estimate")
    validate("estimate", doc)
    bad = mutated(doc, change)
    assert list(Draft202012Validator(schema("estimate")).iter_errors(bad)), "should be rejected"


def test_schemas_allow_new_top_level_fields(run: Any) -> None:
    for name, args in [("estimate", ("estimate",)), ("faq", ("faq",)), ("sources", ("sources",))]:
        validate(name, {**one_document(run, *args), "added_later": [1, 2, 3]})


# --- docs/json.md stays true ------------------------------------------------------------------


def json_examples() -> list[str]:
    text = JSON_DOC.read_text("utf-8")
    return [block.split("```", 1)[0] for block in text.split("```json\n")[1:]]


def test_json_md_examples_parse() -> None:
    examples = json_examples()
    assert len(examples) >= 9
    for example in examples:
        assert json.loads(example)["schema_version"] == 1


def test_json_md_estimate_example_is_real_output(run: Any) -> None:
    shown = next(json.loads(e) for e in json_examples() if '"path_choice"' in e)
    real = one_document(run, "estimate", "--background", "data-analysis")
    shown.pop("rules_file")
    real.pop("rules_file")
    assert shown == real, "update the estimate example in docs/json.md"


# --- estimate --what-if and estimate --input ---------------------------------------------------


def test_what_if_scenarios_match_the_schema(run: Any) -> None:
    doc = one_document(
        run, "estimate", "--what-if", "degree=master", "--what-if", "cert=six-sigma,hours=10"
    )
    validate("estimate", doc)
    assert [s["change"] for s in doc["scenarios"]] == [
        "cert=six-sigma,hours-per-week=10",
        "degree=master",
    ]
    for key in ("change", "profile", "years", "months", "saved_months"):
        assert key in doc["scenarios"][0]
    assert "scenarios" not in one_document(run, "estimate")


def test_estimate_lines_match_the_schema(run: Any, tmp_path: Path) -> None:
    rows = tmp_path / "cohort.csv"
    rows.write_text(
        "id,degree,background,experience_years,path,certifications,hours_per_week\n"
        "a,master,data-analysis,3,auto,lean;agile,10\n"
        "b,,,,,,\n"
        "c,diploma,,,,,\n",
        encoding="utf-8",
    )
    result = run("estimate", "--input", str(rows))
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["row"] for line in lines] == [1, 2, 3]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    for line in lines:
        validate("estimate-line", line)
    assert "error" in lines[2] and "profile" not in lines[2]
    # An estimate line that lost a field, or an error record without its message, fails.
    broken = dict(lines[0])
    del broken["years"]
    with pytest.raises(AssertionError):
        validate("estimate-line", broken)
    with pytest.raises(AssertionError):
        validate("estimate-line", {"row": 3, "id": "c", "schema_version": 1})
