"""``pomplan match`` on a terminal: the score and how it is made, what was found, what is missing.

Every name and word from the posting or resume is passed to Rich as :class:`~rich.text.Text`
(never markup) on the safe console, so a hostile file can't style or drive the terminal.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pomplan.match import Finding, Match, explain
from pomplan.render.terminal.console import show
from pomplan.render.terminal.parts import heading


def _lines(numbers: tuple[int, ...]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    more = f" and {len(numbers) - 8} more" if len(numbers) > 8 else ""
    return ("line " if len(numbers) == 1 else "lines ") + shown + more


def _where(f: Finding, m: Match) -> str:
    posting = f"posting {_lines(f.in_posting)}"
    if f.found and m.resume is not None:
        return f"{posting}; resume {_lines(f.in_resume)}"
    if f.found and f.evidence:
        return f"{posting}; profile: {f.evidence}"
    return posting


def _found(m: Match) -> list[RenderableType]:
    found = [f for f in m.findings if f.found]
    if not found:
        return []
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for f in found:
        need = "required" if f.required else "nice to have"
        table.add_row("+", Text.assemble((f.keyword.label, "bold"), f" ({need}): ", _where(f, m)))
    return [Text(), heading(f"Found ({len(found)})"), table]


def _missing(m: Match, titles: dict[str, str]) -> list[RenderableType]:
    missing = m.missing
    if not missing:
        return []
    out: list[RenderableType] = [Text(), heading(f"Missing, required first ({len(missing)})")]
    for f in missing:
        need = "required" if f.required else "nice to have"
        out.append(Text.assemble("- ", (f.keyword.label, "bold"), f" ({need}), ", _where(f, m)))
        built = "; ".join(titles.get(i, i) for i in f.keyword.milestones)
        out.append(Padding(Text(f"Built by: {built}", style="dim"), (0, 0, 0, 2)))
        if f.hint:
            out.append(Padding(Text(f"Hint: {f.hint}", style="yellow"), (0, 0, 0, 2)))
    return out


def match(term: Console, m: Match, titles: dict[str, str]) -> None:
    against = f"resume {m.resume}" if m.resume is not None else f"saved profile '{m.profile}'"
    title = Text.assemble(("Match: ", "bold"))
    if m.score.value is None:
        title.append("no score", style="bold")
    else:
        title.append(f"{m.score.value} of 100", style="bold green")
    out: list[RenderableType] = [
        title,
        Text(f"Posting {m.posting}, against your {against}.", style="dim"),
        Text(),
        Text(explain(m.score)),
    ]
    out += _found(m)
    out += _missing(m, titles)
    if m.resume is None and m.findings:
        out += [
            Text(),
            Text(
                "Without --resume, your profile stands in: its background, certifications "
                "and the skills you rated 2 or more. Add --resume FILE to check your own words.",
                style="dim",
            ),
        ]
    show(term, *out)
