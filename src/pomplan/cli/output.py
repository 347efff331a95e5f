"""Small helpers the commands share."""

from __future__ import annotations

from pathlib import Path

from pomplan.errors import UsageProblem
from pomplan.rules import Rules, load_rules


def rules_path(value: str | None) -> Path | None:
    """The file named by ``--rules`` / ``POMPLAN_RULES``; empty or unset means the shipped one.
    A name of only spaces is a usage error: no file is called that on purpose."""
    if not value:
        return None
    if not value.strip():
        raise UsageProblem(
            f"--rules (or POMPLAN_RULES): {value!r} is blank; give a rules file's name, "
            "or leave it empty for the shipped rules"
        )
    return Path(value).expanduser()


def active_rules(value: str | None) -> Rules:
    """The rules from ``--rules`` / ``POMPLAN_RULES`` if given, else the shipped ones."""
    return load_rules(rules_path(value))
