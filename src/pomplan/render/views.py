"""What a command hands to :func:`pomplan.render.emit`: one small typed view per output form.

A view holds the data of one answer and nothing about how it is written; the format registry
(:mod:`pomplan.render.formats`) picks the renderer from the view's type and the format asked
for. Only the standard library is imported here, and a view class costs a few microseconds to
define (a named tuple costs a hundred), so the views cost next to nothing at start-up.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, dataclass_transform

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


@dataclass_transform()
class _Fields:
    """A view's fields are its annotations, in order; a default is a class attribute.

    Lighter at start-up than sixteen named tuples (a command makes one view, a process
    defines them all). A view unpacks like a tuple (``*view``) and compares by value.
    """

    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls) -> None:
        # The class's own annotations (inspect.get_annotations would import inspect, 10 ms).
        cls._fields = tuple(cls.__dict__.get("__annotations__", {}))  # noqa: RUF063

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(self._fields):
            raise TypeError(f"{type(self).__name__} takes {len(self._fields)} values")
        values = dict(zip(self._fields, args, strict=False))
        for name in self._fields[len(args) :]:
            if name in kwargs:
                values[name] = kwargs.pop(name)
            elif hasattr(type(self), name):
                values[name] = getattr(type(self), name)
            else:
                raise TypeError(f"{type(self).__name__}: missing {name!r}")
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unknown {', '.join(kwargs)}")
        self.__dict__.update(values)

    def __iter__(self) -> Any:
        return iter([self.__dict__[name] for name in self._fields])

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((type(self), *self))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
        )
        return f"{type(self).__name__}({shown})"


class EstimateView(_Fields):
    report: EstimateReport
    scenarios: list[Scenario] | None = None


class PathsView(_Fields):
    paths: tuple[CareerPath, ...]


class PathDetailView(_Fields):
    path: CareerPath


class ComparisonView(_Fields):
    profile: Profile
    assumed: list[Assumption]
    results: list[tuple[CareerPath, Estimate]]
    rules_file: str  # recorded in the JSON document only


class FaqView(_Fields):
    query: str | None  # recorded in the JSON document only
    entries: list[FaqEntry] | tuple[FaqEntry, ...]


class StepsView(_Fields):
    steps: tuple[Step, ...]


class SkillsView(_Fields):
    skills: tuple[Skill, ...]


class RulesView(_Fields):
    rules: Rules


class SourcesView(_Fields):
    sources: tuple[Source, ...]
    facts: dict[str, str]


class PlanView(_Fields):
    plan: Plan
    details: bool = False
    pinned: date | None = None  # POMPLAN_TODAY, which fixes a calendar's time stamp


class ProgressView(_Fields):
    plan: Plan


class TickedView(_Fields):
    plan: Plan
    ids: list[str]
    done: bool


class ProfileView(_Fields):
    name: str
    saved: SavedProfile | None
    file: Path


class ProfileListView(_Fields):
    profiles: list[Listed]
    active: str


class ProfilePathsView(_Fields):
    name: str
    where: Locations


class ProfileResetView(_Fields):
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
