"""``pomplan profile``: save who you are, so that every command plans for you."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

import typer

from pomplan import store
from pomplan.cli.examples import examples
from pomplan.cli.options import (
    JsonOpt,
    ProfileOpt,
    StartOpt,
    profile_flags,
)
from pomplan.cli.session import inherited, kept, merge, profile_name, today, where
from pomplan.errors import PomplanError, UsageProblem
from pomplan.fields import FIELDS, MANY, Field, choice, day, key_for, unset_names
from pomplan.model import (
    Given,
)
from pomplan.render import ProfileListView, ProfilePathsView, ProfileResetView, ProfileView, emit
from pomplan.rules import load_rules
from pomplan.served import dated_today
from pomplan.store import SavedProfile
from pomplan.store.base import closest_saved
from pomplan.store.base import flag as named_flag

profile_app = typer.Typer(
    name="profile",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    epilog=examples("profile"),
)


@profile_app.callback()
def profile(ctx: typer.Context, profile: ProfileOpt = None, json: JsonOpt = False) -> None:
    """Save your profile, so that estimate, plan and progress know you.

    Profiles are small TOML files you may also edit by hand; 'pomplan profile path' shows
    where they are. Name one with --profile NAME (before or after the subcommand).
    """
    ctx.obj = {"profile": profile, "json": json}


def _name(ctx: Any, flag: str | None) -> str:
    return profile_name(ctx, inherited(ctx, "profile", flag))[0]


def _json(ctx: Any, flag: bool) -> bool:
    return bool(inherited(ctx, "json", flag))


UNSET = {key: f.name for key, f in unset_names().items()}  # what --unset forgets, by flag name


def _forgotten(raw: str) -> str:
    """The field ``--unset raw`` names: its flag's name or another spelling of its key
    (``skills``, ``hours``), else a usage error listing the flag names."""
    found = key_for(raw)
    return (
        found.name if found else UNSET[str(choice("--unset", raw, tuple(UNSET), "profile value"))]
    )


@profile_app.command("set", epilog=examples("profile set"))
@profile_flags()
def set_(
    ctx: typer.Context,
    start: StartOpt = None,
    unset: Annotated[
        list[str] | None,
        typer.Option(
            "--unset",
            metavar="FLAG",
            help=(
                "Forget a saved value, so the reference value applies again (repeatable): "
                f"{', '.join(UNSET)}."
            ),
            autocompletion=lambda incomplete: [u for u in UNSET if u.startswith(incomplete)],
            show_default=False,
        ),
    ] = None,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
    *,
    flags: Given,
) -> None:
    """Save profile values; the ones you leave out keep what was saved.

    A new profile starts today unless you give --start. '--cert none' records that you hold
    no certification; '--unset degree' forgets the saved degree.
    """
    name = _name(ctx, profile)
    forget = [_forgotten(u) for u in unset or ()]
    both = [f for f in forget if getattr(flags, f) is not None]
    if both:
        flag = next(k for k, v in UNSET.items() if v == both[0])
        raise UsageProblem(f"--unset {flag} and --{flag} contradict each other; give one")
    begin = day("--start", start)
    now = today()

    def change(current: SavedProfile | None) -> tuple[Given, date | None]:
        keep = current.given._replace(**dict.fromkeys(forget)) if current else Given()
        return dated_today(merge(flags, keep), flags, now), begin or (
            current.start if current else None
        ) or now

    saved, copy = store.update_profile(where(), name, change, datetime.now())
    kept(copy)
    emit(ProfileView(name, saved, saved.file), "json" if _json(ctx, json) else "text")


@profile_app.command("show", epilog=examples("profile show"))
def show_(ctx: typer.Context, profile: ProfileOpt = None, json: JsonOpt = False) -> None:
    """Show a saved profile, and what pomplan assumes where it says nothing."""
    name, explicit = profile_name(ctx, inherited(ctx, "profile", profile))
    locations = where()
    saved = store.load_profile(locations, name)
    if saved is None and explicit:
        raise PomplanError(
            f"no saved profile {name!r}",
            f"{closest_saved(locations, name)}'pomplan profile list' shows the saved ones",
        )
    emit(
        ProfileView(name, saved, locations.profile_file(name)),
        "json" if _json(ctx, json) else "text",
    )


@profile_app.command("list", epilog=examples("profile list"))
def list_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """List the saved profiles (the one in use is marked)."""
    emit(
        ProfileListView(store.list_profiles(where()), _name(ctx, None)),
        "json" if _json(ctx, json) else "text",
    )


@profile_app.command("path", epilog=examples("profile path"))
def path_(ctx: typer.Context, profile: ProfileOpt = None, json: JsonOpt = False) -> None:
    """Show where pomplan keeps each file (POMPLAN_HOME moves them all)."""
    emit(ProfilePathsView(_name(ctx, profile), where()), "json" if _json(ctx, json) else "text")


def interactive() -> bool:
    """True when a person is at a terminal to answer questions."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@profile_app.command("reset", epilog=examples("profile reset"))
def reset(
    ctx: typer.Context,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Don't ask; needed when not on a terminal.")
    ] = False,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
) -> None:
    """Start a profile afresh: its files move to a dated backup folder.

    Nothing is deleted: the profile, its progress and its notes are moved aside, and the folder
    they went to is printed. Also the way out when a saved file is damaged.
    """
    name = _name(ctx, profile)
    locations = where()
    if not yes:
        if not interactive():
            raise UsageProblem(
                "profile reset moves your saved files aside; add --yes to confirm "
                "(it asks first only on a terminal)"
            )
        from pomplan.render.terminal import prompts

        if not prompts.confirm(
            f"Move profile '{name}', its progress and notes to a backup folder?"
        ):
            raise PomplanError("you answered no, so nothing was moved")
    result = store.reset(locations, name, datetime.now())
    emit(ProfileResetView(name, result), "json" if _json(ctx, json) else "text")


def numbered(f: Field, raw: str) -> str:
    """``raw`` with each number on the wizard's menu (1, 2 ...) replaced by its choice."""
    if not f.choices:
        return raw
    parts = [p.strip() for p in raw.split(",")] if f.kind == MANY else [raw.strip()]
    named = []
    for part in parts:
        if part.isdigit():
            if not 1 <= int(part) <= len(f.choices):
                raise UsageProblem(
                    f"{part} is not on the list; type a number from 1 to {len(f.choices)} or a name"
                )
            part = f.choices[int(part) - 1]
        named.append(part)
    return ",".join(named)


def _hint(f: Field) -> str:
    if f.kind == MANY:
        return "numbers or names, comma-separated, or none"
    if f.choices:
        return "a number or a name" + (" (auto picks the fastest)" if f.unset else "")
    return f.answers


@profile_app.command("init", epilog=examples("profile init"))
def init(ctx: typer.Context, profile: ProfileOpt = None) -> None:
    """Answer a few questions to save your profile (on a terminal).

    For people who don't know the flag values yet: each question shows its choices numbered,
    so you may type a number or a name. Enter keeps the value shown in brackets; Ctrl-C
    stops without saving. Elsewhere, use 'pomplan profile set'.
    """
    name = _name(ctx, profile)
    if not interactive():
        raise UsageProblem(
            "profile init asks questions, so it needs a terminal; use 'pomplan profile set' "
            "with flags such as --background instead"
        )
    from pomplan.render.terminal import prompts

    locations = where()
    current = store.load_profile(locations, name)  # a damaged file stops us before any question
    known = current.given if current else Given()
    ref = load_rules(None).reference
    now = today()

    def default(f: Field) -> str:
        value = getattr(known, f.name)
        if value is None:
            return f.unset or f.show(getattr(ref, f.name))
        return f.show(value)

    def check(f: Field) -> Callable[[str], Any]:
        def checked(v: str) -> Any:
            v = numbered(f, v)
            return f.check(f.label, [v] if f.kind == MANY else v)

        return checked

    asked = [f for f in FIELDS if f.asked]
    questions: list[prompts.Question] = [
        (f.question, _hint(f), default(f), check(f), f.choices) for f in asked
    ]
    begun = (current.start if current and current.start else now).isoformat()
    questions.append(
        ("When your journey began", "YYYY-MM-DD", begun, lambda v: day("start", v), ())
    )
    *answers, begin = prompts.ask(f"Profile '{name}'", questions)
    answered = Given(**{f.name: answer for f, answer in zip(asked, answers, strict=True)})
    values = dated_today(merge(answered, known), answered, now, known)
    saved, copy = store.update_profile(
        locations, name, lambda _current: (values, begin), datetime.now()
    )
    kept(copy)
    emit(ProfileView(name, saved, saved.file))
    prompts.done(f"Next, see your plan: pomplan{named_flag(name)} plan")


# 'profile export' and 'profile import' live in cli/bundle.py.
from pomplan.cli import bundle as _bundle  # noqa: E402

profile_app.command("export", epilog=examples("profile export"))(_bundle.export_)
profile_app.command("import", epilog=examples("profile import"))(_bundle.import_)
