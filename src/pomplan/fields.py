"""Every profile field, described once.

A person's starting point is a handful of fields (degree, background, years in it, path,
certifications, hours a week). :data:`FIELDS` describes each one once: its JSON name (also the
key in a saved profile and the column in a batch file), its flag, its help, its kind and bounds,
the wizard's question and the other spellings a person may use for its ``--what-if`` key.
Everything else is derived from the table:

- the flag's ``POMPLAN_*`` variable (``--hours-per-week``: ``POMPLAN_HOURS_PER_WEEK``);
- the ``--what-if`` key and the ``profile set --unset`` name (the flag without its dashes);
- the checks of a value typed by a person, read from a saved file, or found in a batch row;
- :class:`pomplan.model.Given` and :class:`pomplan.model.Profile`, whose fields are these, in
  this order.

Pure: no I/O, no Typer. ``cli/`` turns each row into a Typer option.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pomplan import aliases as everyday
from pomplan.aliases import choice as choice
from pomplan.dates import DATES as DATES
from pomplan.dates import calendar_day as calendar_day
from pomplan.dates import day as day
from pomplan.dates import outside as outside
from pomplan.dates import saved_day as saved_day
from pomplan.errors import UsageProblem
from pomplan.figures import PRECISION as PRECISION
from pomplan.figures import json_number as json_number
from pomplan.figures import number as number
from pomplan.figures import plain as plain
from pomplan.figures import rounded as rounded
from pomplan.levels import LEVELS, SKILL_FIELD, levels, read_levels
from pomplan.record import Record

if TYPE_CHECKING:
    from pomplan.datafile import Reader

DEGREES: tuple[str, ...] = ("none", "bachelor-other", "bachelor", "master", "mba")
BACKGROUNDS: tuple[str, ...] = (
    "project-management",
    "business-analysis",
    "product-management",
    "data-analysis",
    "customer-success",
    "operations",
    "engineering",
    "program-management",
    "product-marketing",
    "partnerships",
    "general-business",
    "unrelated",
    "none",
)
PATHS: tuple[str, ...] = (
    "standard",
    "customer-success",
    "project-management",
    "data-analysis",
    "education",
)
AUTO = "auto"  # the path pomplan picks: the fastest for the person
PATH_CHOICES: tuple[str, ...] = (AUTO, *PATHS)
CERTIFICATIONS: tuple[str, ...] = (
    "lean",
    "six-sigma",
    "agile",
    "project-management",
    "product-management",
    "product-operations",
    "data-analytics",
)
EXPERIENCE_RANGE = (Decimal(0), Decimal(50))
HOURS_RANGE = (Decimal(1), Decimal(80))

CHOICE, NUMBER, MANY = "choice", "number", "many"  # one of a list; a bounded number; a set
DATE = "date"  # a day, YYYY-MM-DD, within DATES
STILL = ("yes", "no")  # whether the person still works in their background


class Field(Record):
    """One profile field. ``name`` is its JSON name, store key and batch column."""

    name: str
    flag: str
    kind: str  # CHOICE, NUMBER, MANY, DATE or LEVELS
    metavar: str
    help: str
    noun: str  # a value of it, in an error: "no degree 'x'", "give hours from 1 to 80"
    label: str  # the field in a few words, for the wizard's errors: "years", "hours"
    question: str  # the wizard asks this
    choices: tuple[str, ...] = ()  # CHOICE and MANY
    bounds: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))  # NUMBER
    answers: str = ""  # the wizard's hint of what to answer
    key_aliases: tuple[str, ...] = ()  # other spellings of its --what-if key
    assumed: bool = True  # listed as an assumption when a person leaves it out
    unset: str = ""  # a value that means "pomplan decides" (the path's "auto")
    completer: str = ""  # a completion function of cli.complete other than the choices
    aliases: everyday.Aliases = ()  # everyday names of its values (aliases.py)
    what_if: bool = True  # a --what-if key (a day that dates another value is not)
    asked: bool = True  # the wizard asks for it
    fallback: tuple[Any, ...] = ()  # (value,): a Profile made without it has it (fields last)
    assumption: str = ""  # why its reference value is assumed, if not the usual words

    @property
    def key(self) -> str:
        """The flag's name without dashes: the ``--what-if`` key and the ``--unset`` name."""
        return self.flag.removeprefix("--")

    @property
    def env(self) -> str:
        """The environment variable that gives this field, between flags and saved profile."""
        return "POMPLAN_" + self.key.upper().replace("-", "_")

    def check(self, label: str, value: Any) -> Any:
        """A value a person typed (text; a list of texts for MANY), checked; ``None`` stays.

        ``label`` names the value in an error: a flag, a variable, a column, a key.
        """
        if self.kind == MANY:
            return certifications(value, label, self.choices, self.aliases)
        if self.kind == LEVELS:
            return levels(value, label)
        if self.kind == NUMBER:
            return number(label, value, self.bounds, self.noun)
        if self.kind == DATE:
            return day(label, value)
        return choice(label, value, self.choices, self.noun, self.aliases)

    def show(self, value: Any, sep: str = ",") -> str:
        """A value as a person writes it: 4.5, ``lean,agile``, ``none``."""
        if isinstance(value, Decimal):
            return plain(value)
        if isinstance(value, tuple) and self.kind == LEVELS:
            return sep.join(f"{k}={n}" for k, n in value) or "none rated"
        if isinstance(value, tuple):
            return sep.join(value) or "none"
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def to_json(self, value: Any) -> Any:
        """A value as the JSON documents write it."""
        if isinstance(value, Decimal):
            return json_number(value)
        if isinstance(value, tuple):
            return dict(value) if self.kind == LEVELS else list(value)
        if isinstance(value, date):
            return value.isoformat()
        return value


_listing = everyday.listing


def _also(aliases: everyday.Aliases) -> str:
    return f" Everyday names work too: {_listing(everyday.names(aliases))}."


FIELDS: tuple[Field, ...] = (
    Field(
        name="degree",
        flag="--degree",
        kind=CHOICE,
        metavar="DEGREE",
        help=f"Your highest degree: {_listing(DEGREES)}." + _also(everyday.DEGREE_ALIASES),
        noun="degree",
        label="degree",
        question="Your highest degree",
        choices=DEGREES,
        answers=_listing(DEGREES),
        aliases=everyday.DEGREE_ALIASES,
    ),
    Field(
        name="background",
        flag="--background",
        kind=CHOICE,
        metavar="FIELD",
        help=f"The field you work in now: {_listing(BACKGROUNDS)}."
        + _also(everyday.BACKGROUND_ALIASES),
        noun="background",
        label="background",
        question="The field you work in now",
        choices=BACKGROUNDS,
        answers=_listing(BACKGROUNDS),
        aliases=everyday.BACKGROUND_ALIASES,
    ),
    Field(
        name="experience_years",
        flag="--experience",
        kind=NUMBER,
        metavar="YEARS",
        help="Years you have spent in that background (0-50, decimals allowed).",
        noun="years",
        label="years",
        question="Years you have spent in that field",
        bounds=EXPERIENCE_RANGE,
        answers="a number from 0 to 50",
    ),
    Field(
        name="path",
        flag="--path",
        kind=CHOICE,
        metavar="PATH",
        help=f"The route you want to take: {_listing(PATH_CHOICES)} (default auto: the fastest).",
        noun="path",
        label="path",
        question="The path you want to take",
        choices=PATH_CHOICES,
        answers=_listing(PATH_CHOICES) + " (auto picks the fastest)",
        assumed=False,  # an automatic path has an assumption of its own, with its reason
        unset=AUTO,
        completer="paths",
    ),
    Field(
        name="certifications",
        flag="--cert",
        kind=MANY,
        metavar="CERT",
        help=(
            "A certification you hold (repeat or comma-separate): "
            f"{_listing(CERTIFICATIONS)}; 'none' for none."
        )
        + _also(everyday.CERTIFICATION_ALIASES),
        noun="certification",
        label="certifications",
        question="Certifications you hold",
        choices=CERTIFICATIONS,
        answers="comma-separated, or none",
        key_aliases=("certification",),
        aliases=everyday.CERTIFICATION_ALIASES,
    ),
    Field(
        name="hours_per_week",
        flag="--hours-per-week",
        kind=NUMBER,
        metavar="HOURS",
        help="Hours a week you can put into learning, networking and projects (1-80; default 5).",
        noun="hours",
        label="hours",
        question="Hours a week you can invest",
        bounds=HOURS_RANGE,
        answers="a number from 1 to 80",
        key_aliases=("hours",),
    ),
    Field(name="skills", flag="--skill", kind=LEVELS, asked=False, fallback=((),), **SKILL_FIELD),
    Field(
        name="experience_on",
        flag="--experience-on",
        kind=DATE,
        metavar="DATE",
        help="The day your --experience figure was true, YYYY-MM-DD (saved: today by default).",
        noun="day",
        label="day",
        question="The day that figure was true",
        assumed=False,  # left out, the figure is true today
        what_if=False,
        asked=False,
        fallback=(None,),
    ),
    Field(
        name="in_background",
        flag="--in-background",
        kind=CHOICE,
        metavar="YES|NO",
        help="Do you still work in that background? yes (default: your years grow) or no.",
        noun="answer",
        label="answer",
        question="Do you still work in that field",
        choices=STILL,
        assumed=False,  # growth is shown as a line of its own when it counts
        what_if=False,
        asked=False,
        fallback=("yes",),
    ),
)


def names() -> tuple[str, ...]:
    """The fields' JSON names, in order."""
    return tuple(f.name for f in FIELDS)


def by_name(name: str) -> Field:
    return next(f for f in FIELDS if f.name == name)


def by_key() -> dict[str, Field]:
    """Each field by its ``--what-if`` key (``experience``, ``cert``)."""
    return {f.key: f for f in FIELDS if f.what_if}


def unset_names() -> dict[str, Field]:
    """Each field by its ``--unset`` name (the flag without dashes): every field."""
    return {f.key: f for f in FIELDS}


def normal_key(raw: str) -> str:
    """A key as a person wrote it, lower case, words joined with ``-``."""
    return "-".join(raw.strip().lower().replace("_", " ").replace("-", " ").split())


def key_for(raw: str) -> Field | None:
    """The field a person means by ``raw`` as a key: its flag name, JSON name or an alias,
    case, ``_`` and spaces forgiven; ``None`` if none."""
    key = normal_key(raw)
    for f in FIELDS:
        if f.what_if and key in (f.key, f.name.replace("_", "-"), *f.key_aliases):
            return f
    return None


# --- the checks ------------------------------------------------------------------------------


def certifications(
    values: list[str] | None,
    label: str = "--cert",
    choices: tuple[str, ...] = CERTIFICATIONS,
    aliases: Any = everyday.CERTIFICATION_ALIASES,
) -> tuple[str, ...] | None:
    """The certifications named (``none`` alone means none held); ``None`` if none given."""
    if not values:
        return None
    named = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if any(name.strip().lower() == "none" for name in named):
        if len(named) > 1:
            raise UsageProblem(f"{label}: 'none' can't be combined with other certifications")
        return ()
    checked = [choice(label, name, choices, "certification", aliases) for name in named]
    return tuple(dict.fromkeys(c for c in checked if c is not None))


def gather(raw: Mapping[str, Any], label: Any = None) -> dict[str, Any]:
    """Each field of ``raw`` (field name -> text as typed) checked, in the table's order.

    ``label(field)`` names a field in an error (its flag, by default). A MANY field takes a
    list of texts; one text is a list of one.
    """
    values: dict[str, Any] = {}
    for f in FIELDS:
        if f.name not in raw:
            continue
        value = raw[f.name]
        if f.kind in (MANY, LEVELS) and isinstance(value, str):
            value = [value]
        values[f.name] = f.check(label(f) if label else f.flag, value)
    return values


def environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The profile values set in ``POMPLAN_*`` variables, checked like the flags."""
    raw = {f.name: environ.get(f.env) or None for f in FIELDS}
    return gather(raw, lambda f: f.env)


def read(r: Reader, f: Field, unset_ok: bool = True) -> Any:
    """``f``'s value in a table of a TOML file (a saved profile, the rules' reference person).

    With ``unset_ok`` off, a value that means "pomplan decides" (``auto``) is refused.
    """
    if f.kind == MANY:
        return tuple(dict.fromkeys(r.texts(f.name, allowed=f.choices, empty_ok=True)))
    if f.kind == LEVELS:
        return read_levels(r, f.name)
    if f.kind == NUMBER:
        value = r.number(f.name)
        low, high = f.bounds
        if not low <= value <= high:
            raise r.fail(
                f.name, f"{plain(value)} is out of range; must be between {low} and {high}"
            )
        return rounded(value)
    if f.kind == DATE:
        return saved_day(r, f.name)
    allowed = f.choices if unset_ok else tuple(c for c in f.choices if c != f.unset)
    text = r.text(f.name)
    if text not in allowed:
        raise r.fail(f.name, f"unknown value {text!r} (expected one of: {_listing(allowed)})")
    return text
