"""The plan's JSON documents (``docs/json.md``): ``plan``, and ``progress`` (which ``progress
done`` and ``progress undo`` answer with too). Re-exported by :mod:`pomplan.render.json_doc`."""

from __future__ import annotations

from datetime import date

from pomplan.model import Estimate, Milestone, Plan
from pomplan.render.json_doc import (
    SCHEMA_VERSION,
    JSONValue,
    assumptions,
    months,
    profile_fields,
    span,
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _remaining(e: Estimate) -> dict[str, JSONValue]:
    return {"years": span(e.years), "months": months(e)}


def milestone(m: Milestone) -> dict[str, JSONValue]:
    return {
        "id": m.id,
        "phase": m.phase,
        "title": m.title,
        "actions": list(m.actions),
        "sources": list(m.sources),
        "start": _day(m.start),
        "due": _day(m.due),
        "done": m.done,
        "done_on": _day(m.done_on),
        "effort_hours": {"low": m.effort.low, "high": m.effort.high},
        "covered": m.covered,
        "covered_by": m.covered_by,
        "was_due": _day(m.was_due),
    }


def plan(p: Plan, details: bool = False) -> dict[str, JSONValue]:
    # Every milestone's actions are always in the document; --details is for people.
    return {
        "schema_version": SCHEMA_VERSION,
        "profile_name": p.profile_name,
        "saved_profile": p.report.saved_profile,
        "profile": profile_fields(p.report.estimate.profile),
        "assumptions": assumptions(p.report.assumptions),
        "years": span(p.report.estimate.years),
        "months": months(p.report.estimate),
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "finish": {"earliest": p.finish[0].isoformat(), "latest": p.finish[1].isoformat()},
        "today": p.today.isoformat(),
        "relaid_from": _day(p.relaid_from),
        "first_end": _day(p.first_end),
        "phases": [
            {
                "id": ph.id,
                "name": ph.name,
                "summary": ph.summary,
                "alongside": ph.alongside,
                "start": ph.start.isoformat(),
                "end": ph.end.isoformat(),
            }
            for ph in p.phases
        ],
        "milestones": [milestone(m) for m in p.milestones],
        "next": list(p.next),
        "status": p.pace.state,
        "percent": p.pace.percent_done,
        "percent_elapsed": p.pace.percent_elapsed,
        "remaining": _remaining(p.remaining),
        "not_in_plan": list(p.not_in_plan),
        "rules_file": p.report.rules_file,
    }


def progress(p: Plan) -> dict[str, JSONValue]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile_name": p.profile_name,
        "done": [m.id for m in p.done],
        "open": [m.id for m in p.open],
        "covered": [m.id for m in p.covered],
        "done_on": {m.id: _day(m.done_on) for m in p.done},
        "percent": p.pace.percent_done,
        "status": p.pace.state,
        "remaining": _remaining(p.remaining),
        "not_in_plan": list(p.not_in_plan),
    }


def ticked(p: Plan, ids: list[str], done: bool) -> dict[str, JSONValue]:
    # 'progress done' and 'progress undo' answer with the progress document.
    return progress(p)
