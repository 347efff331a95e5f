"""``pomplan skills``: the skills the role needs, one in detail, yours as bars, and the
questions that rate them (``skills assess``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import typer

from pomplan import content, store
from pomplan.cli import complete
from pomplan.cli.examples import examples
from pomplan.cli.options import JsonOpt, ProfileOpt
from pomplan.cli.session import inherited, kept, person, profile_name, today, where
from pomplan.errors import UsageProblem
from pomplan.levels import LEVEL_NAMES, SKILLS, Levels, combine, level, skill_id
from pomplan.model import Given
from pomplan.render import ProfileView, SkillDetailView, SkillLevelsView, SkillsView, emit
from pomplan.store.base import flag

NOT_RATED = "not rated"

skills_app = typer.Typer(
    name="skills",
    add_completion=False,
    epilog=examples("skills"),
    invoke_without_command=True,
    rich_markup_mode=None,
    no_args_is_help=False,
)


@skills_app.callback()
def skills(
    ctx: typer.Context,
    mine: Annotated[
        bool,
        typer.Option("--mine", help="Your own levels, as a bar chart (from your saved profile)."),
    ] = False,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
) -> None:
    """The skills the role needs, and how to build them.

    With --mine, your level in each (0-4) as a bar chart. 'pomplan skills show ID' shows
    what each level looks like; 'pomplan skills assess' asks you to rate each skill.
    """
    if ctx.invoked_subcommand is not None:
        if mine:
            raise UsageProblem(f"--mine doesn't apply to 'skills {ctx.invoked_subcommand}'")
        ctx.obj = {"json": json, "profile": profile}
        return
    if mine:
        who = person(ctx, profile)
        levels = who.given.skills or ()
        emit(SkillLevelsView(who.name, content.skills(), levels), "json" if json else "text")
        return
    if profile is not None:
        raise UsageProblem("--profile only applies with --mine or to 'skills assess'")
    emit(SkillsView(content.skills()), "json" if json else "text")


@skills_app.command("show", epilog=examples("skills show"))
def show_skill(
    skill: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=f"The skill to show: {', '.join(SKILLS)}.",
            autocompletion=complete.values(SKILLS),
            show_default=False,
        ),
    ],
    ctx: typer.Context,
    json: JsonOpt = False,
) -> None:
    """Show one skill: what each level looks like, and how to build it."""
    chosen = skill_id("ID", skill)
    found = next(s for s in content.skills() if s.id == chosen)
    emit(SkillDetailView(found), "json" if inherited(ctx, "json", json) else "text")


def interactive() -> bool:
    from pomplan.cli.profile import interactive as on_terminal

    return on_terminal()


@skills_app.command("assess", epilog=examples("skills assess"))
def assess(ctx: typer.Context, profile: ProfileOpt = None) -> None:
    """Rate each skill from 0 to 4, one question each (on a terminal).

    Each question shows the five levels numbered, with what each looks like in practice:
    type its number or its name. Enter keeps the level in brackets (or leaves a skill not
    rated); Ctrl-C stops without saving. Elsewhere, use 'pomplan profile set --skill ID=LEVEL'.
    """
    name = profile_name(ctx, inherited(ctx, "profile", profile))[0]
    if not interactive():
        raise UsageProblem(
            "skills assess asks questions, so it needs a terminal; use "
            "'pomplan profile set --skill ID=LEVEL' instead, e.g. --skill analytical-skills=3"
        )
    from pomplan.render.terminal import prompts

    locations = where()
    current = store.load_profile(locations, name)  # a damaged file stops us before any question
    known = dict(current.given.skills or ()) if current else {}
    questions: list[prompts.Question] = []
    catalogue = content.skills()
    for s in catalogue:
        menu = tuple(f"{LEVEL_NAMES[n]}: {text}" for n, text in enumerate(s.levels))
        held = known.get(s.id)
        default = NOT_RATED if held is None else str(held)
        questions.append((s.name, "a number from 0 to 4, or its name", default, _keep(s.id), menu))
    headings = tuple(f"{s.name} ({n} of {len(catalogue)})" for n, s in enumerate(catalogue, 1))
    answers = prompts.ask(f"Skills for profile '{name}'", questions, first=0, headings=headings)
    rated: Levels = tuple((s, a) for s, a in zip(SKILLS, answers, strict=True) if a is not None)

    def change(saved: Any) -> tuple[Given, Any]:
        given = saved.given if saved else Given()
        levels = combine(SKILLS, rated, given.skills or ())
        start = saved.start if saved else today()  # a new profile starts today, as with set
        return given._replace(skills=levels or None), start

    updated, copy = store.update_profile(locations, name, change, datetime.now())
    kept(copy)
    emit(ProfileView(name, updated, updated.file))
    prompts.done(f"See them as bars: pomplan{flag(name)} skills --mine")


def _keep(skill: str) -> Callable[[str], int | None]:
    """The check of one answer: Enter on a skill not rated leaves it not rated."""

    def checked(raw: str) -> int | None:
        if raw.strip().lower() in ("", NOT_RATED):
            return None
        return level("", skill, raw)

    return checked
