"""The plan on a terminal: status, time left, the timeline, next actions and the checklist;
progress and ticks.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.content import path_by_id
from pomplan.model import (
    Milestone,
    Plan,
)
from pomplan.render.terminal.console import fancy, narrow, show
from pomplan.render.terminal.notes import loose as loose_notes
from pomplan.render.terminal.notes import under as milestone_notes
from pomplan.render.terminal.parts import (
    assumptions,
    heading,
    profile_line,
)
from pomplan.render.terminal.timeline import timeline
from pomplan.render.views import percent_shown

if TYPE_CHECKING:
    from pomplan.store import Note

STATES = {
    "ahead": ("ahead of plan", "bold green"),
    "on-track": ("on track", "bold green"),
    "behind": ("behind plan", "bold yellow"),
    "not-started": ("not started yet", "bold"),
    "complete": ("every milestone done", "bold green"),
}


def status(p: Plan) -> Text:
    label, style = STATES[p.pace.state]
    done, total = len(p.done), len(p.scheduled)
    text = Text()
    text.append("Status: ", style="bold")
    text.append(label, style=style)
    text.append(
        f": {done} of {total} milestones done ({percent_shown(p)} of the effort), "
        f"{p.pace.percent_elapsed}% of the plan's time gone."
    )
    return text


def remaining(p: Plan) -> Text:
    e = p.remaining
    text = Text()
    text.append("Time left: ", style="bold")
    text.append(f"{e.years} years ({e.months[0]}-{e.months[1]} months)")
    if len(p.done):
        journey = p.report.estimate.years
        text.append(f", down from {journey} for the whole journey.")
    else:
        text.append(".")
    return text


def due_text(m: Milestone, today: date) -> Text:
    if m.covered:
        return Text("covered", style="dim")
    if m.done_on is not None:
        return Text(f"done {m.done_on.isoformat()}", style="green")
    assert m.due is not None  # every scheduled milestone has its dates
    if m.due < today:
        return Text(f"late {m.due.isoformat()}", style="yellow")
    return Text(f"due {m.due.isoformat()}", style="dim")


def _checklist(
    term: Console, p: Plan, details: bool, notes: tuple[Note, ...] = ()
) -> list[RenderableType]:
    out: list[RenderableType] = []
    is_narrow = narrow(term)
    for ph in p.phases:
        members = [m for m in p.scheduled if m.phase == ph.id]
        finished = sum(1 for m in members if m.done)
        out.append(Text())
        head = Text()
        head.append(ph.name, style="bold underline")
        when = "all along" if ph.alongside else f"{ph.start.isoformat()} to {ph.end.isoformat()}"
        head.append(f"  {when}, {finished} of {len(members)} done", style="dim")
        out.append(head)
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold", ratio=1)
        if not is_narrow:
            table.add_column(no_wrap=True, style="cyan")
            table.add_column(no_wrap=True)
        for m in members:
            title = Text(m.title, style="dim" if m.done else "")
            if details:
                title.append("".join(f"\n- {a}" for a in m.actions), style="")
                if m.was_due is not None and not m.done:
                    title.append(f"\nFirst due {m.was_due.isoformat()}; moved.", style="dim")
            for line in milestone_notes(notes, m.id):
                title.append("\n")
                title.append_text(line)
            check = Text("[x]" if m.done else "[ ]")
            if is_narrow:
                below = Text.assemble((m.id, "cyan"), " ", due_text(m, p.today))
                table.add_row(check, Text.assemble(title, "\n", below))
            else:
                table.add_row(check, title, m.id, due_text(m, p.today))
        out.append(Padding(table, (0, 0, 0, 1)))
    return out + _covered(p, details)


def _covered(p: Plan, details: bool) -> list[RenderableType]:
    """The milestones the person's record already covers: dimmed, with the reason."""
    if not p.covered:
        return []
    out: list[RenderableType] = [Text(), Text("Already covered by your record", style="bold dim")]
    out.append(
        Text(
            "Credited in your estimate's lines already, so they are not scheduled and do not "
            "count again in your progress.",
            style="dim",
        )
    )
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold", ratio=1)
    for m in p.covered:
        line = Text.assemble(
            (m.title, "dim"), " ", (m.id, "dim cyan"), "\n", (m.covered_by or "", "dim")
        )
        if details:
            line.append("".join(f"\n- {a}" for a in m.actions), style="dim")
        table.add_row(Text("[-]", style="dim"), line)
    out.append(Padding(table, (0, 0, 0, 1)))
    return out


def _next(p: Plan) -> list[RenderableType]:
    if not p.next:
        return []
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold", ratio=1)
    by_id = {m.id: m for m in p.milestones}
    for index, ident in enumerate(p.next, start=1):
        m = by_id[ident]
        table.add_row(
            f"{index}.",
            Text.assemble(
                (m.title, "bold"),
                "\n",
                (m.id, "cyan"),
                " ",
                due_text(m, p.today),
                "\n",
                m.actions[0],
            ),
        )
    out: list[RenderableType] = [Text(), heading("Your next three actions"), table]
    return out


def _not_in_plan(p: Plan) -> list[RenderableType]:
    if not p.not_in_plan:
        return []
    ids = ", ".join(p.not_in_plan)
    return [
        Text(),
        Text(f"Also ticked, but not part of this plan (kept, not counted): {ids}", style="dim"),
    ]


def plan_summary(p: Plan) -> str:
    e = p.report.estimate
    finish = f"you could finish between {p.finish[0].isoformat()} and {p.finish[1].isoformat()}."
    if p.relaid_from is not None:
        return (
            f"Estimate {e.years} years ({path_by_id(e.profile.path).name}). You are behind, so "
            f"the open milestones are laid out again from {p.relaid_from.isoformat()} to "
            f"{p.end.isoformat()}, over the middle of the time left (your status still compares "
            f"with the plan as first laid out); {finish}"
        )
    return (
        f"Estimate {e.years} years ({path_by_id(e.profile.path).name}). "
        f"The plan runs from {p.start.isoformat()} to {p.end.isoformat()}, the middle of that "
        f"range; {finish}"
    )


def plan(term: Console, p: Plan, details: bool = False, notes: tuple[Note, ...] = ()) -> None:
    e = p.report.estimate
    title = Text()
    title.append("Your plan to Product Operations Manager", style="bold")
    title.append(f"  (profile '{p.profile_name}')", style="dim")
    show(
        term,
        title,
        profile_line(e.profile),
        Text(),
        Text(plan_summary(p)),
        status(p),
        remaining(p),
        Text(),
        timeline(p, min(term.width, 100), fancy(term)),
        *_next(p),
        *_checklist(term, p, details, notes),
        *_not_in_plan(p),
        *loose_notes(p, notes),
        *assumptions(p.report.assumptions),
        Text(),
        Text(
            "Tick a milestone off with 'pomplan progress done ID'; 'pomplan plan --details' "
            "shows what to do for each one.",
            style="dim",
        ),
    )


def progress(term: Console, p: Plan) -> None:
    head = Text()
    head.append("Progress", style="bold")
    head.append(f"  (profile '{p.profile_name}')", style="dim")
    show(term, head, status(p), remaining(p), *_checklist(term, p, False), *_not_in_plan(p))


def ticked(term: Console, p: Plan, ids: list[str], done: bool) -> None:
    from pomplan.content import plan_catalogue

    titles = {m.id: m.title for m in plan_catalogue()[1]}
    by_id = {m.id: m for m in p.milestones}
    out: list[RenderableType] = []
    for ident in ids:
        m = by_id.get(ident)
        out.append(
            Text.assemble(("Done: " if done else "Open again: ", "bold"), titles.get(ident, ident))
        )
        below = Text(ident, style="cyan")
        if m is not None and m.done_on is not None:
            below.append(f", done {m.done_on.isoformat()}", style="green")
        if m is None:
            below.append(" (not in this plan, so it does not count)", style="dim")
        elif m.covered and done:
            below.append(" (your record already covers it, so it counts nothing more)", style="dim")
        out.append(Padding(below, (0, 0, 0, 2)))
    out += [status(p), remaining(p)]
    show(term, *out)
