"""Output forms, and the one place that picks between them.

A command builds a typed view (``views``: ``EstimateView``, ``PlanView`` ...) and hands it to
:func:`emit` with the format asked for; the registry in ``formats`` finds the renderer for the
view's type and that format and writes the result to stdout or to a file. The renderers:
``terminal`` (Rich, for people), ``json_doc`` (the JSON contract), ``export`` (plain text,
Markdown, HTML, SVG, iCalendar), ``rows`` with ``json_lines`` (batch rows: JSON Lines, CSV).
Each is imported only when its format is asked for, so ``--json`` never imports Rich; this
package itself imports only light modules.
"""

from __future__ import annotations

from pomplan.render.formats import emit, resolve
from pomplan.render.views import (
    BatchView,
    CohortExportView,
    CohortImportView,
    CohortView,
    ComparisonView,
    EstimateView,
    FaqView,
    MatchView,
    PathDetailView,
    PathsView,
    PlanView,
    ProfileListView,
    ProfilePathsView,
    ProfileResetView,
    ProfileView,
    ProgressView,
    RulesView,
    SkillDetailView,
    SkillLevelsView,
    SkillsView,
    SourcesView,
    StepsView,
    TickedView,
)

__all__ = [
    "BatchView",
    "CohortExportView",
    "CohortImportView",
    "CohortView",
    "ComparisonView",
    "EstimateView",
    "FaqView",
    "MatchView",
    "PathDetailView",
    "PathsView",
    "PlanView",
    "ProfileListView",
    "ProfilePathsView",
    "ProfileResetView",
    "ProfileView",
    "ProgressView",
    "RulesView",
    "SkillDetailView",
    "SkillLevelsView",
    "SkillsView",
    "SourcesView",
    "StepsView",
    "TickedView",
    "emit",
    "resolve",
]
