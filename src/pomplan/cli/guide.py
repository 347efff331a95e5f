"""The reference commands: ``faq``, ``steps``, ``skills``, ``rules``, ``sources``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pomplan import content
from pomplan.cli import complete
from pomplan.cli.options import JsonOpt, RulesOpt
from pomplan.cli.output import active_rules, rules_path
from pomplan.errors import NoMatch, UsageProblem
from pomplan.render import FaqView, RulesView, SkillsView, SourcesView, StepsView, emit
from pomplan.rules import rules_text


def faq(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY",
            help="Words to look for, e.g. 'degree' or 'no experience'; leave out for every entry.",
            autocompletion=complete.faq_topics,
            show_default=False,
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Answer the common questions.

    Without words, every entry; with words, the best matches (typos and word order forgiven).
    """
    from pomplan.search import search_faq  # only a search pays for it

    entries = content.faq()
    text = " ".join(query or []).strip()
    found = list(entries) if not text else search_faq(text, entries)
    if not found:
        topics = ", ".join(e.id for e in entries)
        raise NoMatch(f"no answer for {text!r}", f"try one of these topics: {topics}")
    emit(FaqView(text or None, found), "json" if json else "text")


def steps(json: JsonOpt = False) -> None:
    """The six steps to the role, with concrete actions."""
    emit(StepsView(content.steps()), "json" if json else "text")


def skills(json: JsonOpt = False) -> None:
    """The skills the role needs, and how to build them."""
    emit(SkillsView(content.skills()), "json" if json else "text")


def rules(
    json: JsonOpt = False,
    rules: RulesOpt = None,
    toml: Annotated[
        bool,
        typer.Option("--toml", help="Print the rules file itself, to copy and edit."),
    ] = False,
) -> None:
    """Show the active rules and the file they came from.

    Every rule with its effect on each end of the range, its reason and its sources.
    """
    if json and toml:
        raise UsageProblem("--json and --toml can't be used together; pick one")
    active = active_rules(rules)
    if toml:
        sys.stdout.write(rules_text(rules_path(rules)))
        return
    emit(RulesView(active), "json" if json else "text")


def sources(json: JsonOpt = False) -> None:
    """The sources and facts behind pomplan.

    Each source, and a one-line summary of every fact id cited elsewhere (S1.F2 ...).
    """
    items, facts = content.sources()
    emit(SourcesView(items, facts), "json" if json else "text")
