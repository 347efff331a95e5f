"""``pomplan paths``: the routes into the role, one in detail, or all timed for you."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from pomplan import content
from pomplan.cli import complete
from pomplan.cli.examples import examples
from pomplan.cli.options import (
    JsonOpt,
    ProfileOpt,
    RulesOpt,
    profile_flags,
)
from pomplan.cli.output import active_rules
from pomplan.cli.session import person, today
from pomplan.errors import UsageProblem
from pomplan.fields import PATHS, choice, gather
from pomplan.model import Given
from pomplan.render import ComparisonView, PathDetailView, PathsView, emit
from pomplan.report import compare
from pomplan.served import served

paths_app = typer.Typer(
    name="paths",
    add_completion=False,
    epilog=examples("paths"),
    invoke_without_command=True,
    rich_markup_mode=None,
    no_args_is_help=False,
)


@paths_app.callback()
@profile_flags(skip=("path",), after="compare_", check=False)
def paths(
    ctx: typer.Context,
    compare_: Annotated[
        bool,
        typer.Option("--compare", help="Time every path for your profile, fastest first."),
    ] = False,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    rules: RulesOpt = None,
    *,
    flags: dict[str, Any],
) -> None:
    """The paths into the role: list, show one, or compare for you.

    Lists the standard path and the four alternatives.
    With --compare, estimate each path for your profile (the same flags as 'pomplan estimate',
    over your saved profile) and rank them, fastest first.
    """
    given = [*flags.values(), profile]
    if ctx.invoked_subcommand is not None:
        if compare_ or rules is not None or any(flag is not None for flag in given):
            raise UsageProblem(
                "--compare, --rules and the profile flags don't apply to "
                f"'paths {ctx.invoked_subcommand}'"
            )
        ctx.obj = {
            "json": json
        }  # 'pomplan paths --json show ID' means the same as '... show ID --json'
        return
    if not compare_:
        if any(flag is not None for flag in given):
            raise UsageProblem("profile flags such as --background only apply with --compare")
        emit(PathsView(content.paths()), "json" if json else "text")
        return
    wanted = person(ctx, profile, Given(**gather(flags))).given
    if wanted.experience_on is not None:  # the years served since count, as in estimate
        wanted = served(wanted, today())
    active = active_rules(rules)
    resolved, assumed, results = compare(wanted, active)
    rows = [(content.path_by_id(e.profile.path), e) for e in results]
    emit(ComparisonView(resolved, assumed, rows, active.source), "json" if json else "text")


@paths_app.command("show", epilog=examples("paths show"))
def show_path(
    path_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=f"The path to show: {', '.join(PATHS)}.",
            autocompletion=complete.values(PATHS),
            show_default=False,
        ),
    ],
    ctx: typer.Context,
    json: JsonOpt = False,
) -> None:
    """Show one path in detail.

    What you bring, what you will need to add, and the first steps.
    """
    json = json or bool(isinstance(ctx.obj, dict) and ctx.obj.get("json"))
    chosen = choice("ID", path_id, PATHS, "path")
    assert chosen is not None
    path = content.path_by_id(chosen)
    emit(PathDetailView(path), "json" if json else "text")
