"""Who is planning: the profile name, what they saved, and what this run overrides.

Precedence for every profile value: flags > environment (``POMPLAN_DEGREE`` ...) > the saved
profile > the rules' reference person (filled in later, and listed as an assumption).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pomplan import store
from pomplan.cli.options import environment
from pomplan.errors import PomplanError
from pomplan.fields import FIELDS, day
from pomplan.levels import merged
from pomplan.report import Given
from pomplan.served import dated
from pomplan.service import Person
from pomplan.store import DEFAULT_PROFILE, Locations, check_name
from pomplan.store.base import closest_saved
from pomplan.text import one_line


def profile_name(ctx: Any, flag: str | None) -> tuple[str, bool]:
    """The profile this run is for: ``--profile`` (on the command or before it), then
    ``POMPLAN_PROFILE``, then ``default``; and whether it was named."""
    if flag is not None:
        return check_name(flag), True
    root = ctx.find_root().params.get("profile") if ctx is not None else None
    if root is not None:
        return check_name(root), True
    env = os.environ.get("POMPLAN_PROFILE", "")
    if env:
        return check_name(env, "POMPLAN_PROFILE"), True
    return DEFAULT_PROFILE, False


def note(message: str) -> None:
    """One line for the person on stderr, beside the result on stdout; a file name's control
    or bidirectional characters are written as escapes, never raw."""
    sys.stderr.write(f"pomplan: note: {one_line(message)}\n")


def kept(copy: Path | None) -> None:
    """Say where a hand-edited profile was copied before pomplan rewrote it."""
    if copy is not None:
        note(f"your profile had hand edits, so a copy of it as it was is in {copy}")


def where() -> Locations:
    return store.locations(os.environ)


def today() -> date:
    """Today, or the day ``POMPLAN_TODAY`` names (to see a plan as of another day)."""
    return day("POMPLAN_TODAY", os.environ.get("POMPLAN_TODAY") or None) or date.today()


def merge(*layers: Given) -> Given:
    """Field by field, the first layer that gives a value (levels combine, skill by skill)."""
    values = {}
    for f in FIELDS:
        values[f.name] = merged(
            f.kind, [getattr(g, f.name) for g in layers if getattr(g, f.name) is not None]
        )
    values["experience_on"] = dated(layers)  # a day goes with the figure it dates
    return Given(**values)


def person(
    ctx: Any,
    flag: str | None,
    flags: Given | None = None,
    start: date | None = None,
    dated: bool = False,
) -> Person:
    """Everything known about the person for this run.

    A profile named explicitly must exist (a typo must not quietly plan for the reference
    person); the default profile may be unsaved. Only ``dated`` commands (plan, progress)
    read ``POMPLAN_START``.
    """
    name, explicit = profile_name(ctx, flag)
    locations = where()
    saved = store.load_profile(locations, name)
    if saved is None and explicit:
        raise PomplanError(
            f"no saved profile {name!r}",
            f"{closest_saved(locations, name)}create it with "
            f"'pomplan --profile {name} profile set' (with your flags), "
            "or see the saved ones with 'pomplan profile list'",
        )
    env_start = day("POMPLAN_START", os.environ.get("POMPLAN_START") or None) if dated else None
    return Person(
        name=name,
        explicit=explicit,
        where=locations,
        saved=saved,
        given=merge(flags or Given(), environment(os.environ), saved.given if saved else Given()),
        start=start or env_start or (saved.start if saved else None),
    )


def inherited(ctx: Any, name: str, value: Any) -> Any:
    """``value``, or the group's option of that name if it was given before the subcommand
    (``pomplan progress --json done ID`` means ``pomplan progress done ID --json``)."""
    if value is not None and value is not False:
        return value
    parent = getattr(ctx, "parent", None)
    stash = getattr(parent, "obj", None)
    return stash.get(name, value) if isinstance(stash, dict) else value
