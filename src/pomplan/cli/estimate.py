"""``pomplan estimate``: the itemised timeline for one person."""

import typer

from pomplan import planner, store
from pomplan.cli.options import (
    BackgroundOpt,
    CertOpt,
    DegreeOpt,
    ExperienceOpt,
    HoursOpt,
    JsonOpt,
    PathOpt,
    ProfileOpt,
    RulesOpt,
    given,
)
from pomplan.cli.output import active_rules
from pomplan.cli.session import person
from pomplan.render import show
from pomplan.report import build_report


def estimate(
    ctx: typer.Context,
    degree: DegreeOpt = None,
    background: BackgroundOpt = None,
    experience: ExperienceOpt = None,
    path: PathOpt = None,
    cert: CertOpt = None,
    hours_per_week: HoursOpt = None,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Estimate your timeline, itemised rule by rule.

    Starts from the 3-6 year baseline and adjusts it for your degree, background, experience,
    path, certifications and weekly hours. Values come from the flags, then POMPLAN_*
    variables, then your saved profile; anything left out takes the reference value and is
    listed as an assumption. Milestones you have ticked off appear as a 'progress' line.
    """
    who = person(ctx, profile, given(degree, background, experience, path, cert, hours_per_week))
    report = build_report(who.given, active_rules(rules))
    report = report._replace(saved_profile=who.name if who.saved else None)
    done = store.load_progress(who.where, who.name)
    if done:
        finished, total = planner.count_done(report.estimate.profile, done)
        report = report._replace(estimate=planner.with_progress(report.estimate, finished, total))
    show(json, "estimate", report)
