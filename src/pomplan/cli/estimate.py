"""``pomplan estimate``: the itemised timeline for one person."""

from pomplan.cli.options import (
    BackgroundOpt,
    CertOpt,
    DegreeOpt,
    ExperienceOpt,
    HoursOpt,
    JsonOpt,
    PathOpt,
    RulesOpt,
    given,
)
from pomplan.cli.output import active_rules
from pomplan.render import show
from pomplan.report import build_report


def estimate(
    degree: DegreeOpt = None,
    background: BackgroundOpt = None,
    experience: ExperienceOpt = None,
    path: PathOpt = None,
    cert: CertOpt = None,
    hours_per_week: HoursOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Estimate your timeline, itemised rule by rule.

    Starts from the 3-6 year baseline and adjusts it for your degree, background, experience,
    path, certifications and weekly hours. Anything you leave out takes the reference value
    and is listed as an assumption.
    """
    wanted = given(degree, background, experience, path, cert, hours_per_week)
    report = build_report(wanted, active_rules(rules))
    show(json, "estimate", report)
