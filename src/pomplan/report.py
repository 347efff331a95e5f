"""From what a person gave to a full estimate report: defaults, assumptions, path, next steps.

Pure: the CLI gathers the values (flags, environment) and hands them in.
"""

from __future__ import annotations

import functools
from typing import Any

from pomplan import content, planner
from pomplan.fields import FIELDS, MANY
from pomplan.levels import LEVELS, SKILLS
from pomplan.model import (
    Assumption,
    CareerPath,
    Estimate,
    EstimateReport,
    Given,
    PathChoice,
    Profile,
)
from pomplan.rules import Rules, choose_path, compare_paths, estimate

__all__ = [
    "CHOSEN",
    "Given",  # where it was first defined; it lives in pomplan.model
    "applicable_steps",
    "auto_assumption",
    "build_report",
    "compare",
    "filled",
    "filled_values",
    "next_steps",
    "resolve",
]

CHOSEN = PathChoice(False, "chosen by you")  # a path the person named


def resolve(given: Given, rules: Rules) -> tuple[Profile, list[Assumption]]:
    """Fill what was not given from the rules' reference person; list each as an assumption.

    The returned profile has the path given, or the reference path where the path is ``auto``
    or not given: callers that honour ``auto`` resolve it themselves.
    """
    ref = rules.reference
    assumptions = []
    for f in FIELDS:
        value = getattr(given, f.name)
        if f.assumed and value is None:
            shown = f.show(getattr(ref, f.name), ", ")
            note = f.assumption or f"the reference value; set yours with {f.flag}"
            assumptions.append(Assumption(f.name, shown, note))
        elif f.kind == LEVELS and value is not None:  # levels for some skills only
            left = [skill for skill in SKILLS if skill not in dict(value)]
            if left:
                assumptions.append(
                    Assumption(f.name, "not rated: " + ", ".join(left), f.assumption)
                )
    return filled(given, rules), assumptions


def filled(given: Given, rules: Rules) -> Profile:
    """``given`` with what it leaves out taken from the rules' reference person (and the
    reference path for ``auto``)."""
    return _profile(filled_values(given, rules.reference))


def filled_values(given: Given, ref: Profile) -> list[Any]:
    """:func:`filled`'s values as a list, in the table's order (for the batch, which makes
    one a row)."""
    values: list[Any] = [r if v is None else v for v, r in zip(given, ref)]  # noqa: B905
    for index, unset in _UNSET:
        if values[index] == unset:
            values[index] = ref[index]
    for index in _MANY:
        values[index] = tuple(dict.fromkeys(values[index]))
    return values


_profile = functools.partial(tuple.__new__, Profile)  # the values, in the table's order
_UNSET = tuple((i, f.unset) for i, f in enumerate(FIELDS) if f.unset)  # "not given", too
_MANY = tuple(i for i, f in enumerate(FIELDS) if f.kind == MANY)


def auto_assumption(path: str, reason: str) -> Assumption:
    """The assumption that records a path picked automatically."""
    return Assumption("path", path, f"picked automatically: {reason}")


def build_report(given: Given, rules: Rules) -> EstimateReport:
    profile, assumptions = resolve(given, rules)
    if given.path in (None, "auto"):
        result, choice = choose_path(profile, rules)
        assumptions.append(auto_assumption(result.profile.path, choice.reason))
    else:
        result = estimate(profile, rules)
        choice = CHOSEN
    opening = planner.opening(result.profile, result.years)  # a fresh plan's next milestones
    return EstimateReport(
        estimate=result,
        assumptions=tuple(assumptions),
        path_choice=choice,
        next_steps=planner.steps_text(opening),
        next=tuple(m.id for m in opening),
        rules_file=rules.source,
        baseline_reason=rules.baseline.reason,
        baseline_sources=rules.baseline.sources,
    )


def applicable_steps(path: CareerPath, profile: Profile) -> list[str]:
    values = {"degree": profile.degree, "background": profile.background}
    return [a.text for a in path.first_steps if a.condition.applies(values)]


def next_steps(profile: Profile, count: int = 3) -> tuple[str, ...]:
    """The first concrete actions on this person's path that apply to them."""
    return tuple(applicable_steps(content.path_by_id(profile.path), profile)[:count])


def compare(given: Given, rules: Rules) -> tuple[Profile, list[Assumption], list[Estimate]]:
    profile, assumptions = resolve(given, rules)
    return profile, assumptions, compare_paths(profile, rules)
