"""A what-if scenario in words: what it saves, what it costs, and whether it pays off in time.

Pure text, for the terminal and any other format that writes sentences.
"""

from __future__ import annotations

from decimal import Decimal

from pomplan.fields import plain
from pomplan.rules.costs import Item
from pomplan.scenarios import Scenario

# Degrees as a sentence names them.
DEGREE_WORDS = {
    "none": "no degree",
    "bachelor-other": "a bachelor's",
    "bachelor": "a relevant bachelor's",
    "master": "a master's",
    "mba": "an MBA",
}
YEARS_FROM = 24  # months: a span from two years up reads in years


def span(a: int, b: int) -> str:
    """A span of months as a person says it: '1 month', '3-6 months', '4.6-9.2 years'."""
    a, b = sorted((a, b))
    if a >= YEARS_FROM:
        low, high = (plain(round(Decimal(m) / 12, 1)) for m in (a, b))
        return f"{low} years" if low == high else f"{low}-{high} years"
    return f"{a} month{'s' if a != 1 else ''}" if a == b else f"{a}-{b} months"


def saving(low: int, high: int) -> str:
    """Months saved at each end of the range, in words: 'saves 6-12 months'."""
    if low == high == 0:
        return "no change"
    if low >= 0 and high >= 0:
        return f"saves {span(low, high)}"
    if low <= 0 and high <= 0:
        return f"adds {span(-low, -high)}"
    return f"{low:+d} months at the low end, {high:+d} at the high end"


def _item(i: Item, pace: Decimal) -> str:
    at = f"at {plain(pace)} hours a week"
    if i.what == "degree":
        return f"{DEGREE_WORDS.get(i.value, i.value)}, studied {at}"
    if i.what == "cert":
        return f"the {i.value} certificate, studied {at}"
    if i.what == "experience":
        years = f"{i.value} more year{'' if i.value == '1' else 's'}"
        # Years of experience are time itself: they can't be bought sooner, and while the
        # person stays in their role they count anyway, as they pass (served.py).
        return f"{years} in your role, which only time gives; they count anyway as they pass"
    return f"a move into {i.value}"


def _outcome(net_low: int, net_high: int) -> str:
    if net_low > 0 and net_high > 0:
        return f"pays off: about {span(net_low, net_high)} sooner overall"
    if net_low == net_high == 0:
        return "it breaks even: no sooner overall"
    if net_low <= 0 and net_high <= 0:
        return f"it does not pay off in time ({span(-net_low, -net_high)} later overall)"
    later, sooner = sorted((net_low, net_high))
    return f"it may pay off: from {span(-later, -later)} later to {span(sooner, sooner)} sooner"


def verdict(s: Scenario) -> str:
    """What the change costs, what it saves, and whether it pays off in time."""
    saved = saving(*s.saved_months)
    more = s.cost.more_hours if s.cost is not None else Decimal(0)
    effort = f"; costs effort: {plain(more)} more hours a week" if more > 0 else ""
    if s.cost is None or not s.cost.items:
        return saved + effort
    what = "; ".join(_item(i, s.cost.pace) for i in s.cost.items)
    extra = f" and {plain(more)} more hours a week" if more > 0 else ""
    to = {"no change": "to change nothing"}.get(saved, f"for {saved} against now")
    if saved.startswith(("saves ", "adds ")):
        to = "to " + saved.replace("s ", " ", 1)  # saves -> save, adds -> add
    return f"costs about {span(*s.cost_months)} ({what}){extra} {to}: {_outcome(*s.net_months)}"
