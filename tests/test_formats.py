"""The format registry: every view offers text and JSON, names resolve in one place, and the
SVG template keeps to the placeholders Rich's public ``export_svg(code_format=...)`` fills in."""

from __future__ import annotations

import ast
import inspect
import string
from pathlib import Path

import pytest

from pomplan.errors import UsageProblem
from pomplan.render import export, views
from pomplan.render.formats import REGISTRY, lookup, names, resolve
from pomplan.render.views import PlanView, StepsView

SRC = Path(__file__).resolve().parent.parent / "src" / "pomplan"


def test_every_view_is_registered_with_text_and_json() -> None:
    declared = {
        obj
        for obj in vars(views).values()
        if isinstance(obj, type) and obj.__name__.endswith("View")
    }
    assert declared == set(REGISTRY)
    for view in REGISTRY:
        if view is views.BatchView:  # rows as they are estimated: JSON Lines first, or CSV
            assert names(view) == ("text", "jsonl", "csv")  # text: a table, on a terminal
            continue
        assert names(view)[0] == "text"
        assert "json" in names(view)


def test_plan_formats_in_help_order() -> None:
    assert names(PlanView) == ("text", "markdown", "html", "svg", "ics", "json")


@pytest.mark.parametrize(
    ("value", "output", "as_json", "form"),
    [
        ("MD", None, False, "markdown"),
        (" iCal ", None, False, "ics"),
        (None, "plan.HTM", False, "html"),
        (None, None, True, "json"),
        (None, "-", False, "text"),
        ("json", None, True, "json"),
    ],
)
def test_resolve(value: str | None, output: str | None, as_json: bool, form: str) -> None:
    assert resolve(PlanView, value, output, as_json) == form


def test_resolve_errors() -> None:
    with pytest.raises(UsageProblem, match="--format: no format 'pdf'"):
        resolve(PlanView, " PDF", None, False)
    with pytest.raises(UsageProblem, match="can't tell the format"):
        resolve(PlanView, None, "plan.doc", False)
    with pytest.raises(UsageProblem, match="choose from: text, json"):
        resolve(StepsView, "markdown", None, False)


def test_lookup_refuses_a_format_the_view_lacks() -> None:
    with pytest.raises(KeyError):
        lookup(StepsView, "svg")


def test_svg_template_uses_only_richs_placeholders() -> None:
    """Fails when Rich changes the fields export_svg fills in: then the template needs a look."""
    from rich.console import Console

    rich_default = inspect.signature(Console.export_svg).parameters["code_format"].default

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert fields(export.svg_template()) == fields(rich_default)


def test_only_the_terminal_package_imports_rich() -> None:
    for path in SRC.rglob("*.py"):
        if "terminal" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found = [node.module or ""]
            elif isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            else:
                continue
            assert not any(n == "rich" or n.startswith("rich.") for n in found), path
