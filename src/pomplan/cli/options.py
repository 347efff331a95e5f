"""Options shared by several commands, declared once, and the checks behind them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer

from pomplan.cli import complete
from pomplan.content import did_you_mean
from pomplan.errors import UsageProblem
from pomplan.model import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    EXPERIENCE_RANGE,
    HOURS_RANGE,
    PATH_CHOICES,
    plain,
)
from pomplan.report import FLAGS, Given
from pomplan.scenarios import KEYS, Change

PROFILE = "Your profile"


def _listing(choices: tuple[str, ...]) -> str:
    return ", ".join(choices)


DegreeOpt = Annotated[
    str | None,
    typer.Option(
        "--degree",
        metavar="DEGREE",
        help=f"Your highest degree: {_listing(DEGREES)}.",
        autocompletion=complete.values(DEGREES),
        rich_help_panel=PROFILE,
        show_default=False,
    ),
]
BackgroundOpt = Annotated[
    str | None,
    typer.Option(
        "--background",
        metavar="FIELD",
        help=f"The field you work in now: {_listing(BACKGROUNDS)}.",
        autocompletion=complete.values(BACKGROUNDS),
        rich_help_panel=PROFILE,
        show_default=False,
    ),
]
ExperienceOpt = Annotated[
    str | None,
    typer.Option(
        "--experience",
        metavar="YEARS",
        help="Years you have spent in that background (0-50, decimals allowed).",
        rich_help_panel=PROFILE,
        show_default=False,
    ),
]
PathOpt = Annotated[
    str | None,
    typer.Option(
        "--path",
        metavar="PATH",
        help=f"The route you want to take: {_listing(PATH_CHOICES)} (default auto: the fastest).",
        autocompletion=complete.paths,
        rich_help_panel=PROFILE,
        show_default=False,
    ),
]
CertOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--cert",
        metavar="CERT",
        help=(
            "A certification you hold (repeat or comma-separate): "
            f"{_listing(CERTIFICATIONS)}; 'none' for none."
        ),
        autocompletion=complete.values((*CERTIFICATIONS, "none")),
        rich_help_panel=PROFILE,
        show_default=False,
    ),
]
HoursOpt = Annotated[
    str | None,
    typer.Option(
        "--hours-per-week",
        metavar="HOURS",
        help="Hours a week you can put into learning, networking and projects (1-80; default 5).",
        rich_help_panel=PROFILE,
        show_default=False,
    ),
]
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


def choice(flag: str, value: str | None, choices: tuple[str, ...], what: str) -> str | None:
    """``value`` if it is one of ``choices`` (case and spacing forgiven), else a usage error."""
    if value is None:
        return None
    normal = value.strip().lower().replace("_", "-").replace(" ", "-")
    if normal in choices:
        return normal
    hint = did_you_mean(normal, choices)
    raise UsageProblem(f"{flag}: no {what} {value!r}; {hint}choose from: {_listing(choices)}")


def number(
    flag: str, value: str | None, bounds: tuple[Decimal, Decimal], unit: str
) -> Decimal | None:
    """``value`` as a finite number within ``bounds``, else a usage error."""
    if value is None:
        return None
    low, high = plain(bounds[0]), plain(bounds[1])
    try:
        if "_" in value:  # Decimal would read "1_0" as 10; a person meant something else
            raise InvalidOperation
        parsed = Decimal(value.strip())
    except InvalidOperation:
        raise UsageProblem(
            f"{flag}: {value!r} is not a number; give {unit} from {low} to {high}"
        ) from None
    if not parsed.is_finite():
        raise UsageProblem(
            f"{flag}: {value!r} is not a finite number; give {unit} from {low} to {high}"
        )
    parsed = parsed if parsed else Decimal(0)  # "-0" is 0
    if not bounds[0] <= parsed <= bounds[1]:
        raise UsageProblem(f"{flag}: {value} is out of range; give {unit} from {low} to {high}")
    return parsed


def certifications(values: list[str] | None, flag: str = "--cert") -> tuple[str, ...] | None:
    """The certifications named (``none`` alone means none held); ``None`` if none given."""
    if not values:
        return None
    names = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if any(name.strip().lower() == "none" for name in names):
        if len(names) > 1:
            raise UsageProblem(f"{flag}: 'none' can't be combined with other certifications")
        return ()
    checked = [choice(flag, name, CERTIFICATIONS, "certification") for name in names]
    return tuple(dict.fromkeys(c for c in checked if c is not None))


def day(flag: str, value: str | None) -> date | None:
    """``value`` as a calendar date (YYYY-MM-DD), else a usage error."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageProblem(
            f"{flag}: {value!r} is not a date; write it as YYYY-MM-DD, for example 2026-01-31"
        ) from None


# How each profile field but the certifications is checked, given the name to show in an error.
CHECKS: dict[str, Callable[[str, str | None], Any]] = {
    "degree": lambda label, v: choice(label, v, DEGREES, "degree"),
    "background": lambda label, v: choice(label, v, BACKGROUNDS, "background"),
    "experience_years": lambda label, v: number(label, v, EXPERIENCE_RANGE, "years"),
    "path": lambda label, v: choice(label, v, PATH_CHOICES, "path"),
    "hours_per_week": lambda label, v: number(label, v, HOURS_RANGE, "hours"),
}


# The environment variable for each profile field: between the flags and the saved profile.
ENVIRONMENT = {
    "degree": "POMPLAN_DEGREE",
    "background": "POMPLAN_BACKGROUND",
    "experience_years": "POMPLAN_EXPERIENCE",
    "path": "POMPLAN_PATH",
    "certifications": "POMPLAN_CERT",
    "hours_per_week": "POMPLAN_HOURS_PER_WEEK",
}


def environment(environ: Mapping[str, str]) -> Given:
    """The profile values set in the environment, checked like the flags."""

    def get(field: str) -> str | None:
        return environ.get(ENVIRONMENT[field]) or None

    certs = get("certifications")
    raw: dict[str, Any] = {field: get(field) for field in Given._fields}
    raw["certifications"] = [certs] if certs else None
    return _checked(raw, ENVIRONMENT)


def given(
    degree: str | None,
    background: str | None,
    experience: str | None,
    path: str | None,
    certs: list[str] | None,
    hours: str | None,
) -> Given:
    """Check every profile flag and gather them; anything not given stays ``None``."""
    raw = (degree, background, experience, path, certs, hours)
    return _checked(dict(zip(Given._fields, raw, strict=True)), FLAGS)


def _checked(raw: Mapping[str, Any], labels: Mapping[str, str]) -> Given:
    """Each field of ``raw`` checked in turn (an error names the field by its ``labels``)."""
    values: dict[str, Any] = {
        field: certifications(value, labels[field])
        if field == "certifications"
        else CHECKS[field](labels[field], value)
        for field, value in raw.items()
    }
    return Given(**values)


WhatIfOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--what-if",
        metavar="KEY=VALUE",
        autocompletion=complete.what_if,
        help=(
            "Also estimate with this changed, and rank the changes by the time they save "
            "(repeat for more; join changes with ',' to combine them). Keys: "
            f"{_listing(tuple(KEYS))}; a cert is added to those you hold."
        ),
        show_default=False,
    ),
]

# Other spellings a person may use for a --what-if key; the JSON names among them.
_KEY_ALIASES = {
    "experience-years": "experience",
    "certification": "cert",
    "certifications": "cert",
    "hours": "hours-per-week",
}


def _what_if_key(raw: str, text: str) -> str:
    key = "-".join(raw.strip().lower().replace("_", " ").replace("-", " ").split())
    key = _KEY_ALIASES.get(key, key)
    if key in KEYS:
        return key
    keys = tuple(KEYS)
    hint = did_you_mean(key, keys)
    raise UsageProblem(f"--what-if {text}: no key {raw.strip()!r}; {hint}keys: {_listing(keys)}")


def what_if(values: list[str] | None) -> list[Change]:
    """The scenarios asked for with ``--what-if``, each checked like the flag it stands for."""
    changes = []
    for text in values or []:
        fields: dict[str, Any] = {}
        shown = []
        for part in text.split(","):
            key_text, sep, value = part.partition("=")
            if not sep or not key_text.strip() or not value.strip():
                raise UsageProblem(
                    f"--what-if {text}: write KEY=VALUE, for example degree=master; "
                    f"keys: {_listing(tuple(KEYS))}"
                )
            key = _what_if_key(key_text, text)
            label = f"--what-if {key}"
            value = value.strip()
            if key == "cert":
                checked = certifications([value], label)
                if checked == ():
                    raise UsageProblem(
                        f"{label}: 'none' is not a change; name a certification: "
                        f"{_listing(CERTIFICATIONS)}"
                    )
                fields["certifications"] = (*fields.get("certifications", ()), *(checked or ()))
                shown.append(f"cert={','.join(checked or ())}")
                continue
            one = CHECKS[KEYS[key]](label, value)
            fields[KEYS[key]] = one
            shown.append(f"{key}={plain(one) if isinstance(one, Decimal) else one}")
        changes.append(Change(",".join(shown), Given(**fields)))
    return changes
