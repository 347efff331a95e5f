"""The estimate on a terminal: the headline, the rule-by-rule breakdown, what-if scenarios."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.content import path_by_id
from pomplan.model import (
    EstimateReport,
    plain,
)
from pomplan.render.terminal.console import narrow, show
from pomplan.render.terminal.parts import (
    assumptions,
    bullets,
    cited,
    has_progress,
    heading,
    headline,
    profile_line,
    signed,
)
from pomplan.render.whatif import verdict
from pomplan.scenarios import Scenario


def _breakdown(term: Console, report: EstimateReport) -> RenderableType:
    e = report.estimate
    if narrow(term):
        rows: list[RenderableType] = [
            Text(
                f"Baseline: {plain(e.baseline.low)} / {plain(e.baseline.high)} years", style="bold"
            ),
            Padding(
                Text.assemble(report.baseline_reason, " ", cited(report.baseline_sources)),
                (0, 0, 0, 2),
            ),
        ]
        for a in e.adjustments:
            line = Text()
            line.append(a.label, style="bold")
            line.append(f": {signed(a.effect.low)} / {signed(a.effect.high)} years")
            rows.append(line)
            rows.append(Padding(Text.assemble(a.reason, " ", cited(a.sources)), (0, 0, 0, 2)))
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
        Text.assemble(report.baseline_reason, " ", cited(report.baseline_sources)),
    )
    for a in e.adjustments:
        table.add_row(
            Text(a.label),
            signed(a.effect.low),
            signed(a.effect.high),
            Text.assemble(a.reason, " ", cited(a.sources)),
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


def _pair(low: int, high: int) -> str:
    return f"{low} / {high}"


def _scenarios(term: Console, items: list[Scenario] | None) -> list[RenderableType]:
    """The scenarios, biggest net saving first: months saved, what getting the change costs
    (at the person's hours a week), the net, and whether it pays off in time."""
    if items is None:
        return []
    out: list[RenderableType] = [Text(), heading("What if (biggest net saving first)")]
    note = "Months at the low / high end of the range; net = saved - cost."
    if narrow(term):
        for s in items:
            out.append(Text(s.change.text, style="bold"))
            numbers = (
                f"{s.report.estimate.years} years; saved {_pair(*s.saved_months)}, "
                f"cost {_pair(*s.cost_months)}, net {_pair(*s.net_months)} months"
            )
            out.append(Padding(Text(numbers), (0, 0, 0, 2)))
            out.append(Padding(_verdict(s), (0, 0, 0, 2)))
        return out
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Change", overflow="fold")
    table.add_column("Years", no_wrap=True)
    for column in ("Saved", "Cost", "Net"):
        table.add_column(column, no_wrap=True, justify="right")
    for s in items:
        table.add_row(
            Text(s.change.text),
            str(s.report.estimate.years),
            _pair(*s.saved_months),
            _pair(*s.cost_months),
            Text(_pair(*s.net_months), style="green" if s.net > 0 else ""),
        )
    out += [table, Text(note, style="dim"), Text()]
    out += [Text.assemble((f"{s.change.text}: ", "bold"), _verdict(s)) for s in items]
    return out


def _verdict(s: Scenario) -> Text:
    return Text(verdict(s), style="green" if s.net > 0 and min(s.net_months) >= 0 else "")


def _steps(report: EstimateReport) -> list[RenderableType]:
    """The next steps: the plan's next milestones (the same as 'pomplan plan' shows)."""
    if not report.next_steps:
        return []
    count = "three " if len(report.next_steps) == 3 else ""
    out: list[RenderableType] = [
        Text(),
        heading(f"Your next {count}steps"),
        bullets(report.next_steps, numbered=True),
    ]
    if report.next:
        out.append(
            Text(
                f"From your plan ({', '.join(report.next)}): 'pomplan plan' dates them; "
                "tick each off with 'pomplan progress done ID'.",
                style="dim",
            )
        )
    return out


def estimate(
    term: Console, report: EstimateReport, scenarios: list[Scenario] | None = None
) -> None:
    e = report.estimate
    path_line = Text()
    path_line.append("Path: ", style="bold")
    path_line.append(f"{path_by_id(e.profile.path).name} ({e.profile.path})")
    if report.path_choice.automatic:
        path_line.append(f", picked because {report.path_choice.reason}")
    steps = _steps(report)
    show(
        term,
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
        _breakdown(term, report),
        *_scenarios(term, scenarios),
        *assumptions(report.assumptions),
        *steps,
        Text(),
        Text(
            "An estimate, not a promise: the sources give the baseline; every adjustment is "
            "pomplan's judgement ('pomplan faq how-estimate-works'). 'pomplan rules' lists the "
            "rules; 'pomplan sources' explains the fact ids in brackets.",
            style="dim",
        ),
    )
