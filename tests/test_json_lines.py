"""The batch's fast estimate documents are exactly the ones ``pomplan estimate`` writes.

``render.json_lines.EstimateLines`` puts each document together from cached pieces; here it is
held, value for value, to ``json_doc.estimate(build_report(...))``, the path every other command
takes, over random profiles, with the shipped rules and with rules where the floor bites.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan import batch, datafile
from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATH_CHOICES
from pomplan.render import json_doc
from pomplan.render import rows as render_rows
from pomplan.render.json_lines import EstimateLines
from pomplan.report import Given, build_report
from pomplan.rules import Rules, load_rules, parse_rules

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "rules.toml"


@cache
def rules(kind: str) -> Rules:
    if kind == "shipped":
        return load_rules(None)
    # A short baseline and a high floor: the floor line appears for many profiles.
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace("[baseline]\nlow = 3\nhigh = 6\n", "[baseline]\nlow = 1\nhigh = 2\n")
    text = text.replace("[floor]\nlow = 0.5\nhigh = 1\n", "[floor]\nlow = 1.5\nhigh = 2.5\n")
    assert "low = 1.5" in text and "low = 1\nhigh = 2" in text
    return parse_rules(datafile.parse(text.encode("utf-8"), "floor.toml"), "floor.toml")


def maybe(values: Any) -> Any:
    return st.none() | values


profiles = st.builds(
    Given,
    degree=maybe(st.sampled_from(DEGREES)),
    background=maybe(st.sampled_from(BACKGROUNDS)),
    experience_years=maybe(st.integers(0, 100).map(lambda n: Decimal(n) / 2)),
    path=maybe(st.sampled_from(PATH_CHOICES)),
    certifications=maybe(
        st.lists(st.sampled_from(CERTIFICATIONS), unique=True, max_size=7).map(tuple)
    ),
    hours_per_week=maybe(st.integers(1, 80).map(Decimal)),
)


@settings(max_examples=400, deadline=None)
@given(who=profiles, kind=st.sampled_from(["shipped", "floor"]))
def test_a_fast_document_is_the_estimate_document(who: Given, kind: str) -> None:
    chosen = rules(kind)
    fast = json.loads("{" + EstimateLines(chosen).body(who))
    slow = json.loads(json.dumps(json_doc.estimate(build_report(who, chosen))))
    assert fast == slow
    assert list(fast) == list(slow)  # the same key order, too


def test_the_floor_rules_do_reach_the_floor() -> None:
    report = build_report(Given(degree="mba", certifications=("lean", "agile")), rules("floor"))
    assert report.estimate.adjustments[-1].id == "floor"
    fast = json.loads("{" + EstimateLines(rules("floor")).body(Given(degree="mba")))
    assert fast["adjustments"][-1]["id"] == "floor"


@settings(max_examples=100, deadline=None)
@given(people=st.lists(profiles, min_size=1, max_size=30))
def test_cached_pieces_never_leak_between_rows(people: list[Given]) -> None:
    # One composer for many rows, as a batch uses it: each row still gets its own document.
    lines = EstimateLines(rules("shipped"))
    for who in people:
        expected = json_doc.estimate(build_report(who, rules("shipped")))
        assert json.loads("{" + lines.body(who)) == json.loads(json.dumps(expected))


@settings(max_examples=100, deadline=None)
@given(people=st.lists(profiles, min_size=1, max_size=20))
def test_csv_cells_say_what_the_estimate_says(people: list[Given]) -> None:
    out = io.StringIO()
    rows = [batch.Row(n, f"r{n}", {}) for n in range(1, len(people) + 1)]
    write = render_rows.csv_writer(out, rules("shipped"))
    for row, who in zip(rows, people, strict=True):
        write(row, who, None)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    for record, who in zip(table, people, strict=True):
        report = build_report(who, rules("shipped"))
        e = report.estimate
        assert record["path"] == e.profile.path
        assert record["path_automatic"] == ("true" if report.path_choice.automatic else "false")
        assert (Decimal(record["years_low"]), Decimal(record["years_high"])) == e.years
        assert (int(record["months_low"]), int(record["months_high"])) == e.months
        assert record["assumed"] == ";".join(a.field for a in report.assumptions)
        assert record["certifications"] == ";".join(e.profile.certifications)
