"""``pomplan plan`` and ``pomplan progress``: the dated plan, and ticking it off."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated, Any

import typer

from pomplan import service
from pomplan.cli import complete
from pomplan.cli.examples import examples
from pomplan.cli.options import (
    JsonOpt,
    ProfileOpt,
    RulesOpt,
    StartOpt,
    profile_flags,
)
from pomplan.cli.output import active_rules
from pomplan.cli.session import inherited, kept, note, person, today
from pomplan.errors import UsageProblem
from pomplan.fields import day
from pomplan.model import Given, Plan
from pomplan.render import PlanView, ProgressView, TickedView, emit, resolve
from pomplan.render.formats import names
from pomplan.service import Person
from pomplan.store import Note


def make_plan(who: Person, rules: str | None) -> Plan:
    """``who``'s plan as of today, with the rules ``--rules`` names."""
    return service.plan_for(who, active_rules(rules), today())


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
    remind: Annotated[
        str | None,
        typer.Option(
            "--remind",
            metavar="DAYS",
            help=(
                f"With --format ics: a reminder this many days (0-{REMIND_MOST}) before each "
                "due day of a milestone not yet done."
            ),
            rich_help_panel=SHARE,
            show_default=False,
        ),
    ] = None,
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
    days = reminder(remind, form)
    who = person(ctx, profile, flags, day("--start", start), dated=True)
    the_plan = make_plan(who, rules)
    pinned = (
        day("POMPLAN_TODAY", os.environ.get("POMPLAN_TODAY") or None) if form == "ics" else None
    )
    notes = plan_notes(who, details, form)
    written = emit(PlanView(the_plan, details, pinned, notes, days), form, output, force)
    if written is not None:
        note(f"wrote your plan as {form} to {written}")


def plan_notes(who: Person, details: bool, form: str) -> tuple[Note, ...]:
    """The notes a plan shows: with --details, and always in the Markdown and HTML exports."""
    if not (details or form in ("markdown", "html")):
        return ()
    from pomplan import service_notes

    return service_notes.notes_of(who)


SHARE = "Share"
FORMATS = names(PlanView)
# The most days ahead a calendar reminder can be: pomplan's judgement. Milestones are a few
# weeks to a few months apart, so a reminder two months ahead is already a plan of its own.
REMIND_MOST = 60


def reminder(value: str | None, form: str) -> int | None:
    """The days of ``--remind``, checked: a whole number from 0 to REMIND_MOST, and only for
    a calendar."""
    if value is None:
        return None
    if form != "ics":
        raise UsageProblem(
            "--remind adds reminders to a calendar; it needs --format ics (or --output FILE.ics)"
        )
    text = value.strip()
    if not (text.isascii() and text.isdigit() and int(text) <= REMIND_MOST):
        raise UsageProblem(
            f"--remind: give a whole number of days from 0 to {REMIND_MOST}, not {value!r}"
        )
    return int(text)


progress_app = typer.Typer(
    name="progress",
    add_completion=False,
    epilog=examples("progress"),
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


@progress_app.command("done", epilog=examples("progress done"))
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
    result = service.tick(who, active_rules(rules), ids, day("--on", on), today(), datetime.now())
    kept(result.kept)
    if result.started is not None and not json:
        note(
            f"your plan now starts on {result.started.isoformat()}; change that with "
            "'pomplan profile set --start YYYY-MM-DD'"
        )
    emit(TickedView(result.plan, result.ids, True), "json" if json else "text")


@progress_app.command("undo", epilog=examples("progress undo"))
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
    result = service.untick(who, active_rules(rules), ids, today())
    emit(TickedView(result.plan, result.ids, False), "json" if json else "text")
