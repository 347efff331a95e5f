"""The reference commands: ``faq``, ``steps``, ``rules``, ``sources`` (``skills``: skills.py)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pomplan import content
from pomplan.cli import complete
from pomplan.cli.options import JsonOpt, RulesOpt
from pomplan.cli.output import active_rules, rules_path
from pomplan.errors import NoMatch, UsageProblem
from pomplan.render import FaqView, RulesView, SourcesView, StepsView, emit
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

    Without words, every entry; with words, the entries that answer them, best first. Ask as
    you would ask a person: word forms, everyday names (PMP, MBA, CS) and typos are understood.
    When no entry answers with confidence, pomplan says so and lists the topics.
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


def sources(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Fact ids (S1.F29) or source ids (S1) to show alone; leave out for all.",
            show_default=False,
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """The sources and facts behind pomplan.

    Each source, and a one-line summary of every fact id cited elsewhere (S1.F2 ...). Name
    ids to see just those facts (a source id shows its facts), e.g. one cited in brackets.
    """
    items, facts = content.sources()
    if ids:
        items, facts = _only(ids, items, facts)
    emit(SourcesView(items, facts), "json" if json else "text")


def _only(
    ids: list[str], items: tuple[content.Source, ...], facts: dict[str, str]
) -> tuple[tuple[content.Source, ...], dict[str, str]]:
    """The named facts (a source's id names all of its facts) and the sources they belong to."""
    known = {key.upper(): key for key in facts} | {s.id.upper(): s.id for s in items}
    wanted: list[str] = []
    for raw in ids:
        key = known.get(raw.strip().upper())
        if key is None:
            hint = content.did_you_mean(raw.strip().upper(), list(known))
            raise UsageProblem(f"no fact or source {raw!r}; {hint}'pomplan sources' lists them all")
        wanted += [f for f in facts if f == key or f.startswith(key + ".")]
    picked = {f: facts[f] for f in dict.fromkeys(wanted)}
    owners = {f.split(".")[0] for f in picked} | {k for k in map(known.get, ids) if k}
    return tuple(s for s in items if s.id in owners), picked
