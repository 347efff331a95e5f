"""The JSON documents of ``pomplan cohort`` and its import and export (``docs/json.md``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from pomplan.render.json_doc import SCHEMA_VERSION, span

if TYPE_CHECKING:  # the import and export modules are loaded only by their own commands
    from pomplan.cohort import Member
    from pomplan.cohort_files import Exported
    from pomplan.cohort_import import Bad, Planned, Written


def _member(m: Member) -> dict[str, Any]:
    p = m.plan
    following = None
    if p is not None and p.next:
        nxt = next(x for x in p.milestones if x.id == p.next[0])
        due = nxt.due.isoformat() if nxt.due else None  # the next milestone is always dated
        following = {"id": nxt.id, "title": nxt.title, "due": due}
    return {
        "name": m.name,
        "path": str(m.file),
        "status": p.pace.state if p else None,
        "percent": p.pace.percent_done if p else None,
        "remaining": span(p.remaining.years) if p else None,
        "overdue": list(m.overdue),
        "next": following,
        "last_activity": m.last_activity.isoformat() if m.last_activity else None,
        "problem": m.problem,
    }


def cohort(members: list[Member], today: date, everyone: int) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "today": today.isoformat(),
        "count": everyone,
        "profiles": [_member(m) for m in members],
    }


def _bad(b: Bad) -> dict[str, Any]:
    return {"row": b.row, "name": b.name, "problem": b.problem}


def cohort_import(source: str, planned: Planned, written: Written | None) -> dict[str, Any]:
    from pomplan.cohort_import import as_json

    return {
        "schema_version": SCHEMA_VERSION,
        "file": source,
        "written": written is not None,
        "create": [{"row": e.row, "name": e.name} for e in planned.create],
        "change": [
            {
                "row": e.row,
                "name": e.name,
                "changes": [
                    {
                        "field": c.field,
                        "old": as_json(c.field, c.old),
                        "new": as_json(c.field, c.new),
                    }
                    for c in changes
                ],
            }
            for e, changes in planned.change
        ],
        "unchanged": [e.name for e in planned.unchanged],
        "bad": [_bad(b) for b in planned.bad],
        "failed": [_bad(b) for b in written.failed] if written else [],
        "kept": [str(p) for p in written.kept] if written else [],
    }


def cohort_export(exported: Exported) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "folder": str(exported.folder),
        "format": exported.form,
        "index": str(exported.index),
        "plans": [{"name": n, "file": str(f)} for n, f in exported.plans],
        "problems": [{"name": n, "problem": why} for n, why in exported.problems],
        "replaced": exported.replaced,
        "others": exported.others,
    }
