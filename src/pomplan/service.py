"""What a command asks for, and the policy behind it: an estimate as this person sees it (their
saved profile named, their progress counted), what-if scenarios, their dated plan (today as the
start when none is saved), ticking milestones off (the first tick fixes the start) and taking
ticks back.

``cli/`` gathers the person (flags over ``POMPLAN_*`` over the saved profile) and the day, calls
one function here, and hands the result to a format. Nothing here reads the environment, prints
or exits; the saved files are read and written through :mod:`pomplan.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from pomplan import content, fields, planner, scenarios, store
from pomplan.errors import UsageProblem
from pomplan.model import Assumption, EstimateReport, Given, Milestone, Plan
from pomplan.record import Record
from pomplan.report import build_report
from pomplan.rules import Rules
from pomplan.served import note, served
from pomplan.store import Locations, SavedProfile


class Person(Record):
    """Everything known about the person a command runs for."""

    name: str
    explicit: bool  # named with --profile or POMPLAN_PROFILE rather than the default
    where: Locations
    saved: SavedProfile | None
    given: Given  # flags over environment over saved; None where nothing says
    start: date | None  # --start over POMPLAN_START over the saved start


# --- estimate and what-if ---------------------------------------------------------------------


def _as_seen(who: Person, done: dict[str, date]) -> scenarios.Finish:
    def finish(report: EstimateReport) -> EstimateReport:
        """The report as this person sees it: their saved profile named, progress counted."""
        report = report._replace(saved_profile=who.name if who.saved else None)
        if done:
            counted = planner.tally(report.estimate.profile, done)
            report = report._replace(estimate=planner.with_progress(report.estimate, counted))
        return report

    return finish


def estimate_for(
    who: Person,
    rules: Rules,
    changes: Sequence[scenarios.Change] = (),
    today: date | None = None,
) -> tuple[EstimateReport, list[scenarios.Scenario] | None]:
    """``who``'s estimate as of ``today`` (years served since their experience's day count),
    with a ``progress`` line for what they ticked off and, with ``today``, their plan's next
    milestones as its next steps (one list in ``estimate`` and ``plan``); and, if ``changes``
    are asked for, each one's scenario (``None`` when none are)."""
    done = store.load_progress(who.where, who.name)
    finish = _as_seen(who, done)
    given, base = _base(who, rules, today)
    report = finish(base)
    if today is not None:
        report = with_next(report, _next(_planned(who, base, today, done)))
    if not changes:
        return report, None
    return report, scenarios.what_if(given, report, changes, rules, finish)


def _base(who: Person, rules: Rules, today: date | None) -> tuple[Given, EstimateReport]:
    """``who``'s values as of ``today`` (the years served counted) and their report, with the
    line that says so, before progress: what both the estimate and the plan start from."""
    given = who.given if today is None else served(who.given, today)
    return given, _noted(build_report(given, rules), who.given, today)


def _noted(report: EstimateReport, given: Given, today: date | None) -> EstimateReport:
    """``report`` with the line that says how experience was counted on ``today``, if any."""
    line = None if today is None else note(given, today)
    if line is None:
        return report
    noted: EstimateReport = report._replace(assumptions=(line, *report.assumptions))
    return noted


# --- the plan ---------------------------------------------------------------------------------

START_NOTE = "today; set yours with --start, or save it with 'pomplan profile set --start'"


def plan_for(who: Person, rules: Rules, today: date, done: dict[str, date] | None = None) -> Plan:
    """``who``'s plan from their start date (today if none), with their progress ticked."""
    return _planned(who, _base(who, rules, today)[1], today, done)


def _planned(who: Person, base: EstimateReport, today: date, done: dict[str, date] | None) -> Plan:
    report = base._replace(saved_profile=who.name if who.saved else None)
    start = who.start or today
    if who.start is None:
        assumed = Assumption("start", start.isoformat(), START_NOTE)
        report = report._replace(assumptions=(*report.assumptions, assumed))
    if done is None:
        done = store.load_progress(who.where, who.name)
    return planner.build(report, who.name, start, done, today)


def _next(p: Plan) -> tuple[Milestone, ...]:
    """A plan's next milestones, in its ``next`` order."""
    by_id = {m.id: m for m in p.milestones}
    return tuple(by_id[i] for i in p.next)


def with_next(report: EstimateReport, upcoming: tuple[Milestone, ...]) -> EstimateReport:
    """``report`` with the plan's next milestones as its next steps (their ids in ``next``)."""
    steps = planner.steps_text(upcoming)
    result: EstimateReport = report._replace(next=tuple(m.id for m in upcoming), next_steps=steps)
    return result


def check_ids(ids: Sequence[str], known: Sequence[str], recorded: dict[str, date]) -> list[str]:
    """The ids, normalised; an id that no plan holds (and none recorded) is a usage error."""
    checked = []
    for raw in ids:
        ident = raw.strip().lower()
        if ident in known or ident in recorded:
            checked.append(ident)
            continue
        hint = content.did_you_mean(ident, list(known))
        raise UsageProblem(f"no milestone {raw!r}; {hint}'pomplan plan' lists the ids in your plan")
    return list(dict.fromkeys(checked))


class Ticked(Record):
    plan: Plan  # after the change
    ids: list[str]  # the milestones ticked or unticked, normalised
    started: date | None  # the start this tick fixed, if the plan had none before
    kept: Path | None  # a copy of a hand-edited profile, made before it was rewritten


def tick(
    who: Person, rules: Rules, ids: Sequence[str], on: date | None, today: date, now: datetime
) -> Ticked:
    """Tick milestones off (a milestone keeps the day it was first ticked, unless ``on`` is
    given). A plan without a start starts on the first tick's day from then on."""
    if on is not None and fields.outside(on):  # the CLI checks this; any other caller too
        raise UsageProblem(f"--on: {fields.outside(on)}")
    if on is not None and on > today:
        raise UsageProblem(f"--on: {on.isoformat()} is in the future; give a day up to today")
    in_plan = [m.id for m in plan_for(who, rules, today, done={}).milestones]
    known = in_plan + [i for i in content.milestone_ids() if i not in in_plan]
    chosen = check_ids(ids, known, store.load_progress(who.where, who.name))

    def change(recorded: dict[str, date]) -> dict[str, date]:
        for ident in chosen:
            recorded[ident] = on or recorded.get(ident, today)
        return recorded

    recorded = store.update_progress(who.where, who.name, change)
    started, copy = None, None
    if who.start is None:
        first = min([today, *(recorded[i] for i in chosen)])
        start, started, copy = _fix_start(who, first, now)
        who = who._replace(start=start)
    return Ticked(plan_for(who, rules, today, recorded), chosen, started, copy)


def _fix_start(who: Person, first: date, now: datetime) -> tuple[date, date | None, Path | None]:
    """Save ``first`` as the start of a plan that had none, so that its dates stop moving:
    the start, ``first`` if it was saved here (not meanwhile by another pomplan), and where a
    hand-edited profile was copied."""
    fixed = False

    def change(current: SavedProfile | None) -> tuple[Given, date | None]:
        nonlocal fixed
        if current is not None and current.start is not None:
            return current.given, current.start  # saved meanwhile by another pomplan
        fixed = True
        return (current.given if current else Given()), first

    saved, copy = store.update_profile(who.where, who.name, change, now)
    return saved.start or first, first if fixed else None, copy


def untick(who: Person, rules: Rules, ids: Sequence[str], today: date) -> Ticked:
    """Take ticks back: the milestones count as open again."""
    current = store.load_progress(who.where, who.name)
    chosen = check_ids(ids, list(content.milestone_ids()), current)

    def change(recorded: dict[str, date]) -> dict[str, date]:
        for ident in chosen:
            recorded.pop(ident, None)
        return recorded

    recorded = store.update_progress(who.where, who.name, change)
    return Ticked(plan_for(who, rules, today, recorded), chosen, None, None)
