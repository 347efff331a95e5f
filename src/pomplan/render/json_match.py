"""The JSON document of ``pomplan match --json`` (``docs/schemas/match.schema.json``).

Builds plain dicts; never imports Rich. Kept apart from ``json_doc`` so that only this command
pays for it.
"""

from __future__ import annotations

from typing import Any

from pomplan.match import Finding, Match, explain
from pomplan.render.json_doc import SCHEMA_VERSION


def _keyword(f: Finding) -> dict[str, Any]:
    k = f.keyword
    return {
        "id": k.id,
        "label": k.label,
        "kind": k.kind,
        "skill": k.skill,
        "required": f.required,
        "found": f.found,
        "in_posting": list(f.in_posting),
        "in_resume": list(f.in_resume),
        "evidence": f.evidence,
        "sources": list(k.sources),
        "common": k.common,
    }


def _missing(f: Finding) -> dict[str, Any]:
    k = f.keyword
    return {
        "id": k.id,
        "label": k.label,
        "required": f.required,
        "skill": k.skill,
        "milestones": list(k.milestones),
        "hint": f.hint,
    }


def match(m: Match) -> dict[str, Any]:
    s = m.score
    return {
        "schema_version": SCHEMA_VERSION,
        "posting": m.posting,
        "against": "profile" if m.resume is None else "resume",
        "resume": m.resume,
        "profile": m.profile,
        "score": s.value,
        "weights": {"required": s.weights.required, "nice_to_have": s.weights.nice_to_have},
        "explanation": {
            "required_found": s.required_found,
            "required_total": s.required_total,
            "nice_to_have_found": s.nice_found,
            "nice_to_have_total": s.nice_total,
            "found_weight": s.found_weight,
            "total_weight": s.total_weight,
            "text": explain(s),
        },
        "keywords": [_keyword(f) for f in m.findings],
        "missing": [_missing(f) for f in m.missing],
    }
