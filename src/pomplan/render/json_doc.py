"""The JSON contract (``docs/json.md``): one document per command, each with ``schema_version``.

Builds plain dicts from core values; never imports Rich.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from pomplan.content import Source
from pomplan.model import (
    Action,
    Assumption,
    CareerPath,
    Estimate,
    EstimateReport,
    FaqEntry,
    Profile,
    Range,
    Skill,
    Step,
)
from pomplan.rules import Rules

SCHEMA_VERSION = 1
JSONValue = Any


def num(value: Decimal) -> int | float:
    """A Decimal as a JSON number: whole numbers stay integers."""
    return int(value) if value == value.to_integral_value() else float(value)


def span(years: Range) -> dict[str, int | float]:
    return {"low": num(years.low), "high": num(years.high)}


def months(estimate: Estimate) -> dict[str, int]:
    low, high = estimate.months
    return {"low": low, "high": high}


def profile(p: Profile) -> dict[str, JSONValue]:
    return {
        "degree": p.degree,
        "background": p.background,
        "experience_years": num(p.experience_years),
        "path": p.path,
        "certifications": list(p.certifications),
        "hours_per_week": num(p.hours_per_week),
    }


def assumptions(items: tuple[Assumption, ...] | list[Assumption]) -> list[dict[str, str]]:
    return [{"field": a.field, "value": a.value, "note": a.note} for a in items]


def estimate(report: EstimateReport) -> dict[str, JSONValue]:
    e = report.estimate
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": profile(e.profile),
        "path_choice": {
            "automatic": report.path_choice.automatic,
            "reason": report.path_choice.reason,
        },
        "baseline": span(e.baseline),
        "adjustments": [
            {
                "id": a.id,
                "label": a.label,
                "low": num(a.effect.low),
                "high": num(a.effect.high),
                "reason": a.reason,
                "sources": list(a.sources),
            }
            for a in e.adjustments
        ],
        "years": span(e.years),
        "months": months(e),
        "assumptions": assumptions(report.assumptions),
        "next_steps": list(report.next_steps),
        "rules_file": report.rules_file,
    }


def _action(a: Action) -> dict[str, JSONValue]:
    doc: dict[str, JSONValue] = {"text": a.text}
    if a.condition.when:
        doc["when"] = {k: list(v) for k, v in a.condition.when.items()}
    if a.condition.unless:
        doc["unless"] = {k: list(v) for k, v in a.condition.unless.items()}
    return doc


def career_path(p: CareerPath) -> dict[str, JSONValue]:
    return {
        "id": p.id,
        "name": p.name,
        "summary": p.summary,
        "suits": list(p.suits),
        "strengths": list(p.strengths),
        "gaps": list(p.gaps),
        "first_steps": [_action(a) for a in p.first_steps],
        "sources": list(p.sources),
    }


def paths(items: tuple[CareerPath, ...]) -> dict[str, JSONValue]:
    return {"schema_version": SCHEMA_VERSION, "paths": [career_path(p) for p in items]}


def path_detail(p: CareerPath) -> dict[str, JSONValue]:
    return {"schema_version": SCHEMA_VERSION, "path": career_path(p)}


def comparison(
    p: Profile,
    assumed: list[Assumption],
    results: list[tuple[CareerPath, Estimate]],
    rules_file: str,
) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": {k: v for k, v in profile(p).items() if k != "path"},
        "assumptions": assumptions(assumed),
        "paths": [
            {**career_path(cp), "years": span(e.years), "months": months(e)} for cp, e in results
        ],
        "rules_file": rules_file,
    }


def faq(query: str | None, entries: list[FaqEntry] | tuple[FaqEntry, ...]) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "query": query,
        "entries": [
            {"id": e.id, "question": e.question, "answer": e.answer, "sources": list(e.sources)}
            for e in entries
        ],
    }


def steps(items: tuple[Step, ...]) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "steps": [
            {
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "summary": s.summary,
                "actions": list(s.actions),
                "sources": list(s.sources),
            }
            for s in items
        ],
    }


def skills(items: tuple[Skill, ...]) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "skills": [
            {
                "id": s.id,
                "name": s.name,
                "group": s.group,
                "why": s.why,
                "practice": list(s.practice),
                "sources": list(s.sources),
            }
            for s in items
        ],
    }


def rules(r: Rules) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "file": r.source,
        "shipped": r.shipped,
        "reference": profile(r.reference),
        "rules": [
            {
                "id": effect.id,
                "group": group,
                "applies": applies,
                "label": effect.label,
                "low": num(effect.effect.low),
                "high": num(effect.effect.high),
                "reason": effect.reason,
                "sources": list(effect.sources),
            }
            for group, applies, effect in r.all_effects()
        ],
    }


def sources(items: tuple[Source, ...], facts: dict[str, str]) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "kind": s.kind,
                "url": s.url,
                "year": s.year,
            }
            for s in items
        ],
        "facts": [{"id": k, "summary": v} for k, v in facts.items()],
    }


def write(doc: dict[str, JSONValue]) -> None:
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
