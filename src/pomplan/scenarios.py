"""What-if scenarios: the same person with one thing changed, what the change costs, ranked by
the time it saves once its cost is paid.

Pure: the CLI reads ``--what-if KEY=VALUE`` into :class:`Change` values and hands them in with
a function that finishes a report the way ``pomplan estimate`` does (progress included). A
relative value (``experience=+2``) is worked out here, against the person's current value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from pomplan.errors import UsageProblem
from pomplan.fields import FIELDS, MANY, by_name, plain, rounded
from pomplan.levels import LEVELS, merged
from pomplan.model import EstimateReport, Given
from pomplan.record import Record
from pomplan.report import build_report
from pomplan.rules import Rules
from pomplan.rules.costs import Cost, cost, shipped_costs

Finish = Callable[[EstimateReport], EstimateReport]  # a report, as the person sees it


class Change(Record):
    """What a scenario changes: ``given`` holds only the changed fields; ``text`` is how it
    reads (``degree=master``). Certifications are added to those held, not put in their place.
    ``steps`` are relative changes (field name, signed amount): ``experience=+2``."""

    text: str
    given: Given
    steps: tuple[tuple[str, Decimal], ...] = ()


class Scenario(Record):
    change: Change
    report: EstimateReport
    saved_months: tuple[int, int]  # low end, high end; negative means it takes longer
    cost: Cost | None = None  # what getting the change takes
    cost_months: tuple[int, int] = (0, 0)  # never negative
    net_months: tuple[int, int] = (0, 0)  # saved - cost, at each end

    @property
    def net(self) -> int:
        """The ranking key: the net saving at both ends together."""
        return self.net_months[0] + self.net_months[1]


def _stepped(base: Given, name: str, step: Decimal, rules: Rules) -> Decimal:
    """The current value of ``name`` (given, else the reference person's) moved by ``step``;
    a result outside the field's bounds is a usage error naming the bound."""
    f = by_name(name)
    now = getattr(base, name)
    if now is None:
        now = getattr(rules.reference, name)
    value = now + step
    low, high = f.bounds
    if value < low or value > high:
        sign = "+" if step >= 0 else "-"
        where = (
            f"below the least, {plain(low)}" if value < low else f"above the most, {plain(high)}"
        )
        raise UsageProblem(
            f"--what-if {f.key}={sign}{plain(abs(step))}: {plain(now)} {sign} {plain(abs(step))} "
            f"= {plain(value)} is {where}; give a change from {plain(low - now)} to "
            f"+{plain(high - now)}"
        )
    return rounded(value)


def changed(base: Given, change: Change, rules: Rules) -> Given:
    """``base`` with ``change`` applied."""
    values = base._asdict()
    for f in FIELDS:
        value = getattr(change.given, f.name)
        if value is None:
            continue
        if f.kind == MANY:  # added to those held
            held = getattr(base, f.name)
            if held is None:
                held = getattr(rules.reference, f.name)
            value = tuple(dict.fromkeys((*held, *value)))
        elif f.kind == LEVELS:  # the levels named change, the others stay
            value = merged(f.kind, [value, getattr(base, f.name) or ()])
        values[f.name] = value
    for name, step in change.steps:
        values[name] = _stepped(base, name, step, rules)
    return Given(**values)


def what_if(
    base: Given,
    current: EstimateReport,
    changes: Sequence[Change],
    rules: Rules,
    finish: Finish = lambda report: report,
) -> list[Scenario]:
    """Each change's report, the months it saves against ``current``, what it costs, and the
    net (saved - cost); the biggest net saving first (ties keep the order they were asked in)."""
    now_low, now_high = current.estimate.months
    costs = rules.costs if rules.costs is not None else shipped_costs()
    results = []
    for change in changes:
        report = finish(build_report(changed(base, change, rules), rules))
        low, high = report.estimate.months
        saved = (now_low - low, now_high - high)
        paid = cost(current.estimate.profile, report.estimate.profile, costs)
        net = (saved[0] - paid.months[0], saved[1] - paid.months[1])
        results.append(Scenario(change, report, saved, paid, paid.months, net))
    return sorted(results, key=lambda s: -s.net)
