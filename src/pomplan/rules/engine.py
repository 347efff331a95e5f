"""Turn a profile into an estimate by walking the rule kinds in order.

``estimate(profile, rules)`` is pure: same inputs, same :class:`Estimate`, no I/O. The
breakdown always reconciles: ``baseline + sum(adjustments) == years`` at both ends, exactly
(figures are :class:`~decimal.Decimal`).
"""

from __future__ import annotations

from decimal import Decimal

from pomplan.fields import PATHS
from pomplan.model import Adjustment, Estimate, PathChoice, Profile, Range
from pomplan.rules.base import Rules, line
from pomplan.rules.kinds import KINDS


def lines_for(profile: Profile, rules: Rules) -> list[Adjustment]:
    """Every kind's lines for ``profile``, in the registry's order."""
    lines: list[Adjustment] = []
    for kind in KINDS:
        lines += kind.lines(rules, *(getattr(profile, name) for name in kind.reads))
    return lines


def settle(rules: Rules, raw: Range) -> tuple[Range, Adjustment | None]:
    """The range the lines add up to (``raw``, baseline included), held at the floor: the
    final range, and the floor's line if it had to lift it."""
    floor = rules.floor.effect
    low = max(raw.low, floor.low)
    final = Range(low, max(raw.high, floor.high, low))
    if final == raw:
        return final, None
    return final, line(rules.floor, "floor", rules.floor.label, final.minus(raw))


def estimate(profile: Profile, rules: Rules) -> Estimate:
    """Apply every rule to ``profile``, one itemised line each."""
    lines = lines_for(profile, rules)
    raw = rules.baseline.effect
    for adjustment in lines:
        raw = raw.plus(adjustment.effect)
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
