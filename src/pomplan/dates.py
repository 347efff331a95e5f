"""The dates a person or a file gives: one format (YYYY-MM-DD) and one window.

Pure: no I/O. Re-exported by :mod:`pomplan.fields`, where the other checks live.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from pomplan.errors import UsageProblem

if TYPE_CHECKING:
    from pomplan.datafile import Reader

# Every date a person or a file gives (a start, a day done, today) lies in this window: a plan
# lays out years past its start (a rules file may add up to a few hundred), and every one of its
# dates must stay on the calendar (a date can't pass 9999-12-31); before 1900 is a typo.
DATES = (date(1900, 1, 1), date(2200, 12, 31))


def day(label: str, value: str | None) -> date | None:
    """``value`` as a calendar date (YYYY-MM-DD) within :data:`DATES`, else a usage error."""
    if value is None:
        return None
    parsed = calendar_day(value)
    if parsed is None:
        raise UsageProblem(
            f"{label}: {value!r} is not a date; write it as YYYY-MM-DD, for example 2026-01-31"
        )
    problem = outside(parsed)
    if problem:
        raise UsageProblem(f"{label}: {problem}")
    return parsed


def calendar_day(value: str) -> date | None:
    """``value`` as a date if it is written YYYY-MM-DD (spaces around forgiven), else ``None``.

    The one format flags, variables and saved files accept: not ``20260105`` nor
    ``2026-W02-1``, which ``date.fromisoformat`` would also read.
    """
    if len(value) > 40 or not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def outside(value: date) -> str | None:
    """What is wrong with a date outside :data:`DATES`, or ``None`` if it is within."""
    if DATES[0] <= value <= DATES[1]:
        return None
    first, last = (d.isoformat() for d in DATES)
    return f"{value} is outside the dates pomplan can plan; give a day from {first} to {last}"


def saved_day(r: Reader, key: str) -> date:
    """A day in a TOML file: a TOML date or a text YYYY-MM-DD, within :data:`DATES`."""
    raw = r.table[key]
    if isinstance(raw, str):
        parsed = calendar_day(raw)
        if parsed is None:
            raise r.fail(key, f"expected a date like 2026-01-31, got {raw[:40]!r}")
        raw = parsed
    if not isinstance(raw, date) or isinstance(raw, datetime):
        raise r.fail(key, f"expected a date like 2026-01-31, got {str(raw)[:40]!r}")
    problem = outside(raw)
    if problem:
        raise r.fail(key, problem)
    return raw
