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
    from pomplan.cohort import Member
    from pomplan.cohort_files import Exported
    from pomplan.cohort_import import Planned, Written
    from pomplan.content import Source
    from pomplan.match import Match
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
    from pomplan.store import Listed, Locations, Note, SavedProfile


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


class SkillDetailView(Record):
    skill: Skill


class SkillLevelsView(Record):
    """A person's skill levels (``pomplan skills --mine``), as a bar chart."""

    profile: str
    skills: tuple[Skill, ...]
    levels: tuple[tuple[str, int], ...]


class RulesView(Record):
    rules: Rules


class SourcesView(Record):
    sources: tuple[Source, ...]
    facts: dict[str, str]


class PlanView(Record):
    plan: Plan
    details: bool = False
    pinned: date | None = None  # POMPLAN_TODAY, which fixes a calendar's time stamp
    notes: tuple[Note, ...] = ()  # the profile's notes, when the plan shows them
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


class NotesView(Record):
    name: str  # the profile
    notes: tuple[Note, ...]
    change: str | None = None  # "added" or "removed" (the notes are the one changed)


class ProfileImportView(Record):
    name: str  # the profile written
    source: str  # the bundle's file, or "-" for standard input
    done: int  # milestones recorded
    notes: int
    backup: Path | None  # where the files it replaced went (--force)


class BatchView(Record):
    run: Run  # the rows, checked as they are read
    rules: Rules


class MatchView(Record):
    match: Match
    titles: dict[str, str]  # milestone id -> title, for the terminal


class CohortView(Record):
    members: list[Member]
    today: date
    everyone: int  # saved profiles in all, before --behind chose among them


class CohortImportView(Record):
    source: str  # the roster's name as given ('-' for standard input)
    planned: Planned
    written: Written | None  # None: only the preview, nothing written


class CohortExportView(Record):
    exported: Exported


View = (
    EstimateView
    | PathsView
    | PathDetailView
    | ComparisonView
    | FaqView
    | StepsView
    | SkillsView
    | SkillDetailView
    | SkillLevelsView
    | RulesView
    | SourcesView
    | PlanView
    | ProgressView
    | TickedView
    | ProfileView
    | ProfileListView
    | ProfilePathsView
    | ProfileResetView
    | NotesView
    | ProfileImportView
    | BatchView
    | MatchView
    | CohortView
    | CohortImportView
    | CohortExportView
)


def percent_shown(p: Plan) -> str:
    """The share of the effort done, for people: under 1% once anything is done, not 0%."""
    percent = p.pace.percent_done
    return "under 1%" if percent == 0 and p.done else f"{percent}%"
