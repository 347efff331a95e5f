"""The shipped knowledge: paths, steps, skills, FAQ and sources. Pure (FAQ search: search.py)."""

from __future__ import annotations

import re
from functools import cache

from pomplan import datafile
from pomplan.datafile import Reader
from pomplan.errors import DataFileError
from pomplan.levels import LEVEL_NAMES, SKILLS
from pomplan.model import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    PATHS,
    Action,
    CareerPath,
    Condition,
    FaqEntry,
    MilestoneSpec,
    Phase,
    Skill,
    Step,
)
from pomplan.record import Record

CONDITION_KEYS = {"degree": DEGREES, "background": BACKGROUNDS}
# A plan's phases and milestones may also depend on the path and the certifications held.
PLAN_CONDITION_KEYS = {**CONDITION_KEYS, "path": PATHS, "certifications": CERTIFICATIONS}
MILESTONE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class Source(Record):
    id: str
    title: str
    publisher: str
    kind: str
    url: str
    year: int | None


def _condition(r: Reader, keys: dict[str, tuple[str, ...]] = CONDITION_KEYS) -> Condition:
    parts: dict[str, dict[str, tuple[str, ...]]] = {}
    for which in ("when", "unless"):
        table: dict[str, tuple[str, ...]] = {}
        if r.has(which):
            sub = r.sub(which)
            sub.only(*keys)
            for key, allowed in keys.items():
                if sub.has(key):
                    table[key] = sub.texts(key, allowed=allowed)
        parts[which] = table
    return Condition(parts["when"], parts["unless"])


def _check_unique(ids: list[str], label: str, what: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise DataFileError(f"{label}: {what} {ident!r} appears twice")
        seen.add(ident)


@cache
def paths() -> tuple[CareerPath, ...]:
    doc, label = datafile.load_shipped("paths.toml")
    result = []
    for r in Reader(doc, label).items("paths", "path"):
        r.only("id", "name", "summary", "suits", "strengths", "gaps", "first_steps", "sources")
        steps = []
        for s in r.items("first_steps", "first step"):
            s.only("text", "when", "unless")
            steps.append(Action(s.text("text"), _condition(s)))
        result.append(
            CareerPath(
                id=r.text("id"),
                name=r.text("name"),
                summary=r.text("summary"),
                suits=r.texts("suits", allowed=BACKGROUNDS),
                strengths=r.texts("strengths"),
                gaps=r.texts("gaps"),
                first_steps=tuple(steps),
                sources=r.texts("sources"),
            )
        )
    if tuple(p.id for p in result) != PATHS:
        raise DataFileError(f"{label}: the paths must be, in order: {', '.join(PATHS)}")
    return tuple(result)


def path_by_id(path_id: str) -> CareerPath:
    for path in paths():
        if path.id == path_id:
            return path
    raise KeyError(path_id)


@cache
def steps() -> tuple[Step, ...]:
    doc, label = datafile.load_shipped("steps.toml")
    result = []
    for r in Reader(doc, label).items("steps", "step"):
        r.only("id", "number", "title", "summary", "actions", "sources")
        result.append(
            Step(
                id=r.text("id"),
                number=r.integer("number"),
                title=r.text("title"),
                summary=r.text("summary"),
                actions=r.texts("actions"),
                sources=r.texts("sources"),
            )
        )
    _check_unique([s.id for s in result], label, "step")
    return tuple(result)


@cache
def skills() -> tuple[Skill, ...]:
    doc, label = datafile.load_shipped("skills.toml")
    result = []
    for r in Reader(doc, label).items("skills", "skill"):
        r.only("id", "name", "group", "why", "practice", "sources", "levels", "milestones")
        group = r.text("group")
        if group not in ("core", "edge"):
            raise r.fail("group", f"expected 'core' or 'edge', got {group!r}")
        levels = r.texts("levels", limit=200)
        if len(levels) != len(LEVEL_NAMES):
            raise r.fail(
                "levels", f"give {len(LEVEL_NAMES)} texts, one per level 0-4, not {len(levels)}"
            )
        milestones = r.texts("milestones")
        for ident in milestones:
            if not MILESTONE_ID.fullmatch(ident):
                raise r.fail("milestones", f"{ident!r} is not a milestone id")
        result.append(
            Skill(
                id=r.text("id"),
                name=r.text("name"),
                group=group,
                why=r.text("why"),
                practice=r.texts("practice"),
                sources=r.texts("sources"),
                levels=levels,
                milestones=milestones,
            )
        )
    _check_unique([s.id for s in result], label, "skill")
    if tuple(s.id for s in result) != SKILLS:
        raise DataFileError(f"{label}: the skills must be, in order: {', '.join(SKILLS)}")
    return tuple(result)


PHASE_IDS = ("education", "skills", "experience", "portfolio", "network", "learning")


@cache
def plan_catalogue() -> tuple[tuple[Phase, ...], tuple[MilestoneSpec, ...]]:
    """Every phase and milestone a plan can hold, in order, each with its condition."""
    doc, label = datafile.load_shipped("plan.toml")
    top = Reader(doc, label)
    top.only("schema_version", "phases", "milestones")
    step_ids = tuple(s.id for s in steps())
    phases = []
    for r in top.items("phases", "phase"):
        r.only("id", "name", "summary", "step", "kind", "weight", "when", "unless", "sources")
        kind = r.text("kind")
        if kind not in ("sequential", "alongside"):
            raise r.fail("kind", f"expected 'sequential' or 'alongside', got {kind!r}")
        alongside = kind == "alongside"
        if alongside == r.has("weight"):
            raise r.fail("weight", "sequential phases need a weight; alongside ones take none")
        weight = 0 if alongside else r.integer("weight")
        if not alongside and weight < 1:
            raise r.fail("weight", "must be 1 or more")
        step = r.text("step")
        if step not in step_ids:
            raise r.fail("step", f"unknown step {step!r} (expected one of: {', '.join(step_ids)})")
        phases.append(
            Phase(
                id=r.text("id"),
                name=r.text("name"),
                summary=r.text("summary"),
                step=step,
                alongside=alongside,
                weight=weight,
                condition=_condition(r, PLAN_CONDITION_KEYS),
                sources=r.texts("sources"),
            )
        )
    if tuple(p.id for p in phases) != PHASE_IDS:
        raise DataFileError(f"{label}: the phases must be, in order: {', '.join(PHASE_IDS)}")
    milestones = []
    for r in top.items("milestones", "milestone"):
        r.only("id", "phase", "title", "actions", "sources", "when", "unless")
        ident = r.text("id")
        if not MILESTONE_ID.fullmatch(ident) or len(ident) > 40:
            raise r.fail("id", "use 1-40 of a-z, 0-9 and single '-' between words")
        phase = r.text("phase")
        if phase not in PHASE_IDS:
            raise r.fail("phase", f"unknown phase {phase!r}")
        milestones.append(
            MilestoneSpec(
                id=ident,
                phase=phase,
                title=r.text("title"),
                actions=r.texts("actions"),
                sources=r.texts("sources"),
                condition=_condition(r, PLAN_CONDITION_KEYS),
            )
        )
    _check_unique([m.id for m in milestones], label, "milestone")
    return tuple(phases), tuple(milestones)


def milestone_ids() -> tuple[str, ...]:
    """Every milestone id a plan can hold, whatever the profile."""
    return tuple(m.id for m in plan_catalogue()[1])


@cache
def faq() -> tuple[FaqEntry, ...]:
    doc, label = datafile.load_shipped("faq.toml")
    result = []
    for r in Reader(doc, label).items("entries", "entry"):
        r.only("id", "question", "answer", "keywords", "sources", "phrasings")
        result.append(
            FaqEntry(
                id=r.text("id"),
                question=r.text("question"),
                answer=r.text("answer"),
                keywords=tuple(k.lower() for k in r.texts("keywords")),
                sources=r.texts("sources"),
                phrasings=r.texts("phrasings") if r.has("phrasings") else (),
            )
        )
    _check_unique([e.id for e in result], label, "entry")
    return tuple(result)


@cache
def sources() -> tuple[tuple[Source, ...], dict[str, str]]:
    """The cited sources, and a one-line summary of every fact id they back."""
    doc, label = datafile.load_shipped("sources.toml")
    top = Reader(doc, label)
    top.only("schema_version", "sources", "facts")
    result = []
    for r in top.items("sources", "source"):
        r.only("id", "title", "publisher", "kind", "url", "year")
        result.append(
            Source(
                id=r.text("id"),
                title=r.text("title"),
                publisher=r.text("publisher"),
                kind=r.text("kind"),
                url=r.text("url"),
                year=r.integer("year") if r.has("year") else None,
            )
        )
    facts_reader = top.sub("facts")
    facts = {key: facts_reader.text(key) for key in facts_reader.table}
    return tuple(result), facts


def closest(word: str, choices: tuple[str, ...] | list[str]) -> list[str]:
    from difflib import get_close_matches

    return get_close_matches(word.lower(), list(choices), n=3, cutoff=0.5)


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """``"did you mean 'a' or 'b'? "`` for the choices closest to ``word``; ``""`` if none is."""
    near = closest(word, choices)
    return f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
