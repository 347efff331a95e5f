"""The terminal: the console for the screen, plain lines when piped, and recording consoles.

The screen console is made once per process (tests reset ``_console``) and honours
``NO_COLOR``; views get it passed in. A recording console, for the exports, is made with every
setting spelled out (size, colour, terminal, Windows), so that an export is byte for byte the
same whatever ``COLUMNS``, ``NO_COLOR``, ``FORCE_COLOR`` or ``TERM`` say.

Every console here is a :class:`SafeConsole`: text from a rules file, a saved file or a name a
person typed can't send an escape sequence or reorder a line with a bidirectional control.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from typing import Any

from rich.console import Console, RenderableType
from rich.segment import Segment

from pomplan.text import escape

NARROW = 72  # below this many columns, tables become stacked lists

_console: Console | None = None


class SafeConsole(Console):
    """A Rich console that writes every control character, bidirectional control and lone
    surrogate in the text it draws as an escape (``\\x1b``, ``\\u202e``): on the screen, when
    piped, and in what it records for an export. (Rich's own styling is not text: it is added
    after, and stays.) A line holding such a character is drawn a little wider than planned."""

    def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control is None and text != (safe := escape(text)):
                yield Segment(safe, segment.style)
            else:
                yield segment


def screen() -> Console:
    """The console that writes to standard output."""
    global _console
    if _console is None:
        # NO_COLOR means no styling at all (Rich alone would still send bold and underline).
        no_color = bool(os.environ.get("NO_COLOR"))
        _console = SafeConsole(
            highlight=False, emoji=False, color_system=None if no_color else "auto"
        )
    return _console


def recorder(width: int, terminal: bool = True) -> Console:
    """A console of fixed ``width`` that records into memory: colour and block characters (or
    plain ASCII with ``terminal`` off), whatever the environment says."""
    return SafeConsole(
        record=True,
        width=width,
        height=25,  # with both given, Rich asks the environment nothing about the size
        file=io.StringIO(),
        force_terminal=terminal,
        force_jupyter=False,
        force_interactive=False,
        color_system="truecolor" if terminal else None,
        no_color=False,
        legacy_windows=False,
        highlight=False,
        emoji=False,
    )


def show(out: Console, *items: RenderableType) -> None:
    """Print ``items``: as Rich draws them on a terminal or when recording, else plain lines."""
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


def narrow(out: Console) -> bool:
    return out.width < NARROW


def fancy(out: Console) -> bool:
    """Block characters and colour on a UTF-8 terminal; plain ASCII when piped."""
    return out.is_terminal and "utf" in (out.encoding or "").lower()
