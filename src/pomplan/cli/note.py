"""``pomplan note``: dated notes of what happened, kept with the profile."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from pomplan import service_notes
from pomplan.cli import complete
from pomplan.cli.examples import examples
from pomplan.cli.options import JsonOpt, ProfileOpt
from pomplan.cli.session import inherited, person, today
from pomplan.fields import day
from pomplan.render import emit
from pomplan.render.views import NotesView

note_app = typer.Typer(
    name="note",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    epilog=examples("note"),
)


@note_app.callback()
def note(ctx: typer.Context, profile: ProfileOpt = None, json: JsonOpt = False) -> None:
    """Dated notes: a talk with a mentor, a lead, evidence for a milestone.

    Notes are kept with the profile (through 'profile set'; 'profile reset' moves them to the
    backup with the rest) and show under their milestone in 'pomplan plan --details' and in the
    Markdown and HTML exports.
    """
    ctx.obj = {"profile": profile, "json": json}


def _form(ctx: Any, json: bool) -> str:
    return "json" if inherited(ctx, "json", json) else "text"


MilestoneOpt = Annotated[
    str | None,
    typer.Option(
        "--milestone",
        "-m",
        metavar="ID",
        help="The milestone the note is about, as 'pomplan plan' lists it.",
        autocompletion=complete.milestones,
        show_default=False,
    ),
]


@note_app.command("add", epilog=examples("note add"))
def add(
    ctx: typer.Context,
    text: Annotated[
        list[str],
        typer.Argument(
            metavar="TEXT...",
            help="What happened, in your words (quotes are optional; at most 2000 characters).",
            show_default=False,
        ),
    ],
    milestone: MilestoneOpt = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The day it happened, as YYYY-MM-DD (default today; not in the future).",
            show_default=False,
        ),
    ] = None,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a note; it gets the next number, which no other note ever gets."""
    who = person(ctx, inherited(ctx, "profile", profile))
    added = service_notes.add_note(who, text, milestone, day("--on", on), today())
    emit(NotesView(who.name, (added,), "added"), _form(ctx, json))


@note_app.command("list", epilog=examples("note list"))
def list_(
    ctx: typer.Context,
    milestone: MilestoneOpt = None,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
) -> None:
    """List the notes, oldest first, with their numbers."""
    who = person(ctx, inherited(ctx, "profile", profile))
    emit(NotesView(who.name, service_notes.notes_of(who, milestone)), _form(ctx, json))


@note_app.command("remove", epilog=examples("note remove"))
def remove(
    ctx: typer.Context,
    number: Annotated[
        str,
        typer.Argument(
            metavar="N",
            help="The note's number, as 'pomplan note list' shows it.",
            show_default=False,
        ),
    ],
    profile: ProfileOpt = None,
    json: JsonOpt = False,
) -> None:
    """Remove a note; its number is not given to another note."""
    who = person(ctx, inherited(ctx, "profile", profile))
    removed = service_notes.remove_note(who, number)
    emit(NotesView(who.name, (removed,), "removed"), _form(ctx, json))
