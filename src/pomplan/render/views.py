"""What a command hands to :func:`pomplan.render.emit`: one small typed view per output form.

A view holds the data of one answer and nothing about how it is written; the format registry
(:mod:`pomplan.render.formats`) picks the renderer from the view's type and the format asked
for. Only the standard library is imported here, so making a view costs nothing at start-up.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
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


class EstimateView(NamedTuple):
    report: EstimateReport
    scenarios: list[Scenario] | None = None


class PathsView(NamedTuple):
    paths: tuple[CareerPath, ...]


class PathDetailView(NamedTuple):
    path: CareerPath


class ComparisonView(NamedTuple):
    profile: Profile
    assumed: list[Assumption]
    results: list[tuple[CareerPath, Estimate]]
    rules_file: str  # recorded in the JSON document only


class FaqView(NamedTuple):
    query: str | None  # recorded in the JSON document only
    entries: list[FaqEntry] | tuple[FaqEntry, ...]


class StepsView(NamedTuple):
    steps: tuple[Step, ...]


class SkillsView(NamedTuple):
    skills: tuple[Skill, ...]


class RulesView(NamedTuple):
    rules: Rules


class SourcesView(NamedTuple):
    sources: tuple[Source, ...]
    facts: dict[str, str]


class PlanView(NamedTuple):
    plan: Plan
    details: bool = False
    pinned: date | None = None  # POMPLAN_TODAY, which fixes a calendar's time stamp


class ProgressView(NamedTuple):
    plan: Plan


class TickedView(NamedTuple):
    plan: Plan
    ids: list[str]
    done: bool


class ProfileView(NamedTuple):
    name: str
    saved: SavedProfile | None
    file: Path


class ProfileListView(NamedTuple):
    profiles: list[Listed]
    active: str


class ProfilePathsView(NamedTuple):
    name: str
    where: Locations


class ProfileResetView(NamedTuple):
    name: str
    result: tuple[Path, list[Path]] | None


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
)
