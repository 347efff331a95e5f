"""What-if scenarios: the same person with one thing changed, ranked by the time it saves.

Pure: the CLI reads ``--what-if KEY=VALUE`` into :class:`Change` values and hands them in with
a function that finishes a report the way ``pomplan estimate`` does (progress included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pomplan.fields import FIELDS, MANY
from pomplan.levels import LEVELS, merged
from pomplan.model import EstimateReport, Given
from pomplan.record import Record
from pomplan.report import build_report
from pomplan.rules import Rules

Finish = Callable[[EstimateReport], EstimateReport]  # a report, as the person sees it


class Change(Record):
    """What a scenario changes: ``given`` holds only the changed fields; ``text`` is how it
    reads (``degree=master``). Certifications are added to those held, not put in their place."""

    text: str
    given: Given


class Scenario(Record):
    change: Change
    report: EstimateReport
    saved_months: tuple[int, int]  # low end, high end; negative means it takes longer


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
    return Given(**values)


def what_if(
    base: Given,
    current: EstimateReport,
    changes: Sequence[Change],
    rules: Rules,
    finish: Finish = lambda report: report,
) -> list[Scenario]:
    """Each change's report and the months it saves against ``current``, the biggest saving
    first (ties keep the order they were asked in)."""
    now_low, now_high = current.estimate.months
    results = []
    for change in changes:
        report = finish(build_report(changed(base, change, rules), rules))
        low, high = report.estimate.months
        results.append(Scenario(change, report, (now_low - low, now_high - high)))
    return sorted(results, key=lambda s: -(s.saved_months[0] + s.saved_months[1]))
