"""Options shared by several commands, declared once, and the checks behind them."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar, cast

import typer

from pomplan import aliases, fields
from pomplan.cli import complete
from pomplan.content import did_you_mean
from pomplan.errors import UsageProblem
from pomplan.fields import FIELDS, MANY, NUMBER, Field, gather
from pomplan.levels import LEVELS, merged
from pomplan.model import Given
from pomplan.scenarios import Change

Command = TypeVar("Command", bound=Callable[..., Any])

PROFILE = "Your profile"


def _listing(choices: tuple[str, ...]) -> str:
    return ", ".join(choices)


JsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Write one JSON document to stdout instead of text."),
]
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        metavar="NAME",
        help="Use this saved profile (default: $POMPLAN_PROFILE, else 'default').",
        autocompletion=complete.profiles,
        show_default=False,
    ),
]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="When your journey began, as YYYY-MM-DD (default: the saved date, else today).",
        show_default=False,
    ),
]
RulesOpt = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="FILE",
        autocompletion=complete.files,
        envvar="POMPLAN_RULES",
        help="Use this rules file instead of the shipped one.",
        show_default=False,
    ),
]


def _option(f: Field) -> Any:
    """The Typer option for one profile field."""
    if f.completer:
        completer = getattr(complete, f.completer)
    else:
        ids = complete.values((*f.choices, "none") if f.kind == MANY else f.choices)
        plain = aliases.plain_names(f.aliases)
        names = complete.values(plain, {name: f"means {value}" for name, value in plain.items()})

        def completer(incomplete: str) -> list[complete.Item]:
            # The ids first; an everyday name when no id starts with what was typed.
            found: list[complete.Item] = ids(incomplete) or names(incomplete.lower())
            return found

    kind: Any = list[str] | None if f.kind in (MANY, LEVELS) else str | None
    option = typer.Option(
        f.flag,
        metavar=f.metavar,
        help=f.help,
        autocompletion=completer if f.choices or f.completer else None,
        rich_help_panel=PROFILE,
        show_default=False,
    )
    return Annotated[kind, option]


def profile_flags(
    *, skip: tuple[str, ...] = (), after: str = "ctx", check: bool = True
) -> Callable[[Command], Command]:
    """Give a command one option per profile field (bar ``skip``), after its parameter ``after``.

    The command receives them as ``flags``: a :class:`Given` of what was given, checked; or,
    without ``check``, the texts as typed, by field name (the command checks them when it
    knows they apply).
    """

    def decorate(command: Command) -> Command:
        return cast(Command, _WithFlags(command, skip, after, check))

    return decorate


class _WithFlags:
    """A command with the profile flags added to the parameters Typer sees (its signature is
    worked out when Typer first asks, once the command's module has every name it uses)."""

    def __init__(
        self, command: Callable[..., Any], skip: tuple[str, ...], after: str, check: bool
    ) -> None:
        self.command, self.after, self.check = command, after, check
        self.chosen = [f for f in FIELDS if f.name not in skip]
        self.__name__ = command.__name__
        self.__qualname__ = command.__qualname__
        self.__module__ = command.__module__
        self.__doc__ = command.__doc__
        self.__annotations__: dict[str, Any] = {}

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        signature = inspect.signature(self.command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "flags"]
        at = next(i for i, p in enumerate(own) if p.name == self.after) + 1
        added = [
            inspect.Parameter(
                f.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=_option(f)
            )
            for f in self.chosen
        ]
        exposed = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
        return signature.replace(parameters=[*exposed[:at], *added, *exposed[at:]])

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raw = {f.name: kwargs.pop(f.name) for f in self.chosen}
        flags = Given(**gather(raw)) if self.check else raw
        return self.command(*args, flags=flags, **kwargs)


def environment(environ: Mapping[str, str]) -> Given:
    """The profile values set in the environment, checked like the flags."""
    return Given(**fields.environment(environ))


WhatIfOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--what-if",
        metavar="KEY=VALUE",
        autocompletion=complete.what_if,
        help=(
            "Also estimate with this changed, and rank the changes by the time they save net "
            "of what they cost to get at your hours a week (repeat for more; join changes "
            "with ',' to combine them; experience and hours-per-week also take +N or -N, "
            "added to yours). Keys: "
            f"{_listing(tuple(fields.by_key()))}; a cert is added to those you hold."
        ),
        show_default=False,
    ),
]


def _what_if_key(raw: str, text: str) -> Field:
    found = fields.key_for(raw)
    if found is not None:
        return found
    keys = tuple(fields.by_key())
    hint = did_you_mean(fields.normal_key(raw), keys)
    raise UsageProblem(f"--what-if {text}: no key {raw.strip()!r}; {hint}keys: {_listing(keys)}")


def _step(f: Field, value: str) -> Decimal:
    """A relative value (``+2``, ``-1.5``) of a number field: the signed amount, at most the
    field's whole span (a bigger step lands outside its bounds whatever the current value)."""
    sign, amount = value[0], value[1:].strip()
    low, high = f.bounds
    span = high - low
    try:
        past = "_" not in amount and Decimal(amount) > span
    except InvalidOperation:  # not a number: fields.number says so
        past = False
    if past:
        raise UsageProblem(
            f"--what-if {f.key}={value}: a change of more than {fields.plain(span)} {f.noun} "
            f"goes past the bounds of {f.key} ({fields.plain(low)} to {fields.plain(high)}); "
            "give a smaller change"
        )
    magnitude = fields.number(f"--what-if {f.key}={value}", amount, (Decimal(0), span), f.noun)
    assert magnitude is not None
    return magnitude if sign == "+" else -magnitude


def _once(mark: str, written: str, text: str, seen: dict[str, str]) -> None:
    """Refuse a scenario that sets one field twice (``mark`` is its key), or names one
    certificate twice (``mark`` is ``cert=NAME``)."""
    if mark in seen:
        what = f"names {mark}" if "=" in mark else f"sets {mark}"
        raise UsageProblem(
            f"--what-if {text}: {what} twice ({seen[mark]} and {written}); give each key once "
            "in a scenario, or ask for two scenarios with two --what-if options"
        )
    seen[mark] = written


def what_if(values: list[str] | None) -> list[Change]:
    """The scenarios asked for with ``--what-if``, each checked like the flag it stands for.

    A number may be relative (``experience=+2``, ``hours-per-week=-3``): it is worked out
    against the person's current value when the scenario is (see :mod:`pomplan.scenarios`).
    """
    changes = []
    keys = _listing(tuple(fields.by_key()))
    for text in values or []:
        changed: dict[str, Any] = {}
        steps: list[tuple[str, Decimal]] = []
        shown = []
        seen: dict[str, str] = {}
        for part in text.split(","):
            key_text, sep, value = part.partition("=")
            if not sep or not key_text.strip() or not value.strip():
                raise UsageProblem(
                    f"--what-if {text}: write KEY=VALUE, for example degree=master; keys: {keys}"
                )
            f = _what_if_key(key_text, text)
            value = value.strip()
            label = f"--what-if {f.key}"
            if f.kind == NUMBER and value[0] in "+-":
                _once(f.key, f"{f.key}={value}", text, seen)
                step = _step(f, value)
                steps.append((f.name, step))
                shown.append(f"{f.key}={'+' if step >= 0 else '-'}{f.show(abs(step))}")
                continue
            one = f.check(label, [value] if f.kind == MANY else value)
            if f.kind == LEVELS:  # skill=a=3 and skill=b=1 together change both, a twice is refused
                for skill, _ in one:
                    _once(f"{f.key}={skill}", f"{f.key}={value}", text, seen)
                changed[f.name] = merged(f.kind, [one, changed.get(f.name, ())])
                shown.append(f"{f.key}={f.show(one)}")
                continue
            mark = f"{f.key}={f.show(one)}" if f.kind == MANY else f.key
            _once(mark, f"{f.key}={value}", text, seen)
            if f.kind == MANY:
                if one == ():
                    raise UsageProblem(
                        f"{label}: 'none' is not a change; name a {f.noun}: {_listing(f.choices)}"
                    )
                changed[f.name] = (*changed.get(f.name, ()), *one)  # added to those held
            else:
                changed[f.name] = one
            shown.append(f"{f.key}={f.show(one)}")
        changes.append(Change(",".join(shown), Given(**changed), tuple(steps)))
    return changes
