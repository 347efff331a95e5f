"""The JSON contract (``docs/json.md``): one document per command, each with ``schema_version``.

Builds plain dicts from core values; never imports Rich.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pomplan.content import Source
from pomplan.fields import FIELDS, json_number
from pomplan.model import (
    Action,
    Adjustment,
    Assumption,
    CareerPath,
    Estimate,
    EstimateReport,
    FaqEntry,
    Given,
    Profile,
    Range,
    Skill,
    Step,
)
from pomplan.rules import Rules
from pomplan.scenarios import Scenario
from pomplan.text import json_safe

if TYPE_CHECKING:
    from pomplan.store import Listed, Locations, SavedProfile

SCHEMA_VERSION = 1
JSONValue = Any


num = json_number  # a Decimal as a JSON number: whole numbers stay integers


def span(years: Range) -> dict[str, int | float]:
    return {"low": num(years.low), "high": num(years.high)}


def months(estimate: Estimate) -> dict[str, int]:
    low, high = estimate.months
    return {"low": low, "high": high}


def profile_fields(p: Profile) -> dict[str, JSONValue]:
    return {f.name: f.to_json(getattr(p, f.name)) for f in FIELDS}


def assumptions(items: tuple[Assumption, ...] | list[Assumption]) -> list[dict[str, str]]:
    return [{"field": a.field, "value": a.value, "note": a.note} for a in items]


def adjustment(a: Adjustment) -> dict[str, JSONValue]:
    return {
        "id": a.id,
        "label": a.label,
        "low": num(a.effect.low),
        "high": num(a.effect.high),
        "reason": a.reason,
        "sources": list(a.sources),
    }


def estimate(
    report: EstimateReport, scenarios: list[Scenario] | None = None
) -> dict[str, JSONValue]:
    e = report.estimate
    doc = {
        "schema_version": SCHEMA_VERSION,
        "profile": profile_fields(e.profile),
        "path_choice": {
            "automatic": report.path_choice.automatic,
            "reason": report.path_choice.reason,
        },
        "baseline": span(e.baseline),
        "adjustments": [adjustment(a) for a in e.adjustments],
        "years": span(e.years),
        "months": months(e),
        "assumptions": assumptions(report.assumptions),
        "next_steps": list(report.next_steps),
        **({} if report.next is None else {"next": list(report.next)}),
        "rules_file": report.rules_file,
        "saved_profile": report.saved_profile,
    }
    if scenarios is not None:
        doc["scenarios"] = [scenario(s) for s in scenarios]
    return doc


def scenario(s: Scenario) -> dict[str, JSONValue]:
    e = s.report.estimate
    low, high = s.saved_months
    return {
        "change": s.change.text,
        "profile": profile_fields(e.profile),
        "years": span(e.years),
        "months": months(e),
        "saved_months": {"low": low, "high": high},
        "cost_months": dict(zip(("low", "high"), s.cost_months, strict=True)),
        "net_months": dict(zip(("low", "high"), s.net_months, strict=True)),
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
        "profile": {k: v for k, v in profile_fields(p).items() if k != "path"},
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
                "levels": list(s.levels),
                "milestones": list(s.milestones),
            }
            for s in items
        ],
    }


def rules(r: Rules) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "file": r.source,
        "shipped": r.shipped,
        "reference": profile_fields(r.reference),
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


def _saved_values(given: Given) -> dict[str, JSONValue]:
    values = ((f, getattr(given, f.name)) for f in FIELDS)
    return {f.name: f.to_json(value) for f, value in values if value is not None}


def profile(name: str, saved: SavedProfile | None, file: Path) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "saved": saved is not None,
        "file": str(file),
        "values": _saved_values(saved.given) if saved else {},
        "start": saved.start.isoformat() if saved and saved.start else None,
    }


def profile_list(items: list[Listed], active: str) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "active": active,
        "profiles": [
            {
                "name": item.name,
                "active": item.name == active,
                "profile_file": str(item.profile_file) if item.profile_file else None,
                "progress_file": str(item.progress_file) if item.progress_file else None,
                "done": item.done,
                "problem": item.problem,
            }
            for item in items
        ],
    }


def profile_paths(name: str, where: Locations) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": name,
        "pomplan_home": where.override,
        "config_dir": str(where.config),
        "data_dir": str(where.data),
        "profile_file": str(where.profile_file(name)),
        "progress_file": str(where.progress_file(name)),
        "backups_dir": str(where.backups),
    }


def profile_reset(name: str, result: tuple[Path, list[Path]] | None) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": name,
        "backup": str(result[0]) if result else None,
        "moved": [str(p) for p in result[1]] if result else [],
    }


def dumps(doc: dict[str, JSONValue]) -> str:
    """The document as JSON text: UTF-8 as it is, but control and bidirectional characters
    and lone surrogates as ``\\uXXXX`` (the same value, nothing raw for a terminal)."""
    return json_safe(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def encoder() -> Callable[[Any], str]:
    """The compact JSON encoder of JSON Lines, escaping as :func:`dumps` does."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    return lambda value: json_safe(encode(value))


def write(doc: dict[str, JSONValue]) -> None:
    sys.stdout.write(dumps(doc))


# The plan's documents live in json_plan.py; they are this module's documents all the same.
from pomplan.render.json_plan import plan as plan  # noqa: E402
from pomplan.render.json_plan import progress as progress  # noqa: E402
from pomplan.render.json_plan import ticked as ticked  # noqa: E402
