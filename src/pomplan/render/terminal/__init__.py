"""Output for people: Rich on a terminal, plain text when piped or under NO_COLOR / TERM=dumb.

This package is the only code that imports Rich, and only the text code paths import it.
``console`` makes the consoles; one module per view draws on the console it is given
(``estimate``, ``paths``, ``guide``, ``plan``, ``profile``), ``timeline`` draws the plan's
chart and ``prompts`` asks questions. :func:`draw` picks the view function for a view;
:func:`recorded` draws a view on a recording console, for the exports (text, HTML, SVG).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from rich.console import Console

from pomplan.render import views as v
from pomplan.render.terminal.console import recorder, screen

# The module and function that draw each view. A command draws one view, so only its module is
# imported (the others cost start-up); the function is looked up when called, so that a test
# can replace one.
_DRAW: dict[type, tuple[str, str]] = {
    v.EstimateView: ("estimate", "estimate"),
    v.PathsView: ("paths", "paths"),
    v.PathDetailView: ("paths", "path_detail"),
    v.ComparisonView: ("paths", "comparison"),
    v.FaqView: ("guide", "faq"),
    v.StepsView: ("guide", "steps"),
    v.SkillsView: ("guide", "skills"),
    v.SkillDetailView: ("skills", "detail"),
    v.SkillLevelsView: ("skills", "mine"),
    v.RulesView: ("guide", "rules"),
    v.SourcesView: ("guide", "sources"),
    v.PlanView: ("plan", "plan"),
    v.ProgressView: ("plan", "progress"),
    v.TickedView: ("plan", "ticked"),
    v.ProfileView: ("profile", "profile"),
    v.ProfileListView: ("profile", "profile_list"),
    v.ProfilePathsView: ("profile", "profile_paths"),
    v.ProfileResetView: ("profile", "profile_reset"),
    v.NotesView: ("notes", "notes"),
    v.ProfileImportView: ("notes", "profile_import"),
    v.MatchView: ("match", "match"),
    v.CohortView: ("cohort", "cohort"),
    v.CohortImportView: ("cohort", "cohort_import"),
    v.CohortExportView: ("cohort", "cohort_export"),
    v.BatchView: ("batch", "batch"),
}


def draw(view: v.View, term: Console | None = None) -> None:
    """Draw ``view`` on ``term``, by default the screen."""
    module, name = _DRAW[type(view)]
    function: Callable[..., None] = getattr(import_module(f"{__name__}.{module}"), name)
    values = (view.plan, view.details, view.notes) if isinstance(view, v.PlanView) else tuple(view)
    function(term or screen(), *values)


def recorded(
    view: v.View, width: int, terminal: bool = True, also: tuple[v.View, ...] = ()
) -> Console:
    """A console that has recorded ``view`` at ``width`` columns (ASCII without ``terminal``),
    and after it the views ``also``, each after a blank line."""
    term = recorder(width, terminal)
    draw(view, term)
    for extra in also:
        term.print()
        draw(extra, term)
    return term


def as_text(view: v.View, width: int) -> str:
    """``view`` as plain text, every line trimmed, for a file."""
    term = recorded(view, width, terminal=False)
    return "".join(line.rstrip() + "\n" for line in term.export_text().splitlines())


def as_html(view: v.View, width: int, page: str, also: tuple[v.View, ...] = ()) -> str:
    """``view`` (and ``also``) in the web page ``page`` (Rich's ``export_html`` template)."""
    return recorded(view, width, also=also).export_html(code_format=page)


def as_svg(
    view: v.View,
    width: int,
    title: str,
    template: str,
    aspect: float,
    also: tuple[v.View, ...] = (),
) -> str:
    """``view`` (and ``also``) as an SVG picture drawn with ``template`` (Rich's
    ``export_svg`` contract)."""
    return recorded(view, width, also=also).export_svg(
        title=title, code_format=template, font_aspect_ratio=aspect
    )
