"""Output for people: Rich on a terminal, plain text when piped or under NO_COLOR / TERM=dumb.

This is the only module that imports Rich, and only the human code paths import it. Every
piece of data is passed to Rich as :class:`~rich.text.Text`, never as markup, so text from a
rules file can't restyle the terminal.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.content import Source, path_by_id
from pomplan.errors import PomplanError
from pomplan.model import (
    Assumption,
    CareerPath,
    Estimate,
    EstimateReport,
    FaqEntry,
    Milestone,
    Plan,
    Profile,
    Range,
    Skill,
    Step,
    plain,
    to_months,
)
from pomplan.rules import Rules
from pomplan.scenarios import Scenario
from pomplan.store import Listed, Locations, SavedProfile

NARROW = 72  # below this many columns, tables become stacked lists

_console: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        # NO_COLOR means no styling at all (Rich alone would still send bold and underline).
        no_color = bool(os.environ.get("NO_COLOR"))
        _console = Console(highlight=False, emoji=False, color_system=None if no_color else "auto")
    return _console


@contextmanager
def recording(width: int, terminal: bool = True) -> Iterator[Console]:
    """Render into a recording console of fixed ``width`` instead of the real one, for the
    exports: colour and block characters (or plain ASCII with ``terminal`` off), whatever the
    environment says, so that an export is the same wherever it is made."""
    global _console
    saved = _console
    _console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        highlight=False,
        emoji=False,
        _environ={},
    )
    try:
        yield _console
    finally:
        _console = saved


def _print(*items: RenderableType) -> None:
    out = console()
    if out.is_terminal or out.record:  # a recording (an export) trims its own lines
        for item in items:
            out.print(item)
        return
    # Piped or redirected: plain lines, without the padding Rich adds to fill the width.
    with out.capture() as captured:
        for item in items:
            out.print(item)
    lines = captured.get().splitlines()
    out.file.write("".join(line.rstrip() + "\n" for line in lines))


def _narrow() -> bool:
    return console().width < NARROW


def signed(value: Decimal) -> str:
    if value == 0:
        return "0"
    sign = "+" if value > 0 else "-"
    return f"{sign}{plain(abs(value))}"


def years_and_months(years: Decimal) -> str:
    y, m = divmod(to_months(years), 12)
    parts = []
    if y:
        parts.append(f"{y} year" + ("s" if y != 1 else ""))
    if m or not y:
        parts.append(f"{m} month" + ("s" if m != 1 else ""))
    return " ".join(parts)


def headline(estimate: Estimate) -> Text:
    low, high = estimate.years.low, estimate.years.high
    months_low, months_high = estimate.months
    text = Text()
    if low == low.to_integral_value() and high == high.to_integral_value():
        span = f"{plain(low)} to {plain(high)} years"
    else:
        span = f"{years_and_months(low)} to {years_and_months(high)}"
    text.append(span, style="bold green")
    text.append(f"  ({estimate.years} years, {months_low}-{months_high} months)")
    return text


def _heading(title: str) -> Text:
    return Text(title, style="bold")


def _sources(sources: tuple[str, ...]) -> Text:
    return Text(f"[{', '.join(sources)}]", style="dim") if sources else Text()


def _bullets(items: list[str] | tuple[str, ...], numbered: bool = False) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for index, item in enumerate(items, start=1):
        table.add_row(f"{index}." if numbered else "-", Text(item))
    return table


def profile_line(profile: Profile, with_path: bool = True) -> Text:
    certs = ", ".join(profile.certifications) or "none"
    parts = [
        f"degree {profile.degree}",
        f"background {profile.background}",
        f"{plain(profile.experience_years)} years in it",
        f"certifications {certs}",
        f"{plain(profile.hours_per_week)} h/week",
    ]
    if with_path:
        parts.insert(3, f"path {profile.path}")
    return Text("; ".join(parts), style="dim")


def _breakdown(report: EstimateReport) -> RenderableType:
    e = report.estimate
    if _narrow():
        rows: list[RenderableType] = [
            Text(
                f"Baseline: {plain(e.baseline.low)} / {plain(e.baseline.high)} years", style="bold"
            ),
            Padding(
                Text.assemble(report.baseline_reason, " ", _sources(report.baseline_sources)),
                (0, 0, 0, 2),
            ),
        ]
        for a in e.adjustments:
            line = Text()
            line.append(a.label, style="bold")
            line.append(f": {signed(a.effect.low)} / {signed(a.effect.high)} years")
            rows.append(line)
            rows.append(Padding(Text.assemble(a.reason, " ", _sources(a.sources)), (0, 0, 0, 2)))
        result = Text(f"Result: {plain(e.years.low)} to {plain(e.years.high)} years", style="bold")
        rows.append(result)
        return Group(*rows)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Rule", overflow="fold", max_width=26)
    table.add_column("Low", justify="right", no_wrap=True)
    table.add_column("High", justify="right", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=1)
    table.add_row(
        "Baseline",
        plain(e.baseline.low),
        plain(e.baseline.high),
        Text.assemble(report.baseline_reason, " ", _sources(report.baseline_sources)),
    )
    for a in e.adjustments:
        table.add_row(
            Text(a.label),
            signed(a.effect.low),
            signed(a.effect.high),
            Text.assemble(a.reason, " ", _sources(a.sources)),
        )
    table.add_section()
    table.add_row(
        Text("Time left" if has_progress(e) else "Your range", style="bold"),
        plain(e.years.low),
        plain(e.years.high),
        Text("years"),
    )
    return table


def _saved_line(name: str | None) -> list[RenderableType]:
    if name is None:
        return []
    return [
        Text(
            f"From your saved profile '{name}', where no flag or POMPLAN_* variable says "
            "otherwise ('pomplan profile show').",
            style="dim",
        )
    ]


def has_progress(e: Estimate) -> bool:
    return any(a.id == "progress" for a in e.adjustments)


def _assumptions(items: tuple[Assumption, ...] | list[Assumption]) -> list[RenderableType]:
    if not items:
        return []
    lines = [f"{a.field}: {a.value} ({a.note})" for a in items]
    return [Text(), _heading("Assumed, because you did not say"), _bullets(lines)]


def _saving(low: int, high: int) -> str:
    """Months saved at each end of the range, in words: 'saves 6-12 months'."""

    def span(a: int, b: int) -> str:
        a, b = sorted((a, b))
        return f"{a} month{'s' if a != 1 else ''}" if a == b else f"{a}-{b} months"

    if low == high == 0:
        return "no change"
    if low >= 0 and high >= 0:
        return f"saves {span(low, high)}"
    if low <= 0 and high <= 0:
        return f"adds {span(-low, -high)}"
    return f"{low:+d} months at the low end, {high:+d} at the high end"


def _scenarios(items: list[Scenario] | None) -> list[RenderableType]:
    if items is None:
        return []
    out: list[RenderableType] = [Text(), _heading("What if (biggest saving first)")]
    if _narrow():
        for s in items:
            line = Text()
            line.append(s.change.text, style="bold")
            line.append(f": {s.report.estimate.years} years, ")
            line.append(_saving(*s.saved_months), style="green" if sum(s.saved_months) > 0 else "")
            out.append(line)
        return out
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Change", overflow="fold")
    table.add_column("Years", no_wrap=True)
    table.add_column("Months", no_wrap=True, justify="right")
    table.add_column("Against now", overflow="fold")
    for s in items:
        low, high = s.report.estimate.months
        table.add_row(
            Text(s.change.text),
            str(s.report.estimate.years),
            f"{low}-{high}",
            Text(_saving(*s.saved_months), style="green" if sum(s.saved_months) > 0 else ""),
        )
    out.append(table)
    return out


def estimate(report: EstimateReport, scenarios: list[Scenario] | None = None) -> None:
    e = report.estimate
    path_line = Text()
    path_line.append("Path: ", style="bold")
    path_line.append(f"{path_by_id(e.profile.path).name} ({e.profile.path})")
    if report.path_choice.automatic:
        path_line.append(f", picked because {report.path_choice.reason}")
    steps: list[RenderableType] = []
    if report.next_steps:
        steps = [
            Text(),
            _heading("Your next three steps"),
            _bullets(report.next_steps, numbered=True),
        ]
    _print(
        Text.assemble(
            (
                "Estimated time left to Product Operations Manager: "
                if has_progress(e)
                else "Estimated time to Product Operations Manager: ",
                "bold",
            ),
            headline(e),
        ),
        path_line,
        profile_line(e.profile),
        *_saved_line(report.saved_profile),
        Text(),
        _breakdown(report),
        *_scenarios(scenarios),
        *_assumptions(report.assumptions),
        *steps,
        Text(),
        Text(
            "An estimate, not a promise: the sources give the baseline; every adjustment is "
            "pomplan's judgement ('pomplan faq how-estimate-works'). 'pomplan rules' lists the "
            "rules; 'pomplan sources' explains the fact ids in brackets.",
            style="dim",
        ),
    )


def paths(items: tuple[CareerPath, ...]) -> None:
    out: list[RenderableType] = []
    for p in items:
        title = Text()
        title.append(p.name, style="bold")
        title.append(f"  ({p.id})", style="cyan")
        out += [
            title,
            Padding(Text(p.summary), (0, 0, 0, 2)),
            Padding(Text(f"Suits: {', '.join(p.suits)}", style="dim"), (0, 0, 0, 2)),
            Text(),
        ]
    out.append(
        Text(
            "'pomplan paths show ID' for details; 'pomplan paths --compare' to time each for you.",
            style="dim",
        )
    )
    _print(*out)


def path_detail(p: CareerPath) -> None:
    title = Text()
    title.append(p.name, style="bold")
    title.append(f"  ({p.id})", style="cyan")
    first: list[str] = []
    for action in p.first_steps:
        note = ""
        if action.condition.when:
            note = (
                " (if "
                + "; ".join(f"{k} is {' or '.join(v)}" for k, v in action.condition.when.items())
                + ")"
            )
        if action.condition.unless:
            note += (
                " (unless "
                + "; ".join(f"{k} is {' or '.join(v)}" for k, v in action.condition.unless.items())
                + ")"
            )
        first.append(action.text + note)
    _print(
        title,
        Text(p.summary),
        Text(f"Suits: {', '.join(p.suits)}", style="dim"),
        Text(),
        _heading("What you bring"),
        _bullets(p.strengths),
        Text(),
        _heading("What to add"),
        _bullets(p.gaps),
        Text(),
        _heading("First steps"),
        _bullets(first, numbered=True),
        Text(),
        _sources(p.sources),
    )


def comparison(
    profile: Profile,
    assumed: list[Assumption],
    results: list[tuple[CareerPath, Estimate]],
    rules_file: str,  # recorded in the JSON document only
) -> None:
    out: list[RenderableType] = [
        _heading("Every path, timed for you (fastest first)"),
        profile_line(profile, with_path=False),
        Text(),
    ]
    if _narrow():
        for rank, (p, e) in enumerate(results, start=1):
            out.append(Text.assemble(f"{rank}. ", (p.name, "bold")))
            span = f"{p.id}: {e.years} years ({e.months[0]}-{e.months[1]} months)"
            out.append(Padding(Text(span), (0, 0, 0, 3)))
    else:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("#", justify="right")
        table.add_column("Path", overflow="fold")
        table.add_column("Years", justify="right", no_wrap=True)
        table.add_column("Months", justify="right", no_wrap=True)
        table.add_column("Summary", overflow="fold", ratio=1)
        for rank, (p, e) in enumerate(results, start=1):
            table.add_row(
                str(rank),
                Text.assemble((p.name, "bold"), f"\n{p.id}"),
                str(e.years),
                f"{e.months[0]}-{e.months[1]}",
                Text(p.summary),
            )
        out.append(table)
    out += _assumptions(assumed)
    _print(*out)


def faq(query: str | None, entries: list[FaqEntry] | tuple[FaqEntry, ...]) -> None:
    # The query is recorded in the JSON document only: people see the questions it matched.
    out: list[RenderableType] = []
    for index, e in enumerate(entries):
        if index:
            out.append(Text())
        out.append(Text(e.question, style="bold"))
        out.append(Text(e.answer))
        out.append(Text.assemble(_sources(e.sources), (f"  (pomplan faq {e.id})", "dim")))
    _print(*out)


def steps(items: tuple[Step, ...]) -> None:
    out: list[RenderableType] = []
    for s in items:
        if out:
            out.append(Text())
        out.append(Text(f"{s.number}. {s.title}", style="bold"))
        out.append(Padding(Text(s.summary), (0, 0, 0, 3)))
        out.append(Padding(_bullets(s.actions), (0, 0, 0, 3)))
        out.append(Padding(_sources(s.sources), (0, 0, 0, 3)))
    _print(*out)


def skills(items: tuple[Skill, ...]) -> None:
    out: list[RenderableType] = []
    for group, title in (("core", "Core skills"), ("edge", "Skills that give you an edge")):
        members = [s for s in items if s.group == group]
        if not members:
            continue
        if out:
            out.append(Text())
        out.append(Text(title, style="bold underline"))
        for s in members:
            out.append(Text())
            out.append(Text(s.name, style="bold"))
            out.append(Padding(Text(s.why), (0, 0, 0, 2)))
            out.append(Padding(_bullets(s.practice), (0, 0, 0, 2)))
            out.append(Padding(_sources(s.sources), (0, 0, 0, 2)))
    _print(*out)


def _span(r: Range) -> str:
    return f"{signed(r.low)} / {signed(r.high)}"


def rules(r: Rules) -> None:
    out: list[RenderableType] = [
        Text.assemble(("Rules file: ", "bold"), r.source, " (shipped)" if r.shipped else ""),
        Text(
            f"Baseline {r.baseline.effect} years for the "
            f"reference person: degree {r.reference.degree}, background {r.reference.background}, "
            f"path {r.reference.path}, {plain(r.reference.experience_years)} years credited, "
            f"{plain(r.reference.hours_per_week)} hours a week.",
        ),
        Text(),
    ]
    groups: dict[str, list[tuple[str, Range, str, tuple[str, ...]]]] = {}
    for group, applies, effect in r.all_effects()[1:]:
        groups.setdefault(group, []).append((applies, effect.effect, effect.reason, effect.sources))
    for group, rows in groups.items():
        out.append(_heading(group))
        for applies, shift, reason, srcs in rows:
            line = Text("  ")
            line.append(applies)
            line.append(f": {_span(shift)} years", style="bold")
            out.append(line)
            out.append(Padding(Text.assemble(reason, " ", _sources(srcs)), (0, 0, 0, 4)))
        out.append(Text())
    out.append(
        Text("Low / high: years added to each end of the range (negative = faster).", style="dim")
    )
    _print(*out)


def sources(items: tuple[Source, ...], facts: dict[str, str]) -> None:
    cited = Table.grid(padding=(0, 2))
    cited.add_column(no_wrap=True, style="bold")
    cited.add_column(overflow="fold")
    for s in items:
        year = f", {s.year}" if s.year else ""
        detail = Text(f'{s.publisher}, "{s.title}" ({s.kind}{year})\n')
        detail.append(s.url, style="dim")
        cited.add_row(s.id, detail)
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    for ident, summary in facts.items():
        table.add_row(ident, Text(summary))
    _print(cited, Text(), table)


# --- the plan ----------------------------------------------------------------------------

STATES = {
    "ahead": ("ahead of plan", "bold green"),
    "on-track": ("on track", "bold green"),
    "behind": ("behind plan", "bold yellow"),
    "not-started": ("not started yet", "bold"),
    "complete": ("every milestone done", "bold green"),
}


def _fancy() -> bool:
    """Block characters and colour on a UTF-8 terminal; plain ASCII when piped."""
    out = console()
    return out.is_terminal and "utf" in (out.encoding or "").lower()


def _column(day: date, first: date, days_per_cell: float, cells: int) -> int:
    return min(max(int((day - first).days / days_per_cell), 0), cells - 1)


def _axis(first: date, last: date, cells: int, days_per_cell: float) -> str:
    row = [" "] * cells
    span_years = (last - first).days / 365.25
    marks: list[tuple[date, str]] = []
    if span_years >= 2:
        step = max(1, int(span_years // max(cells // 6, 1)) + 1) if span_years > cells / 6 else 1
        marks = [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1, step)]
    else:
        for y in range(first.year, last.year + 1):
            for m in (1, 4, 7, 10):
                day = date(y, m, 1)
                if first < day <= last:
                    marks.append((day, f"{y}-{m:02d}" if m == 1 or not marks else f"{m:02d}"))
    free = 0
    for day, label in marks:
        col = _column(day, first, days_per_cell, cells)
        if col >= free and col + len(label) <= cells:
            row[col : col + len(label)] = list(label)
            free = col + len(label) + 1
    return "".join(row).rstrip()


def timeline_lines(p: Plan, width: int) -> list[str]:
    """The timeline in plain ASCII, line by line, for a document."""
    with recording(width, terminal=False) as out:
        out.print(timeline(p, width))
    return [line.rstrip() for line in out.export_text().splitlines()]


def timeline(p: Plan, width: int) -> Group:
    """A small Gantt chart: one bar per phase, the finish window, today marked."""
    fancy = _fancy()
    names = [ph.name for ph in p.phases] + ["Finish"]
    label_width = min(max(len(n) for n in names), 18 if width >= 60 else 11) + 1
    count_width = 6
    cells = max(width - label_width - count_width - 1, 10)
    first, last = p.start, max(p.finish[1], p.end, p.today if p.today > p.start else p.start)
    days_per_cell = max((last - first).days, 1) / cells
    now = _column(p.today, first, days_per_cell, cells) if first <= p.today <= last else None
    done_char, open_char, window_char = ("█", "░", "·") if fancy else ("#", "=", "~")
    today_char = "│" if fancy else "|"

    def row(label: str, start: date, end: date, fraction: float, tail: str, fill: str) -> Text:
        a = _column(start, first, days_per_cell, cells)
        b = max(_column(end, first, days_per_cell, cells), a)
        text = Text(label[: label_width - 1].ljust(label_width))
        filled = a + round((b - a + 1) * fraction)
        for col in range(cells):
            if a <= col <= b:
                char, style = (done_char, "green") if col < filled else (fill, "cyan")
            elif col == now:
                char, style = today_char, "yellow"
            else:
                char, style = " ", ""
            text.append(char, style=style)
        text.append(f" {tail}".rjust(count_width + 1))
        return text

    axis = _axis(first, last, cells, days_per_cell)
    rows: list[RenderableType] = [Text(" " * label_width + axis)]
    for ph in p.phases:
        members = [m for m in p.milestones if m.phase == ph.id]
        finished = sum(1 for m in members if m.done)
        fraction = finished / len(members) if members else 0.0
        tally = f"{finished}/{len(members)}"
        rows.append(row(ph.name, ph.start, ph.end, fraction, tally, open_char))
    rows.append(row("Finish", p.finish[0], p.finish[1], 0.0, "", window_char))
    if now is not None:
        rows.append(Text(" " * (label_width + now) + "^ today", style="yellow"))
    key = (
        f"{done_char} done  {open_char} to do  {window_char} finish window (your range)"
        f"  {today_char} today"
    )
    rows.append(Text(key, style="dim"))
    return Group(*rows)


def status(p: Plan) -> Text:
    label, style = STATES[p.pace.state]
    done, total = len(p.done), len(p.milestones)
    text = Text()
    text.append("Status: ", style="bold")
    text.append(label, style=style)
    text.append(
        f": {done} of {total} milestones done ({p.pace.percent_done}%), "
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
    if m.done_on is not None:
        return Text(f"done {m.done_on.isoformat()}", style="green")
    if m.due < today:
        return Text(f"late {m.due.isoformat()}", style="yellow")
    return Text(f"due {m.due.isoformat()}", style="dim")


def _checklist(p: Plan, details: bool) -> list[RenderableType]:
    out: list[RenderableType] = []
    narrow = _narrow()
    for ph in p.phases:
        members = [m for m in p.milestones if m.phase == ph.id]
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
        if not narrow:
            table.add_column(no_wrap=True, style="cyan")
            table.add_column(no_wrap=True)
        for m in members:
            title = Text(m.title, style="dim" if m.done else "")
            if details:
                title.append("".join(f"\n- {a}" for a in m.actions), style="")
            check = Text("[x]" if m.done else "[ ]")
            if narrow:
                below = Text.assemble((m.id, "cyan"), " ", due_text(m, p.today))
                table.add_row(check, Text.assemble(title, "\n", below))
            else:
                table.add_row(check, title, m.id, due_text(m, p.today))
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
    out: list[RenderableType] = [Text(), _heading("Your next three actions"), table]
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
    return (
        f"Estimate {e.years} years ({path_by_id(e.profile.path).name}). "
        f"The plan runs from {p.start.isoformat()} to {p.end.isoformat()}, the middle of that "
        f"range; you could finish between {p.finish[0].isoformat()} and "
        f"{p.finish[1].isoformat()}."
    )


def plan(p: Plan, details: bool = False) -> None:
    e = p.report.estimate
    title = Text()
    title.append("Your plan to Product Operations Manager", style="bold")
    title.append(f"  (profile '{p.profile_name}')", style="dim")
    _print(
        title,
        profile_line(e.profile),
        Text(),
        Text(plan_summary(p)),
        status(p),
        remaining(p),
        Text(),
        timeline(p, min(console().width, 100)),
        *_next(p),
        *_checklist(p, details),
        *_not_in_plan(p),
        *_assumptions(p.report.assumptions),
        Text(),
        Text(
            "Tick a milestone off with 'pomplan progress done ID'; 'pomplan plan --details' "
            "shows what to do for each one.",
            style="dim",
        ),
    )


def progress(p: Plan) -> None:
    head = Text()
    head.append("Progress", style="bold")
    head.append(f"  (profile '{p.profile_name}')", style="dim")
    _print(head, status(p), remaining(p), *_checklist(p, False), *_not_in_plan(p))


def ticked(p: Plan, ids: list[str], done: bool) -> None:
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
        out.append(Padding(below, (0, 0, 0, 2)))
    out += [status(p), remaining(p)]
    _print(*out)


# --- profiles ----------------------------------------------------------------------------


def _value(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def profile(name: str, saved: SavedProfile | None, file: Path) -> None:
    if saved is None:
        _print(
            Text(f"No profile '{name}' is saved yet, so pomplan uses its reference values."),
            Text(
                "Save yours with 'pomplan profile set --background FIELD ...', or answer a few "
                "questions with 'pomplan profile init'.",
                style="dim",
            ),
        )
        return
    head = Text()
    head.append(f"Profile '{name}'", style="bold")
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for field, value in saved.given._asdict().items():
        if value is not None:
            shown = Text(_value(value))
        elif field == "path":
            shown = Text("not saved (auto: the fastest path for you)", style="dim")
        else:
            shown = Text("not saved (pomplan uses its reference value)", style="dim")
        table.add_row(field, shown)
    table.add_row(
        "start",
        Text(saved.start.isoformat()) if saved.start else Text("not saved (today)", style="dim"),
    )
    _print(head, table, Text(f"Saved in {file}", style="dim"))


def profile_list(items: list[Listed], active: str) -> None:
    if not items:
        _print(Text("No profiles are saved yet; 'pomplan profile set' saves one."))
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for item in items:
        name = Text(("* " if item.name == active else "  ") + item.name, style="bold")
        if item.problem:
            detail = Text(f"can't be read: {item.problem}", style="yellow")
        else:
            parts = ["profile saved" if item.profile_file else "no profile file"]
            parts.append(f"{item.done} milestone{'s' if item.done != 1 else ''} ticked")
            detail = Text(", ".join(parts))
        table.add_row(name, detail)
    _print(table, Text("* the profile in use (--profile NAME picks another)", style="dim"))


def profile_paths(name: str, where: Locations) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    rows = [
        ("Profile file", where.profile_file(name)),
        ("Progress file", where.progress_file(name)),
        ("Backups", where.backups),
        ("Settings folder", where.config),
        ("Data folder", where.data),
    ]
    for label, path in rows:
        table.add_row(label, Text(str(path)))
    note = (
        "POMPLAN_HOME is set, so everything lives under it."
        if where.override
        else "Set POMPLAN_HOME to keep everything in one folder of your choice."
    )
    _print(table, Text(note, style="dim"))


def profile_reset(name: str, result: tuple[Path, list[Path]] | None) -> None:
    if result is None:
        _print(Text(f"Nothing is saved for profile '{name}'; nothing was moved."))
        return
    folder, moved = result
    out: list[RenderableType] = [Text(f"Moved profile '{name}' aside to {folder}")]
    out += [Padding(Text(path.name), (0, 0, 0, 2)) for path in moved]
    out.append(Text("To undo, move the files back to where they were.", style="dim"))
    _print(*out)


def confirm(question: str) -> bool:
    from rich.prompt import Confirm

    # On stderr, so that stdout holds only the result (a JSON document with --json).
    plain_ = bool(os.environ.get("NO_COLOR"))
    asker = Console(stderr=True, highlight=False, color_system=None if plain_ else "auto")
    return Confirm.ask(Text(question), console=asker, default=False)


def ask(title: str, questions: list[tuple[str, str, str, Callable[[str], Any]]]) -> list[Any]:
    """Ask each question until its answer passes its check; return the checked answers.

    Every string shown is a Text, so what a person types is echoed literally.
    """
    from rich.prompt import Prompt

    out = console()
    out.print(Text(title, style="bold"))
    out.print(Text("Enter keeps the value in brackets; Ctrl-C stops without saving.", style="dim"))
    answers = []
    for label, choices, default, check in questions:
        out.print(Text(f"  {choices}", style="dim"))
        while True:
            raw = Prompt.ask(Text(label), console=out, default=default, show_default=True)
            try:
                answers.append(check(raw))
                break
            except PomplanError as exc:
                out.print(Text(exc.message, style="red"))
    return answers
