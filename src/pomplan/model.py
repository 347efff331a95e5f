"""The values that flow through pomplan: frozen, typed, free of I/O."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from pomplan import fields
from pomplan.fields import BACKGROUNDS as BACKGROUNDS  # the vocabularies, re-exported
from pomplan.fields import CERTIFICATIONS as CERTIFICATIONS
from pomplan.fields import DEGREES as DEGREES
from pomplan.fields import EXPERIENCE_RANGE as EXPERIENCE_RANGE
from pomplan.fields import HOURS_RANGE as HOURS_RANGE
from pomplan.fields import PATH_CHOICES as PATH_CHOICES
from pomplan.fields import PATHS as PATHS
from pomplan.fields import plain as plain
from pomplan.record import Record


class Range(NamedTuple):
    """A span of years, low end first."""

    low: Decimal
    high: Decimal

    def __str__(self) -> str:
        """As a person writes a span: 3-6.5."""
        return f"{plain(self.low)}-{plain(self.high)}"

    def plus(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    def minus(self, other: Range) -> Range:
        return Range(self.low - other.low, self.high - other.high)


ZERO = Range(Decimal(0), Decimal(0))


# A person's values, one per row of the field table (pomplan.fields.FIELDS), in its order.
# ``Given`` holds them as the person gave them (``None``: not given); ``Profile`` holds them all,
# with what was not given filled in (its ``path`` is never ``auto``: auto is resolved before).
# Both are built from the table at import; the declarations below only tell the type checker
# the types of the shipped fields.
if TYPE_CHECKING:

    class Profile(NamedTuple):
        degree: str
        background: str
        experience_years: Decimal
        path: str
        certifications: tuple[str, ...]
        hours_per_week: Decimal
        skills: tuple[tuple[str, int], ...]

    class Given(NamedTuple):
        degree: str | None = None
        background: str | None = None
        experience_years: Decimal | None = None
        path: str | None = None  # a path id, "auto", or None (= auto)
        certifications: tuple[str, ...] | None = None
        hours_per_week: Decimal | None = None
        skills: tuple[tuple[str, int], ...] | None = None

else:
    _NAMES = fields.names()

    class Profile(namedtuple("Profile", _NAMES)):
        """Where a person starts: every field has a value."""

        __slots__ = ()

    class Given(namedtuple("Given", _NAMES, defaults=(None,) * len(_NAMES))):
        """Profile values as the person gave them; ``None`` means 'not given'."""

        __slots__ = ()


class Adjustment(NamedTuple):
    """One itemised line of an estimate."""

    id: str
    label: str
    effect: Range
    reason: str
    sources: tuple[str, ...]


class Estimate(NamedTuple):
    """The result of applying the rules to a profile: baseline + adjustments = years."""

    profile: Profile
    baseline: Range
    adjustments: tuple[Adjustment, ...]
    years: Range

    @property
    def months(self) -> tuple[int, int]:
        return to_months(self.years.low), to_months(self.years.high)


class Assumption(Record):
    """A value the person did not give, and what pomplan used instead."""

    field: str
    value: str
    note: str


class PathChoice(Record):
    """How an estimate's path was chosen (the path itself is in its profile), and why."""

    automatic: bool
    reason: str


class EstimateReport(Record):
    """Everything ``pomplan estimate`` shows: the estimate and its context."""

    estimate: Estimate
    assumptions: tuple[Assumption, ...]
    path_choice: PathChoice
    next_steps: tuple[str, ...]
    rules_file: str
    baseline_reason: str
    saved_profile: str | None = None  # the saved profile whose values were used, if any
    baseline_sources: tuple[str, ...] = ()


class Condition(Record):
    """Profile values for which a piece of content is shown (``when``) or hidden (``unless``)."""

    when: dict[str, tuple[str, ...]]
    unless: dict[str, tuple[str, ...]]

    def applies(self, values: Mapping[str, str | tuple[str, ...]]) -> bool:
        """True if ``values`` match every ``when`` key and no ``unless`` key.

        A value may be several (a person's certifications): it matches if any of them does.
        """
        if not all(_matches(values.get(key), allowed) for key, allowed in self.when.items()):
            return False
        return not any(_matches(values.get(key), hidden) for key, hidden in self.unless.items())


def _matches(value: str | tuple[str, ...] | None, listed: tuple[str, ...]) -> bool:
    if isinstance(value, tuple):
        return any(v in listed for v in value)
    return value in listed


class Action(Record):
    text: str
    condition: Condition


class CareerPath(Record):
    id: str
    name: str
    summary: str
    suits: tuple[str, ...]
    strengths: tuple[str, ...]
    gaps: tuple[str, ...]
    first_steps: tuple[Action, ...]
    sources: tuple[str, ...]


class Step(Record):
    id: str
    number: int
    title: str
    summary: str
    actions: tuple[str, ...]
    sources: tuple[str, ...]


class Skill(Record):
    id: str
    name: str
    group: str
    why: str
    practice: tuple[str, ...]
    sources: tuple[str, ...]
    levels: tuple[str, ...] = ()  # what each level (0-4) looks like in practice
    milestones: tuple[str, ...] = ()  # the plan's milestones that build it


class FaqEntry(Record):
    id: str
    question: str
    answer: str
    keywords: tuple[str, ...]
    sources: tuple[str, ...]
    phrasings: tuple[str, ...] = ()  # other ways people ask it; the search reads them


class Phase(Record):
    """A stretch of the plan, from one of the six steps. ``alongside`` phases span the plan."""

    id: str
    name: str
    summary: str
    step: str
    alongside: bool
    weight: int
    condition: Condition
    sources: tuple[str, ...]


class MilestoneSpec(Record):
    """A milestone as the shipped plan describes it, before it is dated for a person."""

    id: str
    phase: str
    title: str
    actions: tuple[str, ...]
    sources: tuple[str, ...]
    condition: Condition


class PlannedPhase(Record):
    id: str
    name: str
    summary: str
    alongside: bool
    start: date
    end: date


class Milestone(Record):
    """A milestone dated for one person: work on it from ``start``, aim to finish by ``due``."""

    id: str
    phase: str
    title: str
    actions: tuple[str, ...]
    sources: tuple[str, ...]
    start: date
    due: date
    done_on: date | None

    @property
    def done(self) -> bool:
        return self.done_on is not None


class Pace(Record):
    """Progress against time: ``state`` is ahead, on-track, behind, not-started or complete."""

    state: str
    percent_done: int
    percent_elapsed: int


class Plan(Record):
    """A person's dated plan, their progress in it, and what is left."""

    profile_name: str
    report: EstimateReport  # the whole journey, before progress
    remaining: Estimate  # the journey less what is done (the ``progress`` line)
    start: date
    end: date  # the plan is laid out over the middle of the range
    finish: tuple[date, date]  # start + the short and the long end of the range
    today: date
    phases: tuple[PlannedPhase, ...]
    milestones: tuple[Milestone, ...]
    next: tuple[str, ...]
    pace: Pace
    not_in_plan: tuple[str, ...]  # ids recorded as done that this plan does not contain

    @property
    def done(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.done)

    @property
    def open(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if not m.done)


def to_months(years: Decimal) -> int:
    """Whole months, rounding half up (2.04 years is 24 months, 2.05 is 25)."""
    return int((years * 12).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
