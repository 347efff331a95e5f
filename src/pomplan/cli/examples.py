"""The examples that end each command's ``--help`` (Typer's ``epilog=``)."""

from __future__ import annotations


def examples(*lines: str) -> str:
    """An epilog of example command lines, one a line, kept as written (Click's ``\\b``
    marker stops it rewrapping them); keep each short enough for a 40-column terminal."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)
