"""``pomplan cohort``: everyone's plan at a glance, a roster in, everyone's plans out."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from pomplan import cohort as service
from pomplan.cli import complete
from pomplan.cli.examples import examples
from pomplan.cli.options import JsonOpt, RulesOpt
from pomplan.cli.output import active_rules
from pomplan.cli.session import inherited, note, today, where
from pomplan.cohort_files import FORMATS
from pomplan.errors import PomplanError, UsageProblem
from pomplan.fields import choice, day
from pomplan.render import CohortExportView, CohortImportView, CohortView, emit

cohort_app = typer.Typer(
    name="cohort",
    add_completion=False,
    epilog=examples("cohort"),
    invoke_without_command=True,
    rich_markup_mode=None,
    no_args_is_help=False,
)

SortOpt = Annotated[
    str,
    typer.Option(
        "--sort",
        metavar="FIELD",
        help=(
            f"Order the rows: {', '.join(service.SORTS)} (default name). The others put "
            "who most needs a look first."
        ),
        autocompletion=complete.values(service.SORTS),
    ),
]


def _problems(count: int) -> None:
    """Exit 1 after the whole output when profiles could not be read (their rows say why):
    the same rule for the table, the roster and the export, so a script can tell."""
    if count:
        sys.stdout.flush()
        said = (
            "profile could not be read; its row says"
            if count == 1
            else ("profiles could not be read; their rows say")
        )
        raise PomplanError(f"{count} {said} why")


@cohort_app.callback()
def cohort(
    ctx: typer.Context,
    behind: Annotated[
        bool, typer.Option("--behind", help="Only the people behind their plan.")
    ] = False,
    sort: SortOpt = "name",
    json: JsonOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Everyone's plan at a glance: done, status, time left, overdue, next, last tick.

    One row per saved profile, each planned from its saved values as of today. A profile
    that can't be read gets a row saying why, and the exit status is then 1. Load people
    with 'pomplan cohort import FILE'; share everyone's plan with 'pomplan cohort export DIR'.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"json": json, "rules": rules}
        return
    order = str(choice("--sort", sort, service.SORTS, "order"))
    now = today()
    everyone = service.members(where(), active_rules(rules), now)
    rows = service.chosen(everyone, behind, order)
    emit(CohortView(rows, now, len(everyone)), "json" if json else "text")
    _problems(sum(1 for m in rows if m.problem))


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@cohort_app.command("import", epilog=examples("cohort import"))
def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A roster: CSV or JSON Lines, or - for standard input.",
            autocompletion=complete.files,
            show_default=False,
        ),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Write without asking (needed when piped).")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Create or update profiles from a roster: a name column plus profile columns.

    The columns are those of 'pomplan estimate --input' (degree, background,
    experience_years, path, certifications, hours_per_week), a name for each profile and
    an optional start (YYYY-MM-DD). An empty cell keeps what is saved. It shows what it
    would create and change, and writes only with --yes or after a yes on a terminal;
    progress is never touched. Bad rows are named and skipped (exit status 1).
    """
    from pomplan import batch_lines, cohort_import

    as_json = bool(inherited(ctx, "json", json))
    if file != "-" and not Path(file).expanduser().exists():
        raise PomplanError(f"no roster {file!r}", "check the path")
    stream = batch_lines.open_input(file)  # its other errors name the file as --input does
    try:
        entries, bad, unused = cohort_import.read(stream, file)
    finally:
        if file == "-":
            stream.detach()
        else:
            stream.close()
    if unused:
        note(f"a roster does not use the column(s) {', '.join(unused)}: they are left out")
    if not entries and not bad:
        where_ = "standard input" if file == "-" else file
        note(f"{where_} has no rows (an empty file, or a header alone): nothing to import")
    locations, now = where(), today()
    planned = cohort_import.plan(locations, entries, bad, now)
    go = yes
    if not go and planned.writes and _interactive() and not as_json:
        emit(CohortImportView(file, planned, None))
        from pomplan.render.terminal import prompts

        count = len(planned.writes)
        go = prompts.confirm(
            "Write this profile?" if count == 1 else f"Write these {count} profiles?"
        )
        if not go:
            raise PomplanError("you answered no, so nothing was written")
        planned = cohort_import.plan(locations, entries, bad, now)  # as it is now
    written = None
    if go and planned.writes:
        written = cohort_import.write(locations, planned, now, datetime.now())
    emit(CohortImportView(file, planned, written), "json" if as_json else "text")
    failed = len(planned.bad) + (len(written.failed) if written else 0)
    if failed:
        sys.stdout.flush()
        said = "row was skipped; fix it" if failed == 1 else "rows were skipped; fix them"
        raise PomplanError(f"{failed} {said} and import the roster again")


@cohort_app.command("export", epilog=examples("cohort export"))
def export(
    ctx: typer.Context,
    folder: Annotated[
        str,
        typer.Argument(
            metavar="DIR",
            help="The folder to write (made if missing).",
            autocompletion=complete.files,
            show_default=False,
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="html (the default), markdown or ics (one calendar a person).",
            autocompletion=complete.values(FORMATS),
        ),
    ] = "html",
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write into a folder that holds files (only pomplan's are replaced)."
        ),
    ] = False,
    json: JsonOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Write an index of the cohort and one plan per person into a folder.

    html gives index.html, markdown and ics give index.md, each with the table and
    everyone's timeline; each plan goes in plans/NAME. Nothing in them is fetched from the
    network. A folder that already holds files needs --force. A profile that can't be read
    gets its row in the index and no plan (exit status 1).
    """
    from pomplan.cohort_files import export as write_all

    as_json = bool(inherited(ctx, "json", json))
    form = _format(output_format)
    if not folder.strip():
        raise UsageProblem("DIR: give a folder's name")
    now = today()
    pinned = day("POMPLAN_TODAY", os.environ.get("POMPLAN_TODAY") or None)
    locations = where()
    members = service.members(locations, active_rules(inherited(ctx, "rules", rules)), now)
    target = Path(folder).expanduser()
    exported = write_all(members, target, form, force, now, pinned, locations)
    emit(CohortExportView(exported), "json" if as_json else "text")
    if not as_json:
        note(f"open {exported.index} to see it")
    _problems(len(exported.problems))


def _format(value: str) -> str:
    named = {"md": "markdown", "htm": "html", "ical": "ics", "icalendar": "ics"}
    lowered = value.strip().lower()
    return str(choice("--format", named.get(lowered, lowered), FORMATS, "format"))
