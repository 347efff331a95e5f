"""Questions asked on a terminal: a yes/no confirmation and the profile wizard's prompts."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from rich.text import Text

from pomplan.errors import PomplanError
from pomplan.render.terminal.console import SafeConsole, screen


def confirm(question: str) -> bool:
    from rich.prompt import Confirm

    # On stderr, so that stdout holds only the result (a JSON document with --json).
    plain_ = bool(os.environ.get("NO_COLOR"))
    asker = SafeConsole(stderr=True, highlight=False, color_system=None if plain_ else "auto")
    return Confirm.ask(Text(question), console=asker, default=False)


Question = tuple[str, str, str, Callable[[str], Any], tuple[str, ...]]
"""label, hint of what to answer, default, check, numbered choices (empty: none)."""

STOPPED = "Stopped: nothing was saved."


def menu(choices: tuple[str, ...], width: int, first: int = 1) -> list[str]:
    """The choices numbered from ``first`` (1), as many to a line as fit in ``width``."""
    cells = [f"{n}. {c}" for n, c in enumerate(choices, first)]
    size = max(len(c) for c in cells) + 2
    if size > width:  # long choices (a skill's levels): one each, wrapped under its text
        import textwrap

        hang = " " * (len(cells[0].split(" ")[0]) + 3)
        return [
            line
            for c in cells
            for line in textwrap.wrap(c, width - 2, initial_indent="  ", subsequent_indent=hang)
        ]
    per_line = max(1, (width - 2) // size)
    rows = [cells[i : i + per_line] for i in range(0, len(cells), per_line)]
    return ["  " + "".join(c.ljust(size) for c in row).rstrip() for row in rows]


def ask(
    title: str, questions: list[Question], first: int = 1, headings: tuple[str, ...] = ()
) -> list[Any]:
    """Ask each question until its answer passes its check; return the checked answers.

    A question with choices shows them numbered first (from ``first``: 1, or 0 for levels),
    under its heading if ``headings`` gives one. Ctrl-C or the end of input stops on a fresh
    line that says nothing was saved (then :class:`KeyboardInterrupt`). Every string shown is
    a Text, so what a person types is echoed literally.
    """
    out = screen()
    out.print(Text(title, style="bold"))
    out.print(Text("Enter keeps the value in brackets; Ctrl-C stops without saving.", style="dim"))
    try:
        return [
            _one(out, question, first, headings[n] if n < len(headings) else "")
            for n, question in enumerate(questions)
        ]
    except (KeyboardInterrupt, EOFError):
        out.print()
        out.print(Text(STOPPED))
        raise KeyboardInterrupt from None


def _one(out: Any, question: Question, first: int = 1, heading: str = "") -> Any:
    from rich.prompt import Prompt

    label, hint, default, check, choices = question
    out.print()
    if heading:
        out.print(Text(heading, style="bold"))
    for line in menu(choices, min(out.width, 80), first) if choices else ():
        out.print(Text(line))
    out.print(Text(f"  {hint}", style="dim"))
    while True:
        raw = Prompt.ask(Text(label), console=out, default=default, show_default=True)
        try:
            return check(raw)
        except PomplanError as exc:
            out.print(Text(exc.message, style="red"))


def done(line: str) -> None:
    """A closing line after the wizard's result."""
    screen().print(Text(line))
