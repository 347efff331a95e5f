"""``pomplan cohort``: every saved profile's plan at a glance, for a coach.

One :class:`Member` per saved profile (a profile file, a progress file, or both): the plan
as ``service.plan_for`` builds it for that person, today as the day; what the table shows
(percent done, status, time left) is the plan's own pace and remaining range, never worked
out again here. A profile whose files can't be read becomes a member with its ``problem``,
and the others are read as usual.

Each person is planned from their saved values only: the ``POMPLAN_*`` profile variables and
``POMPLAN_START`` speak for the person at this terminal, not for everyone in the cohort.

Last activity is the latest day a milestone was ticked (``None`` when nothing is ticked): the
one date pomplan records for what a person did. The profile's start is a plan, not an
activity, and a file's modification time changes when a coach imports a roster.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pomplan import service, store
from pomplan.model import Given, Plan
from pomplan.record import Record
from pomplan.rules import Rules
from pomplan.store import Locations, StoreError

# How --sort orders the rows; ties go by name. Each order puts the people who most need a
# coach's attention first (pomplan's choice): least done, behind, most time left, most overdue,
# longest without a tick.
SORTS = ("name", "percent", "status", "remaining", "overdue", "last-activity")
STATUS_ORDER = ("behind", "on-track", "not-started", "ahead", "complete")


class Member(Record):
    """One row of the cohort: a saved profile and its plan, or why it can't be read."""

    name: str
    file: Path  # the profile file (where it is, or would be)
    plan: Plan | None  # None when ``problem`` says why
    problem: str | None
    overdue: tuple[str, ...]  # open milestones whose first due day is before today
    last_activity: date | None  # the latest tick, if any

    @property
    def status(self) -> str | None:
        return self.plan.pace.state if self.plan else None

    @property
    def percent(self) -> int | None:
        return self.plan.pace.percent_done if self.plan else None


def members(where: Locations, rules: Rules, today: date) -> list[Member]:
    """Every saved profile, by name, each with its plan as of ``today`` (or its problem)."""
    from pomplan.store.listing import saved_names

    return [_member(where, name, rules, today) for name in saved_names(where)]


def _member(where: Locations, name: str, rules: Rules, today: date) -> Member:
    file = where.profile_file(name)
    try:
        saved = store.load_profile(where, name)
        done = store.load_progress(where, name)
    except StoreError as exc:
        return Member(name, file, None, exc.message, (), None)
    given = saved.given if saved else Given()
    who = service.Person(
        name=name,
        explicit=True,
        where=where,
        saved=saved,
        given=given,
        start=saved.start if saved else None,
    )
    plan = service.plan_for(who, rules, today, done)
    overdue = tuple(m.id for m in plan.open if m.late(today))
    last = max(done.values(), default=None)
    return Member(name, file, plan, None, overdue, last)


def chosen(rows: list[Member], behind: bool, sort: str) -> list[Member]:
    """The rows to show: with ``behind``, only those behind (and those that can't be read,
    since nobody can tell whether they are), in the order ``sort`` names."""
    if behind:
        rows = [m for m in rows if m.problem or m.status == "behind"]
    by_name = sorted(rows, key=lambda m: m.name)
    if sort == "name":
        return by_name
    readable = [m for m in by_name if m.plan is not None]
    unreadable = [m for m in by_name if m.plan is None]  # always last: nothing to order by
    return sorted(readable, key=_KEYS[sort]) + unreadable


def _remaining(m: Member) -> tuple[object, ...]:
    assert m.plan is not None
    years = m.plan.remaining.years
    return (-years.high, -years.low)


def _last(m: Member) -> tuple[int, date]:
    return (0, date.min) if m.last_activity is None else (1, m.last_activity)


_KEYS = {
    "percent": lambda m: m.percent,
    "status": lambda m: STATUS_ORDER.index(m.status) if m.status in STATUS_ORDER else 99,
    "remaining": _remaining,
    "overdue": lambda m: -len(m.overdue),
    "last-activity": _last,
}
