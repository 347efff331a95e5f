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


def ask(title: str, questions: list[tuple[str, str, str, Callable[[str], Any]]]) -> list[Any]:
    """Ask each question until its answer passes its check; return the checked answers.

    Every string shown is a Text, so what a person types is echoed literally.
    """
    from rich.prompt import Prompt

    out = screen()
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
