"""The person's skills chart in the plan's exports: HTML and SVG draw it after the plan (the
terminal view of ``pomplan skills --mine``), Markdown has a section of its own."""

from __future__ import annotations

from pomplan.model import Plan
from pomplan.render.views import PlanView, View


def skills_views(view: PlanView) -> tuple[View, ...]:
    """The person's skills chart, drawn after the plan, if they rated any skill."""
    from pomplan import content
    from pomplan.render.views import SkillLevelsView

    levels = view.plan.report.estimate.profile.skills
    if not levels:
        return ()
    return (SkillLevelsView(view.plan.profile_name, content.skills(), levels),)


def md_skills(p: Plan) -> list[str]:
    """A section with the person's level in each skill as bars, if they rated any."""
    from pomplan.render.export import md as md_text
    from pomplan.skills import chart, unrated

    levels = p.report.estimate.profile.skills
    if not levels:
        return []
    lines = ["", "## Your skills", "", "```text", *chart(levels, fancy=True), "```"]
    missing = unrated(levels)
    if missing:
        lines += [
            "",
            f"Not rated yet: {md_text(', '.join(missing))}. "
            "Rate them with `pomplan skills assess`.",
        ]
    return lines
