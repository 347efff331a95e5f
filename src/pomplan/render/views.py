"""What a command hands to :func:`pomplan.render.emit`: one small typed view per output form.

A view holds the data of one answer and nothing about how it is written; the format registry
(:mod:`pomplan.render.formats`) picks the renderer from the view's type and the format asked
for. Only the standard library is imported here, and a view class costs a few microseconds to
define (a named tuple costs a hundred), so the views cost next to nothing at start-up.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pomplan.record import Record

if TYPE_CHECKING:
    from pomplan.batch import Run
    from pomplan.content import Source
    from pomplan.model import (
        Assumption,
        CareerPath,
        Estimate,
        EstimateReport,
        FaqEntry,
        Plan,
        Profile,
        Skill,
        Step,
    )
    from pomplan.rules import Rules
    from pomplan.scenarios import Scenario
    from pomplan.store import Listed, Locations, SavedProfile


class EstimateView(Record):
    report: EstimateReport
    scenarios: list[Scenario] | None = None


class PathsView(Record):
    paths: tuple[CareerPath, ...]


class PathDetailView(Record):
    path: CareerPath


class ComparisonView(Record):
    profile: Profile
    assumed: list[Assumption]
    results: list[tuple[CareerPath, Estimate]]
    rules_file: str  # recorded in the JSON document only


class FaqView(Record):
    query: str | None  # recorded in the JSON document only
    entries: list[FaqEntry] | tuple[FaqEntry, ...]


class StepsView(Record):
    steps: tuple[Step, ...]


class SkillsView(Record):
    skills: tuple[Skill, ...]


class RulesView(Record):
    rules: Rules


class SourcesView(Record):
    sources: tuple[Source, ...]
    facts: dict[str, str]


class PlanView(Record):
    plan: Plan
    details: bool = False
    pinned: date | None = None  # POMPLAN_TODAY, which fixes a calendar's time stamp
    remind: int | None = None  # a calendar's reminder, this many days before each due day


class ProgressView(Record):
    plan: Plan


class TickedView(Record):
    plan: Plan
    ids: list[str]
    done: bool


class ProfileView(Record):
    name: str
    saved: SavedProfile | None
    file: Path


class ProfileListView(Record):
    profiles: list[Listed]
    active: str


class ProfilePathsView(Record):
    name: str
    where: Locations


class ProfileResetView(Record):
    name: str
    result: tuple[Path, list[Path]] | None


class BatchView(Record):
    run: Run  # the rows, checked as they are read
    rules: Rules


View = (
    EstimateView
    | PathsView
    | PathDetailView
    | ComparisonView
    | FaqView
    | StepsView
    | SkillsView
    | RulesView
    | SourcesView
    | PlanView
    | ProgressView
    | TickedView
    | ProfileView
    | ProfileListView
    | ProfilePathsView
    | ProfileResetView
    | BatchView
)
