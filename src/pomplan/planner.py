"""From an estimate and a person's progress to a dated plan. Pure: no I/O, no clock.

The plan is laid out over the middle of the estimated range (``docs/model.md``, "The plan").
Milestones the person's record already covers are credited by the rules and not scheduled. The
others get windows in proportion to their effort (:mod:`pomplan.layout`). Progress counts each
milestone by its effort. When the person is behind, the open milestones are laid out again from
today over the middle of what remains; the pace still compares with the plan as first laid out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from pomplan import content, layout, openings, skills
from pomplan.layout import DAYS_PER_YEAR as DAYS_PER_YEAR
from pomplan.layout import add_years as add_years
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

PACE_MARGIN = 10  # percentage points either side of the time elapsed that count as on track
CENT = Decimal("0.01")


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
    milestones = tuple(
        m
        for m in all_milestones
        if m.phase in kept
        and m.condition.applies(values)
        and (m.only_if is None or m.only_if.holds(profile))
    )
    used = {m.phase for m in milestones}
    return tuple(p for p in phases if p.id in used), milestones


CERTIFICATE = "cert-"  # a milestone that earns a certificate: only holding it covers it


def covered(profile: Profile, specs: tuple[MilestoneSpec, ...]) -> dict[str, str]:
    """The milestones of ``specs`` that ``profile``'s record already covers, and why: by its
    ``covered_if`` record, or because every skill that builds it is rated strong or expert
    (never a certificate's milestone: a certificate is evidence only the certificate gives)."""
    found = {
        s.id: s.covered_by
        for s in specs
        if s.covered_if is not None and s.covered_if.holds(profile)
    }
    by_skill = skills.covered(profile.skills) if profile.skills else {}
    for s in specs:
        if s.id in by_skill and s.id not in found and not s.id.startswith(CERTIFICATE):
            found[s.id] = skills.reason(profile.skills, by_skill[s.id])
    return found


class Tally(NamedTuple):
    """Progress on the scheduled milestones (the covered ones are credited by the rules)."""

    done_effort: int  # effort weights (twice the middle of each hours range) of those done
    total_effort: int
    done: int
    total: int

    @property
    def percent(self) -> int:
        """Of the effort, whole percent, rounded down."""
        if not self.total_effort:
            return 100
        return 100 * self.done_effort // self.total_effort


def tally(profile: Profile, done: Mapping[str, date]) -> Tally:
    """How much of ``profile``'s plan is recorded as done, by effort and by count."""
    _, specs = contents(profile)
    skip = covered(profile, specs)
    scheduled = [s for s in specs if s.id not in skip]
    finished = [s for s in scheduled if s.id in done]
    return Tally(
        sum(s.effort.weight for s in finished),
        sum(s.effort.weight for s in scheduled),
        len(finished),
        len(scheduled),
    )


def progress_line(journey: Range, counted: Tally) -> Adjustment:
    """The ``progress`` adjustment: what is done comes off both ends, by its share of the
    effort.

    The remaining ends are rounded to hundredths of a year; the line is whatever brings the
    journey down to them, so the breakdown still adds up exactly.
    """
    left_effort = counted.total_effort - counted.done_effort
    share = Decimal(left_effort) / Decimal(counted.total_effort) if counted.total_effort else 0
    left = Range(
        (journey.low * share).quantize(CENT, ROUND_HALF_UP),
        (journey.high * share).quantize(CENT, ROUND_HALF_UP),
    )
    return Adjustment(
        id="progress",
        label=(
            f"Progress: {counted.percent}% of the effort done "
            f"({counted.done} of {counted.total} milestones)"
        ),
        effect=left.minus(journey),
        reason=(
            "Work already done no longer lies ahead: each milestone counts by its effort (the "
            "middle of its hours range), so a big one done takes more off both ends than a "
            "small one. Milestones your record already covers are credited by the lines above, "
            "so they do not count here again."
        ),
        sources=("S1.F4",),
    )


def with_progress(estimate: Estimate, counted: Tally) -> Estimate:
    """``estimate`` with the ``progress`` line added, if any scheduled milestone is done."""
    if not counted.done:
        return estimate
    line = progress_line(estimate.years, counted)
    return estimate._replace(
        adjustments=(*estimate.adjustments, line), years=estimate.years.plus(line.effect)
    )


def _pace(counted: Tally, start: date, end: date, today: date) -> Pace:
    span = max((end - start).days, 1)
    elapsed = min(max((today - start).days, 0), span)
    percent_elapsed = int((Decimal(100 * elapsed) / Decimal(span)).to_integral_value(ROUND_FLOOR))
    percent_done = counted.percent
    if counted.done == counted.total:
        state = "complete"
    elif today < start and not counted.done:
        state = "not-started"
    elif percent_done > percent_elapsed + PACE_MARGIN:
        state = "ahead"
    elif percent_done < percent_elapsed - PACE_MARGIN:
        state = "behind"
    else:
        state = "on-track"
    return Pace(state, percent_done, percent_elapsed)


def _end(first: date, years: Range, specs: list[MilestoneSpec], alongside: set[str]) -> date:
    """The last day of a layout from ``first`` over the middle of ``years``."""
    beside = sum(1 for s in specs if s.phase in alongside)
    days = layout.length((years.low + years.high) / 2, len(specs) - beside, beside)
    return first + timedelta(days=days)


def _scheduled(profile: Profile) -> tuple[list[MilestoneSpec], dict[str, str], set[str]]:
    """The milestones to date for ``profile``, the covered ones and why, the alongside phases."""
    phases, specs = contents(profile)
    skip = covered(profile, specs)
    alongside = {p.id for p in phases if p.alongside}
    return [s for s in specs if s.id not in skip], skip, alongside


def _in_order(specs: list[MilestoneSpec], windows: dict[str, layout.Window]) -> list[str]:
    """Ids by the end of their window, ties in the shipped order: the order of the plan."""
    index = {s.id: i for i, s in enumerate(specs)}
    return sorted(windows, key=lambda ident: (windows[ident][1], index[ident]))


def opening(profile: Profile, years: Range, count: int = 3) -> tuple[MilestoneSpec, ...]:
    """The first ``count`` milestones of a fresh plan for ``profile`` over ``years``: the
    ``next`` of a plan with nothing done on its first day, whatever that day is (the order
    of a layout does not depend on its first day). Cached (:mod:`pomplan.openings`): a batch
    of many people asks for few distinct ones."""
    return openings.opening(profile, years, count)


def _opening(profile: Profile, days: int, count: int) -> tuple[MilestoneSpec, ...]:
    """:func:`opening` without its caches, for a layout of ``days`` days: a fresh plan laid
    out in dates (the reference tests compare the cached path with)."""
    scheduled, _, alongside = _scheduled(profile)
    first = date(2001, 1, 1)
    beside = sum(1 for s in scheduled if s.phase in alongside)
    rows = (len(scheduled) - beside, beside)
    end = first + timedelta(days=max(days, layout.MIN_DAYS * max(rows)))
    windows = layout.lay_out(scheduled, alongside, first, end)
    by_id = {s.id: s for s in scheduled}
    ordered = [by_id[i] for i in _in_order(scheduled, windows)]
    return tuple(by_id[i] for i in first_actions(ordered, alongside, profile.skills, count))


def first_actions(
    opened: Sequence[Milestone | MilestoneSpec],
    alongside: set[str],
    levels: tuple[tuple[str, int], ...],
    count: int = 3,
) -> list[str]:
    """The ids of the next ``count`` actions among ``opened`` (the open milestones in the
    plan's order). With skills rated, the milestones of the earliest open phase (of the phases
    that follow one another) are reordered among their own places so that those building the
    weakest skills come first; every other milestone keeps its place, so nothing due years
    ahead moves up. Without ratings, the plan's order as it is."""
    ids = [m.id for m in opened]
    front = next((m.phase for m in opened if m.phase not in alongside), None)
    if levels and front is not None:
        places = [i for i, m in enumerate(opened) if m.phase == front]
        ranked = skills.weakest_first(levels, [ids[i] for i in places])
        for place, ident in zip(places, ranked, strict=True):
            ids[place] = ident
    return ids[:count]


def steps_text(upcoming: Sequence[Milestone] | Sequence[MilestoneSpec]) -> tuple[str, ...]:
    """Each milestone as a next step in words: its title, then its first action."""
    return tuple(f"{m.title}: {m.actions[0]}" for m in upcoming)


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
    scheduled, skip, alongside = _scheduled(journey.profile)
    end = first_end = _end(start, journey.years, scheduled, alongside)
    first = layout.lay_out(scheduled, alongside, start, end)
    counted = tally(journey.profile, done)
    pace = _pace(counted, start, end, today)
    remaining = with_progress(journey, counted)
    anchor = max(today, start)
    windows, relaid = dict(first), None
    left = [s for s in scheduled if s.id not in done]
    if pace.state == "behind" and left:
        relaid = anchor
        end = _end(anchor, remaining.years, left, alongside)
        windows.update(layout.lay_out(left, alongside, anchor, end))
    order = {spec.id: index for index, spec in enumerate(specs)}
    place = {ident: i for i, ident in enumerate(_in_order(scheduled, windows))}
    milestones = [_dated(s, windows.get(s.id), first.get(s.id), skip, done) for s in specs]
    milestones.sort(key=lambda m: (place.get(m.id, len(place)), order[m.id]))
    planned = _phases(phases, milestones, windows, start, end)
    opened = [m for m in milestones if not m.done and not m.covered]
    return Plan(
        profile_name=profile_name,
        report=report,
        remaining=remaining,
        start=start,
        end=end,
        finish=(add_years(anchor, remaining.years.low), add_years(anchor, remaining.years.high)),
        today=today,
        phases=planned,
        milestones=tuple(milestones),
        next=tuple(first_actions(opened, alongside, journey.profile.skills)),
        pace=pace,
        not_in_plan=tuple(sorted(i for i in done if i not in order)),
        relaid_from=relaid,
        first_end=first_end,
    )


def _dated(
    spec: MilestoneSpec,
    window: layout.Window | None,
    first: layout.Window | None,
    skip: dict[str, str],
    done: Mapping[str, date],
) -> Milestone:
    due = layout.weekday(window[1]) if window else None
    was = layout.weekday(first[1]) if first else None
    return Milestone(
        id=spec.id,
        phase=spec.phase,
        title=spec.title,
        actions=spec.actions,
        sources=spec.sources,
        start=window[0] if window else None,
        due=due,
        done_on=done.get(spec.id),
        effort=spec.effort,
        covered_by=skip.get(spec.id),
        was_due=was if was != due else None,
    )


def _phases(
    phases: tuple[Phase, ...],
    milestones: list[Milestone],
    windows: dict[str, layout.Window],
    start: date,
    end: date,
) -> tuple[PlannedPhase, ...]:
    """The phases that hold a scheduled milestone, each from its first milestone's start to
    its last one's window end (the alongside ones over the whole plan)."""
    planned = []
    for p in phases:
        members = [windows[m.id] for m in milestones if m.phase == p.id and m.id in windows]
        if not members:
            continue
        if p.alongside:
            planned.append(PlannedPhase(p.id, p.name, p.summary, True, start, end))
        else:
            first, last = min(w[0] for w in members), max(w[1] for w in members)
            planned.append(PlannedPhase(p.id, p.name, p.summary, False, first, last))
    return tuple(planned)
