"""From an estimate and a person's progress to a dated plan. Pure: no I/O, no clock.

The plan is laid out over the middle of the estimated range (``docs/model.md``). Sequential
phases (education, skills, experience, portfolio) follow one another, each taking its weight's
share of that time; alongside phases (network, learning) run from the start to the end. The
milestones of a phase share its time equally, in the order the shipped plan lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from pomplan import content
from pomplan.model import (
    Adjustment,
    Estimate,
    EstimateReport,
    Milestone,
    MilestoneSpec,
    Pace,
    Phase,
    Plan,
    PlannedPhase,
    Profile,
    Range,
)

DAYS_PER_YEAR = Decimal("365.25")
PACE_MARGIN = 10  # percentage points either side of the time elapsed that count as on track
CENT = Decimal("0.01")


def add_years(start: date, years: Decimal) -> date:
    return start + timedelta(days=int((years * DAYS_PER_YEAR).to_integral_value(ROUND_HALF_UP)))


def _values(profile: Profile) -> dict[str, str | tuple[str, ...]]:
    return {
        "degree": profile.degree,
        "background": profile.background,
        "path": profile.path,
        "certifications": profile.certifications,
    }


def contents(profile: Profile) -> tuple[tuple[Phase, ...], tuple[MilestoneSpec, ...]]:
    """The phases and milestones that apply to ``profile``; a phase without milestones goes."""
    all_phases, all_milestones = content.plan_catalogue()
    values = _values(profile)
    phases = [p for p in all_phases if p.condition.applies(values)]
    kept = {p.id for p in phases}
    milestones = tuple(m for m in all_milestones if m.phase in kept and m.condition.applies(values))
    used = {m.phase for m in milestones}
    return tuple(p for p in phases if p.id in used), milestones


def progress_line(journey: Range, done: int, total: int) -> Adjustment:
    """The ``progress`` adjustment: each milestone done takes an equal share off both ends.

    The remaining ends are rounded to hundredths of a year; the line is whatever brings the
    journey down to them, so the breakdown still adds up exactly.
    """
    share = Decimal(total - done) / Decimal(total) if total else Decimal(0)
    left = Range(
        (journey.low * share).quantize(CENT, ROUND_HALF_UP),
        (journey.high * share).quantize(CENT, ROUND_HALF_UP),
    )
    return Adjustment(
        id="progress",
        label=f"Progress: {done} of {total} milestones done",
        effect=left.minus(journey),
        reason=(
            "Work already done no longer lies ahead: every milestone of your plan counts the "
            "same, so each one done takes an equal share off both ends of the range."
        ),
        sources=("S1.F4",),
    )


def with_progress(estimate: Estimate, done: int, total: int) -> Estimate:
    """``estimate`` with the ``progress`` line added, if any milestone is done."""
    if not done:
        return estimate
    line = progress_line(estimate.years, done, total)
    return estimate._replace(
        adjustments=(*estimate.adjustments, line), years=estimate.years.plus(line.effect)
    )


def count_done(profile: Profile, done: Mapping[str, date]) -> tuple[int, int]:
    """(milestones of this profile's plan recorded as done, milestones in the plan)."""
    _, milestones = contents(profile)
    return sum(1 for m in milestones if m.id in done), len(milestones)


def _split(start: date, end: date, parts: int) -> list[tuple[date, date]]:
    """``parts`` consecutive windows from ``start`` to ``end``, as equal as whole days allow."""
    days = (end - start).days
    edges = [start + timedelta(days=round(days * i / parts)) for i in range(parts + 1)]
    return [(edges[i], edges[i + 1]) for i in range(parts)]


def _pace(done: int, total: int, start: date, end: date, today: date) -> Pace:
    percent_done = int(Decimal(100 * done) / Decimal(total)) if total else 100
    span = max((end - start).days, 1)
    elapsed = min(max((today - start).days, 0), span)
    percent_elapsed = int((Decimal(100 * elapsed) / Decimal(span)).to_integral_value(ROUND_FLOOR))
    if total and done == total:
        state = "complete"
    elif today < start and not done:
        state = "not-started"
    elif percent_done > percent_elapsed + PACE_MARGIN:
        state = "ahead"
    elif percent_done < percent_elapsed - PACE_MARGIN:
        state = "behind"
    else:
        state = "on-track"
    return Pace(state, percent_done, percent_elapsed)


def build(
    report: EstimateReport,
    profile_name: str,
    start: date,
    done: Mapping[str, date],
    today: date,
) -> Plan:
    """Date the plan for ``report``'s profile from ``start``, with ``done`` ticked off."""
    journey = report.estimate
    phases, specs = contents(journey.profile)
    middle = (journey.years.low + journey.years.high) / 2
    end = max(add_years(start, middle), start + timedelta(days=len(specs)))

    sequential = [p for p in phases if not p.alongside]
    weights = sum(p.weight for p in sequential)
    total_days = (end - start).days
    windows: dict[str, tuple[date, date]] = {}
    used = 0
    for phase in sequential:
        first = start + timedelta(days=round(total_days * used / weights))
        used += phase.weight
        windows[phase.id] = (first, start + timedelta(days=round(total_days * used / weights)))
    for phase in phases:
        if phase.alongside:
            windows[phase.id] = (start, end)

    milestones: list[Milestone] = []
    for phase in phases:
        members = [m for m in specs if m.phase == phase.id]
        slots = _split(*windows[phase.id], len(members))
        for spec, (first, due) in zip(members, slots, strict=True):
            milestones.append(
                Milestone(
                    id=spec.id,
                    phase=spec.phase,
                    title=spec.title,
                    actions=spec.actions,
                    sources=spec.sources,
                    start=first,
                    due=due,
                    done_on=done.get(spec.id),
                )
            )
    order = {spec.id: index for index, spec in enumerate(specs)}
    milestones.sort(key=lambda m: (m.due, order[m.id]))
    planned = tuple(
        PlannedPhase(p.id, p.name, p.summary, p.alongside, *windows[p.id]) for p in phases
    )
    ids = {m.id for m in milestones}
    finished = sum(1 for m in milestones if m.done)
    opened = [m for m in milestones if not m.done]
    return Plan(
        profile_name=profile_name,
        report=report,
        remaining=with_progress(journey, finished, len(milestones)),
        start=start,
        end=end,
        finish=(add_years(start, journey.years.low), add_years(start, journey.years.high)),
        today=today,
        phases=planned,
        milestones=tuple(milestones),
        next=tuple(m.id for m in opened[:3]),
        pace=_pace(finished, len(milestones), start, end, today),
        not_in_plan=tuple(sorted(i for i in done if i not in ids)),
    )
