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
        skills: tuple[tuple[str, int], ...] = ()
        experience_on: date | None = None  # None: the experience figure is true today
        in_background: str = "yes"  # "no": the person has left that background

    class Given(NamedTuple):
        degree: str | None = None
        background: str | None = None
        experience_years: Decimal | None = None
        path: str | None = None  # a path id, "auto", or None (= auto)
        certifications: tuple[str, ...] | None = None
        hours_per_week: Decimal | None = None
        skills: tuple[tuple[str, int], ...] | None = None
        experience_on: date | None = None
        in_background: str | None = None

else:
    _NAMES = fields.names()

    # Fields with a fallback (the last ones) may be left out of a Profile made by hand.
    _FALLBACKS = tuple(v for f in fields.FIELDS for v in f.fallback)

    class Profile(namedtuple("Profile", _NAMES, defaults=_FALLBACKS)):
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
    next: tuple[str, ...] | None = None  # the plan's next milestones, when a command asked


class Condition(Record):
    """Profile values for which a piece of content is shown (``when``) or hidden (``unless``)."""

    when: dict[str, tuple[str, ...]]
    unless: dict[str, tuple[str, ...]]

    def applies(self, values: Mapping[str, str | tuple[str, ...]]) -> bool:
        """True if ``values`` match every ``when`` key and no ``unless`` key.

        A value may be several (a person's certifications): it matches if any of them does.
        """
        for key, allowed in self.when.items():  # loops, not all()/any(): a plan asks often
            if not _matches(values.get(key), allowed):
                return False
        for key, hidden in self.unless.items():  # noqa: SIM110
            if _matches(values.get(key), hidden):
                return False
        return True

    def only(self, key: str) -> Condition:
        """This condition on ``key`` alone. :meth:`applies` is true exactly when each key's
        own condition applies (a cache may weigh the keys one by one)."""
        return Condition(
            when={k: v for k, v in self.when.items() if k == key},
            unless={k: v for k, v in self.unless.items() if k == key},
        )


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
    condition: Condition
    sources: tuple[str, ...]


class Cover(Record):
    """A record that a milestone asks for (``only_if``) or that already covers it
    (``covered_if``): every key given must hold. An empty tuple asks nothing of that field."""

    background: tuple[str, ...] = ()
    experience_years_at_least: Decimal = Decimal(0)  # in that background, as counted today
    degree: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()  # any one of them, held
    any_of: tuple[Cover, ...] = ()  # several records, any one of which will do (then only this)

    def parts(self) -> tuple[Cover, ...]:
        """The records this one stands for: itself, or each of ``any_of``."""
        return self.any_of or (self,)

    def leaves(self) -> tuple[Cover, ...]:
        """The records without ``any_of`` this one stands for: it holds when any of them does."""
        return tuple(leaf for c in self.any_of for leaf in c.leaves()) if self.any_of else (self,)

    def only(self, name: str) -> Cover:
        """This record (without ``any_of``) asking nothing but its field ``name``. It holds
        exactly when each field's own record does (a cache may weigh the fields one by one);
        each reads the profile field :data:`COVER_READS` names."""
        return Cover(**{name: getattr(self, name)})

    def holds(self, profile: Profile) -> bool:
        if self.any_of:
            return any(c.holds(profile) for c in self.any_of)
        if self.background and profile.background not in self.background:
            return False
        if profile.experience_years < self.experience_years_at_least:
            return False
        if self.degree and profile.degree not in self.degree:
            return False
        return not self.certifications or any(
            c in self.certifications for c in profile.certifications
        )


# The profile field each field of a Cover is checked against (in Cover.holds).
COVER_READS = {
    "background": "background",
    "experience_years_at_least": "experience_years",
    "degree": "degree",
    "certifications": "certifications",
}


class Effort(NamedTuple):
    """Hours of work a milestone takes, low and high (pomplan's judgement, in data/plan.toml)."""

    low: int
    high: int

    @property
    def weight(self) -> int:
        """Twice the middle of the range: a whole number that weighs as the middle does."""
        return self.low + self.high


class MilestoneSpec(Record):
    """A milestone as the shipped plan describes it, before it is dated for a person."""

    id: str
    phase: str
    title: str
    actions: tuple[str, ...]
    sources: tuple[str, ...]
    condition: Condition
    effort: Effort = Effort(1, 1)
    effort_reason: str = ""
    only_if: Cover | None = None  # shown only to a person whose record matches
    covered_if: Cover | None = None  # already covered for a person whose record matches
    covered_by: str = ""  # why, in words, when it is


class PlannedPhase(Record):
    id: str
    name: str
    summary: str
    alongside: bool
    start: date
    end: date


class Milestone(Record):
    """A milestone dated for one person: work on it from ``start``, aim to finish by ``due``.

    A milestone the person's record already covers is not scheduled: its ``covered_by`` says
    why, and it has no dates."""

    id: str
    phase: str
    title: str
    actions: tuple[str, ...]
    sources: tuple[str, ...]
    start: date | None
    due: date | None
    done_on: date | None
    effort: Effort = Effort(1, 1)
    covered_by: str | None = None
    was_due: date | None = None  # the first due day, when the plan was laid out again

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def covered(self) -> bool:
        return self.covered_by is not None

    def late(self, today: date) -> bool:
        """Open and overdue: its first due day (before any re-layout) is before ``today``."""
        first = self.was_due or self.due
        return not self.done and not self.covered and first is not None and first < today


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
    end: date  # the plan is laid out over the middle of the range (from today, when behind)
    finish: tuple[date, date]  # today (or the start) + the short and long end of what remains
    today: date
    phases: tuple[PlannedPhase, ...]
    milestones: tuple[Milestone, ...]
    next: tuple[str, ...]
    pace: Pace
    not_in_plan: tuple[str, ...]  # ids recorded as done that this plan does not contain
    relaid_from: date | None = None  # behind: the day the open milestones were laid out from
    first_end: date | None = None  # the end of the plan as first laid out (the pace's measure)

    @property
    def done(self) -> tuple[Milestone, ...]:
        """The scheduled milestones ticked off (a covered one counts already, ticked or not)."""
        return tuple(m for m in self.milestones if m.done and not m.covered)

    @property
    def open(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if not m.done and not m.covered)

    @property
    def scheduled(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if not m.covered)

    @property
    def covered(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.covered)


def to_months(years: Decimal) -> int:
    """Whole months, rounding half up (2.04 years is 24 months, 2.05 is 25)."""
    return int((years * 12).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
