"""``pomplan estimate``: the itemised timeline for one person, what-if scenarios, or a whole
cohort read from a file."""

import sys
from typing import Annotated

import typer

from pomplan import service
from pomplan.cli import complete
from pomplan.cli.options import (
    JsonOpt,
    ProfileOpt,
    RulesOpt,
    WhatIfOpt,
    profile_flags,
    what_if,
)
from pomplan.cli.output import active_rules
from pomplan.cli.session import note, person, today
from pomplan.errors import PomplanError, UsageProblem
from pomplan.model import Given
from pomplan.render import BatchView, EstimateView, emit, resolve
from pomplan.render.formats import names

BATCH = "Many people at once"
BATCH_FORMATS = names(BatchView)


@profile_flags()
def estimate(
    ctx: typer.Context,
    what_ifs: WhatIfOpt = None,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
    input_file: Annotated[
        str | None,
        typer.Option(
            "--input",
            metavar="FILE",
            autocompletion=complete.files,
            help=(
                "Estimate every row of this CSV or JSON Lines file ('-' for standard input), "
                "one result per row, in order."
            ),
            rich_help_panel=BATCH,
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=(
                "With --input: text (a table; the default on a terminal), jsonl (the default "
                "when piped) or csv."
            ),
            autocompletion=complete.values(BATCH_FORMATS),
            rich_help_panel=BATCH,
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="With --input: stop at the first bad row instead of recording it and going on.",
            rich_help_panel=BATCH,
        ),
    ] = False,
    *,
    flags: Given,
) -> None:
    """Estimate your timeline, itemised rule by rule.

    Starts from the 3-6 year baseline and adjusts it for your degree, background, experience,
    path, certifications and weekly hours. Values come from the flags, then POMPLAN_*
    variables, then your saved profile; anything left out takes the reference value and is
    listed as an assumption. Milestones you have ticked off appear as a 'progress' line.
    Add --what-if to see what a change would save and cost, or --input to estimate a whole
    cohort.
    """
    if input_file is not None:
        named = profile if profile is not None else ctx.find_root().params.get("profile")
        form = _check_batch_flags(flags != type(flags)(), what_ifs, named, json, output_format)
        _batch(input_file, form, strict, rules)
        return
    for flag, used in (("--format", output_format is not None), ("--strict", strict)):
        if used:
            raise UsageProblem(f"{flag} goes with --input FILE, to estimate many people at once")
    changes = what_if(what_ifs)
    who = person(ctx, profile, flags)
    now = today()  # years served count up to today; the plan's next steps are as of today
    chosen = active_rules(rules)
    report, scenarios = service.estimate_for(who, chosen, changes, now)
    emit(EstimateView(report, scenarios), "json" if json else "text")


def _check_batch_flags(
    profile_flags: bool,
    what_ifs: list[str] | None,
    profile: str | None,
    json: bool,
    output_format: str | None,
) -> str:
    """The batch format asked for, once the flags are known to go with --input."""
    if profile_flags or profile is not None:
        raise UsageProblem(
            "--input takes each person from the file; leave out the profile flags "
            "(put the values in the file's columns)"
        )
    if what_ifs:
        raise UsageProblem("--what-if works on one person; leave it out with --input")
    # An empty --format is refused, as plan refuses it; left out, it is a table on a terminal
    # and JSON Lines anywhere else (a pipe, a file).
    if output_format is None:
        return "jsonl" if json or not on_terminal() else "text"
    form = resolve(BatchView, output_format, None, False)
    if json and form != "jsonl":
        raise UsageProblem(f"--json asks for JSON Lines; leave it out to get --format {form}")
    return form


def _batch(name: str, form: str, strict: bool, rules: str | None) -> None:
    from pomplan import batch, batch_lines

    chosen = active_rules(rules)
    stream = batch_lines.open_input(name)
    try:
        run = batch.Run(batch.read_rows(stream, name), strict, today())
        emit(BatchView(run, chosen), form)
    finally:
        if name == "-":
            stream.detach()  # standard input stays open for whoever else reads it
        else:
            stream.close()
    sys.stdout.flush()
    for said in batch.notes(run, name):
        note(said)
    if run.first is not None:
        raise PomplanError(batch.summary(run.outcome, run.first))


def on_terminal() -> bool:
    """Whether standard output is a terminal (a person reading, not a pipe or a file)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # a stream of a test's, or closed
        return False
