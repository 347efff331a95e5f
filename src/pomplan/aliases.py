"""Everyday names for the values of the profile fields: ``PMP`` for the project-management
certificate, ``PhD`` for a degree, ``support`` for customer success.

Each table is a tuple of (name as people write it, the value it stands for). A name that
appears twice, with two values, is ambiguous (``PM``: project or product management): pomplan
refuses it and names every reading rather than guess. Names are matched with case, spaces,
``-``, ``_``, dots and apostrophes forgiven (``B.Sc.``, ``master's``, ``Green_Belt``).

They are accepted wherever a person types a value (flags, ``POMPLAN_*`` variables,
``--what-if``, batch cells, the wizard), never in a saved file, which holds the ids only.
Pure: no I/O.
"""

from __future__ import annotations

import re
from typing import Any

from pomplan.errors import UsageProblem

Aliases = tuple[tuple[str, str], ...]

DEGREE_ALIASES: Aliases = (
    # pomplan has no level above a master's: a doctorate counts as a master's. This is
    # pomplan's judgement: the sources rank a master's and an MBA as an advantage (S1.F7) and
    # say nothing of doctorates, so a doctorate gets the same credit, not more.
    ("PhD", "master"),
    ("doctorate", "master"),
    ("DPhil", "master"),
    ("MSc", "master"),
    ("MA", "master"),
    ("MS", "master"),
    ("MEng", "master"),
    ("master's", "master"),
    ("masters degree", "master"),
    # A bachelor's named by its letters is taken as a relevant one (business, operations,
    # engineering, computing: S1.F6); a person with another subject says bachelor-other.
    ("BSc", "bachelor"),
    ("BA", "bachelor"),
    ("BS", "bachelor"),
    ("BEng", "bachelor"),
    ("bachelor's", "bachelor"),
    ("bachelors degree", "bachelor"),
    ("other bachelor", "bachelor-other"),
    ("Executive MBA", "mba"),
    ("EMBA", "mba"),
    ("no degree", "none"),
    ("high school", "none"),
)

BACKGROUND_ALIASES: Aliases = (
    ("PM", "project-management"),
    ("PM", "product-management"),
    ("project manager", "project-management"),
    ("PMO", "project-management"),
    ("product manager", "product-management"),
    ("product owner", "product-management"),
    ("PgM", "program-management"),
    ("program manager", "program-management"),
    ("programme management", "program-management"),
    ("programme manager", "program-management"),
    ("TPM", "program-management"),
    ("BA", "business-analysis"),
    ("business analyst", "business-analysis"),
    ("analyst", "business-analysis"),
    ("analyst", "data-analysis"),
    ("data analyst", "data-analysis"),
    ("analytics", "data-analysis"),
    ("data science", "data-analysis"),
    ("support", "customer-success"),
    ("customer support", "customer-success"),
    ("customer service", "customer-success"),
    ("CS", "customer-success"),
    ("CSM", "customer-success"),
    ("ops", "operations"),
    ("business operations", "operations"),
    ("bizops", "operations"),
    ("engineer", "engineering"),
    ("software", "engineering"),
    ("developer", "engineering"),
    ("PMM", "product-marketing"),
    ("product marketing manager", "product-marketing"),
    ("partner management", "partnerships"),
    ("alliances", "partnerships"),
    ("partnerships and alliances", "partnerships"),
    ("business development", "partnerships"),
    ("business", "general-business"),
    ("general management", "general-business"),
    ("other", "unrelated"),
    ("no experience", "none"),
    ("student", "none"),
)

CERTIFICATION_ALIASES: Aliases = (
    ("PM", "project-management"),
    ("PM", "product-management"),
    ("PMP", "project-management"),
    ("CAPM", "project-management"),
    ("PRINCE2", "project-management"),
    ("Scrum", "agile"),
    ("CSM", "agile"),
    ("PSM", "agile"),
    ("SAFe", "agile"),
    ("Scrum Master", "agile"),
    ("Kanban", "agile"),
    ("PMI-ACP", "agile"),
    ("Green Belt", "six-sigma"),
    ("Black Belt", "six-sigma"),
    ("Yellow Belt", "six-sigma"),
    # A Lean Six Sigma belt is taken as six-sigma; a person can name lean as well.
    ("Lean Six Sigma", "six-sigma"),
    ("Lean Management", "lean"),
    ("CSPO", "product-management"),
    ("PSPO", "product-management"),
    ("product owner", "product-management"),
    ("product ops", "product-operations"),
    ("prodops", "product-operations"),
    ("analytics", "data-analytics"),
    ("data analysis", "data-analytics"),
    ("Google Data Analytics", "data-analytics"),
)


def key(text: str) -> str:
    """A name as pomplan compares it: lower case, no dots or apostrophes, words joined by ``-``."""
    plain = re.sub(r"[.'\u2019]", "", text.strip().lower())
    return "-".join(w for w in re.split(r"[\s_\-]+", plain) if w)


def readings(text: str, aliases: Aliases) -> tuple[str, ...]:
    """The values ``text`` stands for as an everyday name (none, one, or several if ambiguous)."""
    wanted = key(text)
    return tuple(dict.fromkeys(value for name, value in aliases if key(name) == wanted))


def names(aliases: Aliases) -> tuple[str, ...]:
    """Each everyday name once, as written in the table."""
    return tuple(dict.fromkeys(name for name, _ in aliases))


def plain_names(aliases: Aliases) -> dict[str, str]:
    """Each unambiguous name, as a person types it on a command line, with what it stands for."""
    found: dict[str, set[str]] = {}
    for name, value in aliases:
        found.setdefault(key(name), set()).add(value)
    return {name: next(iter(values)) for name, values in found.items() if len(values) == 1}


def either(values: tuple[str, ...]) -> str:
    """``a or b``, ``a, b or c``."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def listing(choices: tuple[str, ...]) -> str:
    return ", ".join(choices)


def choice(
    label: str, value: str | None, choices: tuple[str, ...], noun: str, aliases: Any = ()
) -> str | None:
    """``value`` if it is one of ``choices`` or an everyday name of one (case and spacing
    forgiven), else a usage error; an everyday name of two values is one too."""
    if value is None:
        return None
    normal = value.strip().lower().replace("_", "-").replace(" ", "-")
    if normal in choices:
        return normal
    meant = readings(value, aliases)
    if len(meant) == 1:
        return meant[0]
    if meant:
        raise UsageProblem(
            f"{label}: {value.strip()!r} could mean {either(meant)}; give one of them"
        )
    from pomplan.content import did_you_mean

    hint = did_you_mean(normal, choices)
    raise UsageProblem(f"{label}: no {noun} {value!r}; {hint}choose from: {listing(choices)}")
