"""Small helpers the commands share."""

from __future__ import annotations

from pathlib import Path

from pomplan.rules import Rules, load_rules


def rules_path(value: str | None) -> Path | None:
    """The file named by ``--rules`` / ``POMPLAN_RULES``; empty or unset means the shipped one."""
    return Path(value).expanduser() if value else None


def active_rules(value: str | None) -> Rules:
    """The rules from ``--rules`` / ``POMPLAN_RULES`` if given, else the shipped ones."""
    return load_rules(rules_path(value))
