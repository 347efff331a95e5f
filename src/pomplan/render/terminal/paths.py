"""The paths into the role on a terminal: the list, one path in detail, the comparison."""

from __future__ import annotations

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.model import (
    Assumption,
    CareerPath,
    Estimate,
    Profile,
)
from pomplan.render.terminal.console import narrow, show
from pomplan.render.terminal.parts import (
    assumptions,
    bullets,
    cited,
    heading,
    profile_line,
)


def paths(term: Console, items: tuple[CareerPath, ...]) -> None:
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
    show(term, *out)


def path_detail(term: Console, p: CareerPath) -> None:
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
    show(
        term,
        title,
        Text(p.summary),
        Text(f"Suits: {', '.join(p.suits)}", style="dim"),
        Text(),
        heading("What you bring"),
        bullets(p.strengths),
        Text(),
        heading("What to add"),
        bullets(p.gaps),
        Text(),
        heading("First steps"),
        bullets(first, numbered=True),
        Text(),
        cited(p.sources),
    )


def comparison(
    term: Console,
    profile: Profile,
    assumed: list[Assumption],
    results: list[tuple[CareerPath, Estimate]],
    rules_file: str,  # recorded in the JSON document only
) -> None:
    out: list[RenderableType] = [
        heading("Every path, timed for you (fastest first)"),
        profile_line(profile, with_path=False),
        Text(),
    ]
    if narrow(term):
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
    out += assumptions(assumed)
    show(term, *out)
