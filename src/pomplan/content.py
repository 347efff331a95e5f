"""The shipped knowledge: paths, steps, skills, FAQ and sources. Pure (FAQ search: search.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from pomplan import datafile
from pomplan.datafile import Reader
from pomplan.errors import DataFileError
from pomplan.levels import LEVEL_NAMES, SKILLS
from pomplan.model import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    EXPERIENCE_RANGE,
    PATHS,
    Action,
    CareerPath,
    Condition,
    Cover,
    Effort,
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
        r.only("id", "name", "summary", "step", "kind", "when", "unless", "sources")
        kind = r.text("kind")
        if kind not in ("sequential", "alongside"):
            raise r.fail("kind", f"expected 'sequential' or 'alongside', got {kind!r}")
        alongside = kind == "alongside"
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
                condition=_condition(r, PLAN_CONDITION_KEYS),
                sources=r.texts("sources"),
            )
        )
    if tuple(p.id for p in phases) != PHASE_IDS:
        raise DataFileError(f"{label}: the phases must be, in order: {', '.join(PHASE_IDS)}")
    milestones = [_milestone(r) for r in top.items("milestones", "milestone")]
    _check_unique([m.id for m in milestones], label, "milestone")
    return tuple(phases), tuple(milestones)


MILESTONE_KEYS = ("id", "phase", "title", "actions", "sources", "when", "unless")
EFFORT_LIMIT = 2000  # hours: more than a year of full-time work is not one milestone


def _milestone(r: Reader) -> MilestoneSpec:
    r.only(*MILESTONE_KEYS, "effort_hours", "effort_reason", "only_if", "covered_if", "covered_by")
    ident = r.text("id")
    if not MILESTONE_ID.fullmatch(ident) or len(ident) > 40:
        raise r.fail("id", "use 1-40 of a-z, 0-9 and single '-' between words")
    phase = r.text("phase")
    if phase not in PHASE_IDS:
        raise r.fail("phase", f"unknown phase {phase!r}")
    if r.has("covered_if") != r.has("covered_by"):
        raise r.fail("covered_by", "covered_if and covered_by go together: give both or neither")
    return MilestoneSpec(
        id=ident,
        phase=phase,
        title=r.text("title"),
        actions=r.texts("actions"),
        sources=r.texts("sources"),
        condition=_condition(r, PLAN_CONDITION_KEYS),
        effort=_effort(r),
        effort_reason=r.text("effort_reason"),
        only_if=_cover(r.sub("only_if")) if r.has("only_if") else None,
        covered_if=_covers(r) if r.has("covered_if") else None,
        covered_by=r.text("covered_by") if r.has("covered_by") else "",
    )


def _effort(r: Reader) -> Effort:
    """``effort_hours = { low, high }``: whole hours, 1 or more, low no more than high."""
    sub = r.sub("effort_hours")
    sub.only("low", "high")
    low, high = sub.integer("low"), sub.integer("high")
    for key, value in (("low", low), ("high", high)):
        if not 1 <= value <= EFFORT_LIMIT:
            raise sub.fail(key, f"must be a whole number of hours from 1 to {EFFORT_LIMIT}")
    if low > high:
        raise sub.fail("high", f"must be at least low ({low})")
    return Effort(low, high)


def _covers(r: Reader) -> Cover:
    """``covered_if``: one record (a table), or several (an array of tables), any of which
    covers the milestone."""
    if not isinstance(r.table["covered_if"], list):
        return _cover(r.sub("covered_if"))
    return Cover(any_of=tuple(_cover(each) for each in r.items("covered_if", "covered_if")))


def _cover(r: Reader) -> Cover:
    """A record a milestone asks for or is covered by; at least one key."""
    keys = ("background", "experience_years_at_least", "degree", "certifications")
    r.only(*keys)
    if not any(r.has(k) for k in keys):
        raise r.fail("background", f"give at least one of: {', '.join(keys)}")
    years = r.has("experience_years_at_least")
    return Cover(
        background=r.texts("background", allowed=BACKGROUNDS) if r.has("background") else (),
        experience_years_at_least=(
            r.number("experience_years_at_least", EXPERIENCE_RANGE) if years else Decimal(0)
        ),
        degree=r.texts("degree", allowed=DEGREES) if r.has("degree") else (),
        certifications=(
            r.texts("certifications", allowed=CERTIFICATIONS) if r.has("certifications") else ()
        ),
    )


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
