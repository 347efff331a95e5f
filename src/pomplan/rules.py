"""The rules engine: load and validate a rules file, and turn a profile into an estimate.

``estimate(profile, rules)`` is pure: same inputs, same :class:`Estimate`, no I/O. The
breakdown always reconciles: ``baseline + sum(adjustments) == years`` at both ends, exactly
(figures are :class:`~decimal.Decimal`).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from pomplan import datafile
from pomplan.datafile import Reader
from pomplan.model import (
    BACKGROUNDS,
    CERTIFICATIONS,
    DEGREES,
    EXPERIENCE_RANGE,
    HOURS_RANGE,
    PATHS,
    ZERO,
    Adjustment,
    Estimate,
    PathChoice,
    Profile,
    Range,
    plain,
)

RULES_FILE = "rules.toml"
CENT = Decimal("0.01")


# A rule's effect has the same shape as the estimate line it produces.
Effect = Adjustment


class PaceTier(NamedTuple):
    from_hours: Decimal
    effect: Effect


class Rules(NamedTuple):
    """A validated rules file."""

    source: str
    shipped: bool
    baseline: Effect
    reference: Profile
    degree: dict[str, Effect]
    background: dict[str, Effect]
    experience_weight: dict[str, Decimal]
    experience: Effect  # effect = per credited year
    experience_cap: Decimal
    path_fit: dict[str, tuple[frozenset[str], Effect, Effect]]  # path -> (fits, fit, misfit)
    certifications: dict[str, Effect]
    cert_cap: Effect
    pace: tuple[PaceTier, ...]
    floor: Effect

    def all_effects(self) -> list[tuple[str, str, Effect]]:
        """Every rule, flattened, with the condition under which it applies."""
        rows: list[tuple[str, str, Effect]] = [("baseline", "always", self.baseline)]
        rows += [("degree", f"degree is {k}", e) for k, e in self.degree.items()]
        rows += [("background", f"background is {k}", e) for k, e in self.background.items()]
        rows.append(
            (
                "experience",
                f"per year in your background, up to {self.experience_cap}",
                self.experience,
            )
        )
        for path, (fits, fit, misfit) in self.path_fit.items():
            rows.append(("path-fit", f"path {path}, background in {sorted(fits)}", fit))
            if fits != set(BACKGROUNDS):
                rows.append(("path-fit", f"path {path}, any other background", misfit))
        rows += [("cert", f"certification {k}", e) for k, e in self.certifications.items()]
        rows.append(("cert-cap", "when certifications add up past the cap", self.cert_cap))
        rows += [("pace", f"from {t.from_hours} hours a week", t.effect) for t in self.pace]
        rows.append(("floor", "when the range would fall below it", self.floor))
        return rows


def _effect(r: Reader, rule_id: str, label: str, sources: tuple[str, ...]) -> Effect:
    """An effect table: ``low``, ``high``, ``reason``, and ``sources`` if it cites its own."""
    low, high = r.number("low"), r.number("high")
    own = r.texts("sources") if r.has("sources") else sources
    return Effect(rule_id, label, Range(low, high), r.text("reason"), own)


def _options(
    r: Reader, group: str, names: tuple[str, ...], extra: tuple[str, ...] = ()
) -> tuple[dict[str, Effect], dict[str, Reader]]:
    label, sources = r.text("label"), r.texts("sources")
    options = r.sub("options")
    options.only(*names)
    effects: dict[str, Effect] = {}
    readers: dict[str, Reader] = {}
    for name in names:
        o = options.sub(name)
        o.only("low", "high", "reason", "label", "sources", *extra)
        o_label = o.text("label") if o.has("label") else label
        effects[name] = _effect(o, f"{group}.{name}", o_label, sources)
        readers[name] = o
    return effects, readers


def parse_rules(doc: dict[str, object], label: str, shipped: bool = False) -> Rules:
    """Validate a parsed rules document; errors name the file, the rule and the key."""
    top = Reader(dict(doc), label)
    top.only(
        "schema_version", "baseline", "reference", "degree", "background", "experience",
        "path_fit", "certifications", "pace", "floor",
    )  # fmt: skip

    b = top.sub("baseline", "rule 'baseline'")
    b.only("low", "high", "reason", "sources")
    baseline = _effect(b, "baseline", "Baseline", b.texts("sources"))
    if baseline.effect.low <= 0 or baseline.effect.high < baseline.effect.low:
        raise b.fail("low", "the baseline needs 0 < low <= high")

    ref = top.sub("reference", "rule 'reference'")
    ref.only("degree", "background", "experience_years", "path", "certifications", "hours_per_week")
    reference = Profile(
        degree=_choice(ref, "degree", DEGREES),
        background=_choice(ref, "background", BACKGROUNDS),
        experience_years=_bounded(ref, "experience_years", EXPERIENCE_RANGE),
        path=_choice(ref, "path", PATHS),
        certifications=ref.texts("certifications", allowed=CERTIFICATIONS, empty_ok=True),
        hours_per_week=_bounded(ref, "hours_per_week", HOURS_RANGE),
    )

    degree, _ = _options(top.sub("degree", "rule 'degree'"), "degree", DEGREES)
    bg_reader = top.sub("background", "rule 'background'")
    background, bg_options = _options(bg_reader, "background", BACKGROUNDS, ("experience_weight",))
    weights = {}
    for name, o in bg_options.items():
        weight = o.number("experience_weight")
        if not 0 <= weight <= 1:
            raise o.fail("experience_weight", f"must be between 0 and 1, got {weight}")
        weights[name] = weight

    x = top.sub("experience", "rule 'experience'")
    x.only("label", "per_year_low", "per_year_high", "cap_years", "reason", "sources")
    experience = Effect(
        "experience",
        x.text("label"),
        Range(x.number("per_year_low"), x.number("per_year_high")),
        x.text("reason"),
        x.texts("sources"),
    )
    _not_positive(x, experience.effect, "per_year_", "experience can only shorten an estimate")
    cap = x.number("cap_years")
    if cap < 0:
        raise x.fail("cap_years", f"must be 0 or more, got {cap}")

    pf = top.sub("path_fit", "rule 'path_fit'")
    pf.only("label", "sources", "paths")
    pf_label, pf_sources = pf.text("label"), pf.texts("sources")
    pf_paths = pf.sub("paths")
    pf_paths.only(*PATHS)
    path_fit = {}
    for path in PATHS:
        p = pf_paths.sub(path)
        p.only("fits", "fit", "misfit")
        fits = frozenset(p.texts("fits", allowed=BACKGROUNDS, empty_ok=True))
        effects = []
        for kind in ("fit", "misfit"):
            e = p.sub(kind)
            e.only("low", "high", "reason", "sources")
            effects.append(_effect(e, f"path-fit.{path}.{kind}", pf_label, pf_sources))
        fit, misfit = effects
        path_fit[path] = (fits, fit, misfit)

    c = top.sub("certifications", "rule 'certifications'")
    c.only("label", "sources", "cap_low", "cap_high", "cap_reason", "options")
    certs, _ = _options(c, "cert", CERTIFICATIONS)
    cert_cap = Effect(
        "cert-cap",
        "Certification cap",
        Range(c.number("cap_low"), c.number("cap_high")),
        c.text("cap_reason"),
        c.texts("sources"),
    )
    _not_positive(c, cert_cap.effect, "cap_", "the cap is the most certifications can save")
    for name, effect in certs.items():
        _not_positive(c, effect.effect, f"options.{name}.", "a certification can only shorten")

    p = top.sub("pace", "rule 'pace'")
    p.only("label", "sources", "tiers")
    p_label, p_sources = p.text("label"), p.texts("sources")
    tiers: list[PaceTier] = []
    for t in p.items("tiers", "rule 'pace', tier"):
        t.only("from_hours", "low", "high", "reason", "sources")
        start = t.number("from_hours")
        if tiers and start <= tiers[-1].from_hours:
            raise t.fail("from_hours", "tiers must be listed with from_hours in increasing order")
        tiers.append(PaceTier(start, _effect(t, f"pace.{plain(start)}", p_label, p_sources)))
    if not tiers:
        raise p.fail("tiers", "at least one tier is needed")
    if tiers[0].from_hours > HOURS_RANGE[0]:
        raise p.fail("tiers", f"the first tier must start at from_hours = {HOURS_RANGE[0]} or less")

    f = top.sub("floor", "rule 'floor'")
    f.only("low", "high", "reason", "sources")
    floor = _effect(f, "floor", "Floor", f.texts("sources"))
    if floor.effect.low < 0 or floor.effect.high < floor.effect.low:
        raise f.fail("low", "the floor needs 0 <= low <= high")

    return Rules(
        source=label,
        shipped=shipped,
        baseline=baseline,
        reference=reference,
        degree=degree,
        background=background,
        experience_weight=weights,
        experience=experience,
        experience_cap=cap,
        path_fit=path_fit,
        certifications=certs,
        cert_cap=cert_cap,
        pace=tuple(tiers),
        floor=floor,
    )


def _not_positive(r: Reader, effect: Range, prefix: str, why: str) -> None:
    for end, value in (("low", effect.low), ("high", effect.high)):
        if value > 0:
            raise r.fail(f"{prefix}{end}", f"{why}: use a number <= 0, not {value}")


def _choice(r: Reader, key: str, allowed: tuple[str, ...]) -> str:
    value = r.text(key)
    if value not in allowed:
        raise r.fail(key, f"unknown value {value!r} (expected one of: {', '.join(allowed)})")
    return value


def _bounded(r: Reader, key: str, bounds: tuple[Decimal, Decimal]) -> Decimal:
    value = r.number(key)
    if not bounds[0] <= value <= bounds[1]:
        raise r.fail(key, f"must be between {bounds[0]} and {bounds[1]}, got {value}")
    return value


def load_rules(path: Path | None = None) -> Rules:
    """The shipped rules, or the rules file at ``path``."""
    doc, label = datafile.load_file(path) if path else datafile.load_shipped(RULES_FILE)
    return parse_rules(doc, label, shipped=path is None)


def rules_text(path: Path | None = None) -> str:
    """The text of the rules file, to copy and edit."""
    if path is None:
        return datafile.shipped(RULES_FILE).read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _line(
    effect: Effect, adj_id: str, label: str, shift: Range | None = None, note: str = ""
) -> Adjustment:
    reason = f"{effect.reason} ({note})" if note else effect.reason
    return Adjustment(
        adj_id, label, effect.effect if shift is None else shift, reason, effect.sources
    )


def degree_line(rules: Rules, degree: str) -> Adjustment:
    effect = rules.degree[degree]
    return _line(effect, "degree", f"{effect.label}: {degree}")


def background_line(rules: Rules, background: str) -> Adjustment:
    effect = rules.background[background]
    return _line(effect, "background", f"{effect.label}: {background}")


def experience_line(rules: Rules, background: str, years: Decimal) -> Adjustment:
    weight = rules.experience_weight[background]
    credited = min(years, rules.experience_cap)
    per_year = rules.experience.effect
    shift = Range(
        (per_year.low * credited * weight).quantize(CENT),
        (per_year.high * credited * weight).quantize(CENT),
    )
    note = f"{plain(credited)} of {plain(years)} years credited"
    if weight != 1:
        note += f", each counted at {plain(weight * 100)}%"
    return _line(rules.experience, "experience", rules.experience.label, shift, note)


def path_fit_line(rules: Rules, path: str, background: str) -> Adjustment:
    fits, fit, misfit = rules.path_fit[path]
    chosen = fit if background in fits else misfit
    return _line(chosen, "path-fit", f"{chosen.label}: {path}")


def cert_lines(rules: Rules, certifications: tuple[str, ...]) -> tuple[Adjustment, ...]:
    """One line per certification held (in the rules' order), and the cap if it bites."""
    lines = []
    total = ZERO
    for cert in CERTIFICATIONS:
        if cert in certifications:
            effect = rules.certifications[cert]
            lines.append(_line(effect, f"cert-{cert}", effect.label))
            total = total.plus(effect.effect)
    cap = rules.cert_cap.effect
    excess = Range(max(cap.low - total.low, Decimal(0)), max(cap.high - total.high, Decimal(0)))
    if excess != ZERO:
        lines.append(_line(rules.cert_cap, "cert-cap", rules.cert_cap.label, excess))
    return tuple(lines)


def pace_line(rules: Rules, hours: Decimal) -> Adjustment:
    tier = [t for t in rules.pace if t.from_hours <= hours][-1]
    return _line(tier.effect, "pace", tier.effect.label, note=f"{plain(hours)} hours a week")


def settle(rules: Rules, raw: Range) -> tuple[Range, Adjustment | None]:
    """The range the lines add up to (``raw``, baseline included), held at the floor: the
    final range, and the floor's line if it had to lift it."""
    floor = rules.floor.effect
    low = max(raw.low, floor.low)
    final = Range(low, max(raw.high, floor.high, low))
    if final == raw:
        return final, None
    return final, _line(rules.floor, "floor", rules.floor.label, final.minus(raw))


def estimate(profile: Profile, rules: Rules) -> Estimate:
    """Apply every rule to ``profile``, one itemised line each."""
    lines = [
        degree_line(rules, profile.degree),
        background_line(rules, profile.background),
        experience_line(rules, profile.background, profile.experience_years),
        path_fit_line(rules, profile.path, profile.background),
        *cert_lines(rules, profile.certifications),
        pace_line(rules, profile.hours_per_week),
    ]
    raw = rules.baseline.effect
    for line in lines:
        raw = raw.plus(line.effect)
    final, floor = settle(rules, raw)
    if floor is not None:
        lines.append(floor)
    return Estimate(profile, rules.baseline.effect, tuple(lines), final)


def ranking(years: Range) -> tuple[Decimal, Decimal]:
    """How paths are ranked: the shorter long end first, then the shorter short end."""
    return years.high, years.low


def auto_reason(best_path: str, best: Range, standard: Range) -> str:
    """Why the automatic choice fell on ``best_path``."""
    if best_path == "standard":
        return "no other path is shorter than the standard one for your profile"
    return (
        f"it is the shortest for your profile: {best} years, "
        f"against {standard} on the standard path"
    )


def choose_path(profile: Profile, rules: Rules) -> tuple[Estimate, PathChoice]:
    """Estimate every path for this person and keep the shortest (ties go to the earlier path)."""
    ranked = compare_paths(profile, rules)
    best = ranked[0]
    standard = next(e for e in ranked if e.profile.path == "standard")
    return best, PathChoice(True, auto_reason(best.profile.path, best.years, standard.years))


def compare_paths(profile: Profile, rules: Rules) -> list[Estimate]:
    """Every path's estimate for this person, fastest first (ties keep the paths' order)."""
    results = [estimate(profile._replace(path=path), rules) for path in PATHS]
    return sorted(results, key=lambda e: ranking(e.years))
