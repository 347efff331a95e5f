"""The rule kinds, in the order their lines appear in an estimate.

Each kind is one :class:`~pomplan.rules.base.Kind`: the table it reads from a rules file, the
profile fields its lines depend on, and three functions (parse the table, make the lines,
describe the rules). :data:`KINDS` is the registry: ``estimate`` walks it, the batch path
caches each kind's lines on the values of the fields it reads, and ``pomplan rules`` lists it.
To add a kind: write its three functions here, add it to :data:`KINDS`, give it a table in
``data/rules.toml`` and a section in ``docs/model.md``. Kinds that read the path stand next to
each other (the batch path tries every path for them as one block).
"""

from __future__ import annotations

from decimal import Decimal

from pomplan.datafile import Reader
from pomplan.fields import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    EXPERIENCE_RANGE,
    HOURS_RANGE,
    PATHS,
    plain,
)
from pomplan.model import ZERO, Adjustment, Range
from pomplan.record import Record
from pomplan.rules import skills
from pomplan.rules.base import (
    CENT,
    Kind,
    Rule,
    Rules,
    cites,
    effect,
    label,
    line,
    not_positive,
    options,
    reason,
    span,
)

# --- degree and background: one rule per value -----------------------------------------------


def _degree(r: Reader) -> dict[str, Rule]:
    return options(r, "degree", DEGREES)[0]


def degree_line(rules: Rules, degree: str) -> tuple[Adjustment, ...]:
    rule = rules.tables["degree"][degree]
    return (line(rule, "degree", f"{rule.label}: {degree}"),)


def _options_rows(group: str, what: str, table: dict[str, Rule]) -> list[tuple[str, str, Rule]]:
    return [(group, f"{what} is {k}", rule) for k, rule in table.items()]


class Backgrounds(Record):
    options: dict[str, Rule]
    experience_weight: dict[str, Decimal]  # how much a year in it counts, 0 to 1
    experience_most: dict[str, Decimal]  # the most weighted years it counts, where limited


def _background(r: Reader) -> Backgrounds:
    rules, readers = options(r, "background", BACKGROUNDS, ("experience_weight", "experience_most"))
    weights, most = {}, {}
    for name, o in readers.items():
        weight = o.number("experience_weight")
        if not 0 <= weight <= 1:
            raise o.fail("experience_weight", f"must be between 0 and 1, got {weight}")
        weights[name] = weight
        if o.has("experience_most"):
            most[name] = o.number("experience_most", EXPERIENCE_RANGE)
    return Backgrounds(rules, weights, most)


def background_line(rules: Rules, background: str) -> tuple[Adjustment, ...]:
    rule = rules.tables["background"].options[background]
    return (line(rule, "background", f"{rule.label}: {background}"),)


# --- experience: years served count against the baseline, down to the floor ------------------


PER_YEAR_MOST = Decimal(-2)  # a year of experience saves at most two


class Experience(Record):
    per_year: Rule  # effect = per weighted year served
    cap: Decimal | None  # years counted at most (none in the shipped rules)


def _experience(x: Reader) -> Experience:
    x.only("label", "per_year_low", "per_year_high", "cap_years", "reason", "sources")
    per_year = Rule(
        "experience",
        label(x),
        span(x, "per_year_low", "per_year_high"),
        reason(x),
        cites(x),
    )
    not_positive(x, per_year.effect, "per_year_", "experience can only shorten an estimate")
    for end, value in (("low", per_year.effect.low), ("high", per_year.effect.high)):
        if value < PER_YEAR_MOST:
            raise x.fail(
                f"per_year_{end}", f"a year saves at most {-PER_YEAR_MOST} years, not {-value}"
            )
    cap = x.number("cap_years") if x.has("cap_years") else None
    if cap is not None and cap < 0:
        raise x.fail("cap_years", f"must be 0 or more, got {cap}")
    if cap is not None and cap > EXPERIENCE_RANGE[1]:
        raise x.fail("cap_years", f"must be {EXPERIENCE_RANGE[1]} or less, got {cap}")
    return Experience(per_year, cap)


def served_years(rules: Rules, background: str, years: Decimal) -> Range:
    """The part of the baseline that ``years`` in ``background`` cover, at each end: the years
    (capped, if the rules cap them) weighted by the background, limited where the background
    limits them, times the rate per year, and never past the floor (what no record skips)."""
    table: Experience = rules.tables["experience"]
    backgrounds: Backgrounds = rules.tables["background"]
    counted = years if table.cap is None else min(years, table.cap)
    counted *= backgrounds.experience_weight[background]
    if background in backgrounds.experience_most:
        counted = min(counted, backgrounds.experience_most[background])
    base, floor, rate = rules.baseline.effect, rules.floor.effect, table.per_year.effect
    room = Range(max(base.low - floor.low, ZERO.low), max(base.high - floor.high, ZERO.high))
    return Range(
        min(-rate.low * counted, room.low).quantize(CENT),
        min(-rate.high * counted, room.high).quantize(CENT),
    )


def experience_line(rules: Rules, background: str, years: Decimal) -> tuple[Adjustment, ...]:
    table: Experience = rules.tables["experience"]
    covered = served_years(rules, background, years)
    shift = Range(ZERO.low - covered.low, ZERO.high - covered.high)
    why = f"{_served_reason(rules, background, years, covered)}. {table.per_year.reason}"
    rule = table.per_year
    return (Adjustment("experience", rule.label, shift, why, rule.sources),)


def _served_reason(rules: Rules, background: str, years: Decimal, covered: Range) -> str:
    """In a person's words: what their years in their background cover of the baseline."""
    base, floor = rules.baseline.effect, rules.floor.effect
    backgrounds: Backgrounds = rules.tables["background"]
    weight = backgrounds.experience_weight[background]
    where = _WHERE.get(background, f"in {background}")
    if years == 0:
        return f"No years {where} yet, so all of the baseline's {base} years are ahead of you"
    head = f"{_years(years)} {where}"
    if weight == 0 or covered == ZERO:
        return f"{head}: this time does not count towards the role, so the baseline stands"
    if weight != 1:
        head += f", each counted at {plain(weight * 100)}% as the work is further from the role"
    if background in backgrounds.experience_most:
        head += f", {_years(backgrounds.experience_most[background])} at most in all"
    if covered == Range(base.low - floor.low, base.high - floor.high):
        return (
            f"{head}: most of what the baseline's {base} years builds is already behind you; "
            f"what is left ({floor} years) is what no record skips"
        )
    part = plain(covered.low) if covered.low == covered.high else str(covered)
    verb = "is" if part == "1" else "are"
    return f"{head}: {part} of the baseline's {base} years {verb} already behind you"


_WHERE = {"none": "without a work background", "unrelated": "in an unrelated field"}


def _years(n: Decimal) -> str:
    return f"{plain(n)} year" + ("" if n == 1 else "s")


def _experience_rows(table: Experience) -> list[tuple[str, str, Rule]]:
    cap = "" if table.cap is None else f", up to {table.cap}"
    when = f"per year served in your background, weighted{cap}, down to the floor"
    return [("experience", when, table.per_year)]


# --- path fit: how well the path suits the background ------------------------------------------


class PathFit(Record):
    fits: frozenset[str]  # the backgrounds the path suits
    fit: Rule
    misfit: Rule


def _path_fit(pf: Reader) -> dict[str, PathFit]:
    pf.only("label", "sources", "paths")
    fit_label, sources = label(pf), cites(pf)
    paths = pf.sub("paths")
    paths.only(*PATHS)
    table = {}
    for path in PATHS:
        p = paths.sub(path)
        p.only("fits", "fit", "misfit")
        fits = frozenset(p.texts("fits", allowed=BACKGROUNDS, empty_ok=True))
        found = []
        for kind in ("fit", "misfit"):
            e = p.sub(kind)
            e.only("low", "high", "reason", "sources")
            found.append(effect(e, f"path-fit.{path}.{kind}", fit_label, sources))
        table[path] = PathFit(fits, *found)
    return table


def path_fit_line(rules: Rules, path: str, background: str) -> tuple[Adjustment, ...]:
    fits, fit, misfit = rules.tables["path_fit"][path]
    chosen = fit if background in fits else misfit
    return (line(chosen, "path-fit", f"{chosen.label}: {path}"),)


def _path_fit_rows(table: dict[str, PathFit]) -> list[tuple[str, str, Rule]]:
    rows = []
    for path, (fits, fit, misfit) in table.items():
        rows.append(("path-fit", f"path {path}, background in {sorted(fits)}", fit))
        if fits != set(BACKGROUNDS):
            rows.append(("path-fit", f"path {path}, any other background", misfit))
    return rows


# --- certifications: one rule each, and a cap on their sum ------------------------------------


class Certifications(Record):
    options: dict[str, Rule]
    cap: Rule  # the most they can save together


def _certifications(c: Reader) -> Certifications:
    c.only("label", "sources", "cap_low", "cap_high", "cap_reason", "options")
    certs, _ = options(c, "cert", CERTIFICATIONS)
    cap = Rule(
        "cert-cap",
        "Certification cap",
        span(c, "cap_low", "cap_high"),
        reason(c, "cap_reason"),
        cites(c),
    )
    not_positive(c, cap.effect, "cap_", "the cap is the most certifications can save")
    for name, rule in certs.items():
        not_positive(c, rule.effect, f"options.{name}.", "a certification can only shorten")
    return Certifications(certs, cap)


def cert_lines(rules: Rules, certifications: tuple[str, ...]) -> tuple[Adjustment, ...]:
    """One line per certification held (in the rules' order), and the cap if it bites."""
    table: Certifications = rules.tables["certifications"]
    lines = []
    total = ZERO
    for cert in CERTIFICATIONS:
        if cert in certifications:
            rule = table.options[cert]
            lines.append(line(rule, f"cert-{cert}", rule.label))
            total = total.plus(rule.effect)
    cap = table.cap.effect
    excess = Range(max(cap.low - total.low, Decimal(0)), max(cap.high - total.high, Decimal(0)))
    if excess != ZERO:
        lines.append(line(table.cap, "cert-cap", table.cap.label, excess))
    return tuple(lines)


def _cert_rows(table: Certifications) -> list[tuple[str, str, Rule]]:
    rows = [("cert", f"certification {k}", rule) for k, rule in table.options.items()]
    rows.append(("cert-cap", "when certifications add up past the cap", table.cap))
    return rows


# --- pace: hours a week, in tiers ---------------------------------------------------------------


class PaceTier(Record):
    from_hours: Decimal
    effect: Rule


def _pace(p: Reader) -> tuple[PaceTier, ...]:
    p.only("label", "sources", "tiers")
    pace_label, sources = label(p), cites(p)
    tiers: list[PaceTier] = []
    for t in p.items("tiers", "rule 'pace', tier"):
        t.only("from_hours", "low", "high", "reason", "sources")
        start = t.number("from_hours", (Decimal(0), HOURS_RANGE[1]))
        if tiers and start <= tiers[-1].from_hours:
            raise t.fail("from_hours", "tiers must be listed with from_hours in increasing order")
        tiers.append(PaceTier(start, effect(t, f"pace.{plain(start)}", pace_label, sources)))
    if not tiers:
        raise p.fail("tiers", "at least one tier is needed")
    if tiers[0].from_hours > HOURS_RANGE[0]:
        raise p.fail("tiers", f"the first tier must start at from_hours = {HOURS_RANGE[0]} or less")
    return tuple(tiers)


def pace_line(rules: Rules, hours: Decimal) -> tuple[Adjustment, ...]:
    tier = [t for t in rules.tables["pace"] if t.from_hours <= hours][-1]
    return (line(tier.effect, "pace", tier.effect.label, note=f"{plain(hours)} hours a week"),)


def _pace_rows(tiers: tuple[PaceTier, ...]) -> list[tuple[str, str, Rule]]:
    return [("pace", f"from {t.from_hours} hours a week", t.effect) for t in tiers]


# --- the registry ------------------------------------------------------------------------------

KINDS: tuple[Kind, ...] = (
    Kind(
        "degree", ("degree",), _degree, degree_line, lambda t: _options_rows("degree", "degree", t)
    ),
    Kind(
        "background",
        ("background",),
        _background,
        background_line,
        lambda t: _options_rows("background", "background", t.options),
    ),
    Kind(
        "experience",
        ("background", "experience_years"),
        _experience,
        experience_line,
        _experience_rows,
    ),
    Kind("path_fit", ("path", "background"), _path_fit, path_fit_line, _path_fit_rows),
    Kind("certifications", ("certifications",), _certifications, cert_lines, _cert_rows),
    Kind("pace", ("hours_per_week",), _pace, pace_line, _pace_rows),
    Kind("skills", ("skills",), skills.parse, skills.lines, skills.describe),
)
