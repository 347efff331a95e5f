"""Output for people: Rich on a terminal, plain text when piped or under NO_COLOR / TERM=dumb.

This package is the only code that imports Rich, and only the text code paths import it.
``console`` makes the consoles; one module per view draws on the console it is given
(``estimate``, ``paths``, ``guide``, ``plan``, ``profile``), ``timeline`` draws the plan's
chart and ``prompts`` asks questions. :func:`draw` picks the view function for a view;
:func:`recorded` draws a view on a recording console, for the exports (text, HTML, SVG).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console

from pomplan.render import views as v
from pomplan.render.terminal import estimate, guide, paths, plan, profile
from pomplan.render.terminal.console import recorder, screen

# Each entry looks its function up when called, so that a test can replace one.
_DRAW: dict[type, Callable[[Console, Any], None]] = {
    v.EstimateView: lambda term, view: estimate.estimate(term, *view),
    v.PathsView: lambda term, view: paths.paths(term, *view),
    v.PathDetailView: lambda term, view: paths.path_detail(term, *view),
    v.ComparisonView: lambda term, view: paths.comparison(term, *view),
    v.FaqView: lambda term, view: guide.faq(term, *view),
    v.StepsView: lambda term, view: guide.steps(term, *view),
    v.SkillsView: lambda term, view: guide.skills(term, *view),
    v.RulesView: lambda term, view: guide.rules(term, *view),
    v.SourcesView: lambda term, view: guide.sources(term, *view),
    v.PlanView: lambda term, view: plan.plan(term, view.plan, view.details),
    v.ProgressView: lambda term, view: plan.progress(term, *view),
    v.TickedView: lambda term, view: plan.ticked(term, *view),
    v.ProfileView: lambda term, view: profile.profile(term, *view),
    v.ProfileListView: lambda term, view: profile.profile_list(term, *view),
    v.ProfilePathsView: lambda term, view: profile.profile_paths(term, *view),
    v.ProfileResetView: lambda term, view: profile.profile_reset(term, *view),
}


def draw(view: v.View, term: Console | None = None) -> None:
    """Draw ``view`` on ``term``, by default the screen."""
    _DRAW[type(view)](term or screen(), view)


def recorded(view: v.View, width: int, terminal: bool = True) -> Console:
    """A console that has recorded ``view`` at ``width`` columns (ASCII without ``terminal``)."""
    term = recorder(width, terminal)
    draw(view, term)
    return term


def as_text(view: v.View, width: int) -> str:
    """``view`` as plain text, every line trimmed, for a file."""
    term = recorded(view, width, terminal=False)
    return "".join(line.rstrip() + "\n" for line in term.export_text().splitlines())


def as_html(view: v.View, width: int, page: str) -> str:
    """``view`` in the web page ``page`` (Rich's ``export_html`` template)."""
    return recorded(view, width).export_html(code_format=page)


def as_svg(view: v.View, width: int, title: str, template: str, aspect: float) -> str:
    """``view`` as an SVG picture drawn with ``template`` (Rich's ``export_svg`` contract)."""
    return recorded(view, width).export_svg(
        title=title, code_format=template, font_aspect_ratio=aspect
    )
