"""Small helpers the commands share."""

from __future__ import annotations

from pathlib import Path

from pomplan.rules import Rules, load_rules


def active_rules(path: Path | None) -> Rules:
    """The rules from ``--rules`` / ``POMPLAN_RULES`` if given, else the shipped ones."""
    return load_rules(path if path is not None and str(path) != "" else None)
