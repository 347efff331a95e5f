"""``pomplan plan`` and ``pomplan progress``: the dated plan, and ticking it off."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Annotated, Any

import typer

from pomplan import content, planner, store
from pomplan.cli import complete
from pomplan.cli.options import (
    JsonOpt,
    ProfileOpt,
    RulesOpt,
    StartOpt,
    day,
    profile_flags,
)
from pomplan.cli.output import active_rules
from pomplan.cli.session import Person, inherited, kept, note, person, today
from pomplan.errors import UsageProblem
from pomplan.model import Assumption, Plan
from pomplan.render import PlanView, ProgressView, TickedView, emit, resolve
from pomplan.render.formats import names
from pomplan.report import Given, build_report
from pomplan.store import SavedProfile


def make_plan(who: Person, rules: str | None, done: dict[str, date] | None = None) -> Plan:
    """``who``'s plan from their start date (today if none), with their progress ticked."""
    report = build_report(who.given, active_rules(rules))
    report = report._replace(saved_profile=who.name if who.saved else None)
    now = today()
    start = who.start or now
    if who.start is None:
        note = "today; set yours with --start, or save it with 'pomplan profile set --start'"
        report = report._replace(
            assumptions=(*report.assumptions, Assumption("start", start.isoformat(), note))
        )
    if done is None:
        done = store.load_progress(who.where, who.name)
    return planner.build(report, who.name, start, done, now)


@profile_flags()
def plan(
    ctx: typer.Context,
    start: StartOpt = None,
    details: Annotated[
        bool, typer.Option("--details", help="Show what to do for every milestone.")
    ] = False,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            autocompletion=complete.values(FORMATS),
            help=(
                "text (the default), markdown, html, svg, ics (a calendar) or json; "
                "with --output, the file's suffix picks it when not given."
            ),
            rich_help_panel=SHARE,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            autocompletion=complete.files,
            help="Write to this file instead of the screen (an existing file needs --force).",
            rich_help_panel=SHARE,
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace the --output file if it exists.", rich_help_panel=SHARE
        ),
    ] = False,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
    *,
    flags: Given,
) -> None:
    """Your dated plan: phases, milestones, a timeline, and where you stand.

    Built from the six steps and your path, dated from your start and laid over the middle of
    your estimate. Uses your saved profile; flags override it for this run. Tick milestones
    off with 'pomplan progress done ID'. Share it with --format markdown, html, svg or ics
    (for a calendar) and --output FILE.
    """
    form = resolve(PlanView, output_format, output, json)
    who = person(ctx, profile, flags, day("--start", start), dated=True)
    the_plan = make_plan(who, rules)
    pinned = (
        day("POMPLAN_TODAY", os.environ.get("POMPLAN_TODAY") or None) if form == "ics" else None
    )
    written = emit(PlanView(the_plan, details, pinned), form, output, force)
    if written is not None:
        note(f"wrote your plan as {form} to {written}")


SHARE = "Share"
FORMATS = names(PlanView)


progress_app = typer.Typer(
    name="progress",
    add_completion=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    no_args_is_help=False,
)


def _shared(ctx: Any, profile: str | None, json: bool, rules: str | None) -> tuple[Any, bool, Any]:
    """Options given to 'progress' before the subcommand count for the subcommand too."""
    return (
        inherited(ctx, "profile", profile),
        bool(inherited(ctx, "json", json)),
        inherited(ctx, "rules", rules),
    )


@progress_app.callback()
def progress(
    ctx: typer.Context,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Your checklist: what is done, what is open, and the time that remains.

    'pomplan progress done ID...' ticks milestones off (ids are in 'pomplan plan');
    'pomplan progress undo ID...' takes a tick back.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"profile": profile, "json": json, "rules": rules}
        return
    emit(
        ProgressView(make_plan(person(ctx, profile, dated=True), rules)), "json" if json else "text"
    )


IdsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        help="Milestone ids, as 'pomplan plan' lists them.",
        autocompletion=complete.milestones,
        show_default=False,
    ),
]
TickedArg = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        help="Milestone ids you ticked off, as 'pomplan progress' lists them.",
        autocompletion=complete.ticked,
        show_default=False,
    ),
]


def _check_ids(ids: list[str], known: list[str], recorded: dict[str, date]) -> list[str]:
    """The ids, normalised; an id that no plan holds (and none recorded) is a usage error."""
    checked = []
    for raw in ids:
        ident = raw.strip().lower()
        if ident in known or ident in recorded:
            checked.append(ident)
            continue
        hint = content.did_you_mean(ident, known)
        raise UsageProblem(f"no milestone {raw!r}; {hint}'pomplan plan' lists the ids in your plan")
    return list(dict.fromkeys(checked))


@progress_app.command("done")
def done(
    ctx: typer.Context,
    ids: IdsArg,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The day you finished, as YYYY-MM-DD (default today).",
            show_default=False,
        ),
    ] = None,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Tick milestones off. Ticking one already done again is fine.

    A milestone keeps the day it was first ticked, unless you give --on.
    """
    profile, json, rules = _shared(ctx, profile, json, rules)
    who = person(ctx, profile, dated=True)
    when = day("--on", on)
    now = today()
    if when is not None and when > now:
        raise UsageProblem(f"--on: {when.isoformat()} is in the future; give a day up to today")
    in_plan = [m.id for m in make_plan(who, rules, done={}).milestones]
    known = in_plan + [i for i in content.milestone_ids() if i not in in_plan]
    current = store.load_progress(who.where, who.name)
    chosen = _check_ids(ids, known, current)

    def tick(recorded: dict[str, date]) -> dict[str, date]:
        for ident in chosen:
            recorded[ident] = when or recorded.get(ident, now)
        return recorded

    recorded = store.update_progress(who.where, who.name, tick)
    if who.start is None:
        first = min([now, *(recorded[i] for i in chosen)])
        who = who._replace(start=_fix_start(who, first, quiet=json))
    after = make_plan(who, rules, recorded)
    emit(TickedView(after, chosen, True), "json" if json else "text")


def _fix_start(who: Person, first: date, quiet: bool) -> date:
    """Save ``first`` as the start of a plan that had none, so that its dates stop moving."""
    fixed = False

    def change(current: SavedProfile | None) -> tuple[Given, date | None]:
        nonlocal fixed
        if current is not None and current.start is not None:
            return current.given, current.start  # saved meanwhile by another pomplan
        fixed = True
        return (current.given if current else Given()), first

    saved, copy = store.update_profile(who.where, who.name, change, datetime.now())
    kept(copy)
    if fixed and not quiet:
        note(
            f"your plan now starts on {first.isoformat()}; change that with "
            "'pomplan profile set --start YYYY-MM-DD'"
        )
    return saved.start or first


@progress_app.command("undo")
def undo(
    ctx: typer.Context,
    ids: TickedArg,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Take ticks back: the milestones count as open again."""
    profile, json, rules = _shared(ctx, profile, json, rules)
    who = person(ctx, profile, dated=True)
    current = store.load_progress(who.where, who.name)
    chosen = _check_ids(ids, list(content.milestone_ids()), current)

    def untick(recorded: dict[str, date]) -> dict[str, date]:
        for ident in chosen:
            recorded.pop(ident, None)
        return recorded

    recorded = store.update_progress(who.where, who.name, untick)
    emit(TickedView(make_plan(who, rules, recorded), chosen, False), "json" if json else "text")
