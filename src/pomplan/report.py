"""From what a person gave to a full estimate report: defaults, assumptions, path, next steps.

Pure: the CLI gathers the values (flags, environment) and hands them in.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from pomplan import content
from pomplan.model import (
    Assumption,
    CareerPath,
    Estimate,
    EstimateReport,
    PathChoice,
    Profile,
    plain,
)
from pomplan.rules import Rules, choose_path, compare_paths, estimate

# The command-line flag for each profile field, for the hints in assumptions.
FLAGS = {
    "degree": "--degree",
    "background": "--background",
    "experience_years": "--experience",
    "path": "--path",
    "certifications": "--cert",
    "hours_per_week": "--hours-per-week",
}
# Each profile field by its flag's name without the dashes: the keys of 'estimate --what-if'
# and of 'profile set --unset'.
FIELDS_BY_NAME = {flag.removeprefix("--"): field for field, flag in FLAGS.items()}


CHOSEN = PathChoice(False, "chosen by you")  # a path the person named


class Given(NamedTuple):
    """Profile values as the person gave them; ``None`` means 'not given'."""

    degree: str | None = None
    background: str | None = None
    experience_years: Decimal | None = None
    path: str | None = None  # a path id, "auto", or None (= auto)
    certifications: tuple[str, ...] | None = None
    hours_per_week: Decimal | None = None


def resolve(given: Given, rules: Rules) -> tuple[Profile, list[Assumption]]:
    """Fill what was not given from the rules' reference person; list each as an assumption.

    The returned profile has the path given, or the reference path where the path is ``auto``
    or not given: callers that honour ``auto`` resolve it themselves.
    """
    ref = rules.reference
    assumptions: list[Assumption] = []

    def note(field: str, value: object, shown: str) -> None:
        if value is None:
            hint = f"the reference value; set yours with {FLAGS[field]}"
            assumptions.append(Assumption(field, shown, hint))

    note("degree", given.degree, ref.degree)
    note("background", given.background, ref.background)
    note("experience_years", given.experience_years, plain(ref.experience_years))
    note("certifications", given.certifications, ", ".join(ref.certifications) or "none")
    note("hours_per_week", given.hours_per_week, plain(ref.hours_per_week))
    profile = filled(given, rules)
    return profile, assumptions


def filled(given: Given, rules: Rules) -> Profile:
    """``given`` with what it leaves out taken from the rules' reference person (and the
    reference path for ``auto``)."""
    ref = rules.reference
    return Profile(
        degree=given.degree if given.degree is not None else ref.degree,
        background=given.background if given.background is not None else ref.background,
        experience_years=(
            given.experience_years if given.experience_years is not None else ref.experience_years
        ),
        path=given.path if given.path not in (None, "auto") else ref.path,
        certifications=_dedupe(
            given.certifications if given.certifications is not None else ref.certifications
        ),
        hours_per_week=given.hours_per_week
        if given.hours_per_week is not None
        else ref.hours_per_week,
    )


def auto_assumption(path: str, reason: str) -> Assumption:
    """The assumption that records a path picked automatically."""
    return Assumption("path", path, f"picked automatically: {reason}")


def _dedupe(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def build_report(given: Given, rules: Rules) -> EstimateReport:
    profile, assumptions = resolve(given, rules)
    if given.path in (None, "auto"):
        result, choice = choose_path(profile, rules)
        assumptions.append(auto_assumption(result.profile.path, choice.reason))
    else:
        result = estimate(profile, rules)
        choice = CHOSEN
    return EstimateReport(
        estimate=result,
        assumptions=tuple(assumptions),
        path_choice=choice,
        next_steps=next_steps(result.profile),
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
