"""Output for people: Rich on a terminal, plain text when piped or under NO_COLOR / TERM=dumb.

This is the only module that imports Rich, and only the human code paths import it. Every
piece of data is passed to Rich as :class:`~rich.text.Text`, never as markup, so text from a
rules file can't restyle the terminal.
"""

from __future__ import annotations

import os
from decimal import Decimal

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.content import Source, path_by_id
from pomplan.model import (
    Assumption,
    CareerPath,
    Estimate,
    EstimateReport,
    FaqEntry,
    Profile,
    Range,
    Skill,
    Step,
    plain,
    to_months,
)
from pomplan.rules import Rules

NARROW = 72  # below this many columns, tables become stacked lists

_console: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        # NO_COLOR means no styling at all (Rich alone would still send bold and underline).
        no_color = bool(os.environ.get("NO_COLOR"))
        _console = Console(highlight=False, emoji=False, color_system=None if no_color else "auto")
    return _console


def _print(*items: RenderableType) -> None:
    out = console()
    if out.is_terminal:
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


def _profile_line(profile: Profile, with_path: bool = True) -> Text:
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
            Padding(Text(report.baseline_reason), (0, 0, 0, 2)),
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
        "Baseline", plain(e.baseline.low), plain(e.baseline.high), Text(report.baseline_reason)
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
        Text("Your range", style="bold"), plain(e.years.low), plain(e.years.high), Text("years")
    )
    return table


def _assumptions(items: tuple[Assumption, ...] | list[Assumption]) -> list[RenderableType]:
    if not items:
        return []
    lines = [f"{a.field}: {a.value} ({a.note})" for a in items]
    return [Text(), _heading("Assumed, because you did not say"), _bullets(lines)]


def estimate(report: EstimateReport) -> None:
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
        Text.assemble(("Estimated time to Product Operations Manager: ", "bold"), headline(e)),
        path_line,
        _profile_line(e.profile),
        Text(),
        _breakdown(report),
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
        _profile_line(profile, with_path=False),
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
