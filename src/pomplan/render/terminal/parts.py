"""Pieces several terminal views share: signed numbers, headings, bullets, the profile line.

Every piece of data is passed to Rich as :class:`~rich.text.Text`, never as markup, so text from a
rules file can't restyle the terminal.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from pomplan.model import (
    Assumption,
    Estimate,
    Profile,
    plain,
    to_months,
)


def signed(value: Decimal) -> str:
    if value == 0:
        return "0"
    sign = "+" if value > 0 else "-"
    return f"{sign}{plain(abs(value))}"


def years_and_months(years: Decimal) -> str:
    y, m = divmod(to_months(years), 12)
    parts = []
    if y:
        parts.append(f"{y} year" + ("s" if y != 1 else ""))
    if m or not y:
        parts.append(f"{m} month" + ("s" if m != 1 else ""))
    return " ".join(parts)


def headline(estimate: Estimate) -> Text:
    low, high = estimate.years.low, estimate.years.high
    months_low, months_high = estimate.months
    text = Text()
    if low == low.to_integral_value() and high == high.to_integral_value():
        span = f"{plain(low)} to {plain(high)} years"
    else:
        span = f"{years_and_months(low)} to {years_and_months(high)}"
    text.append(span, style="bold green")
    text.append(f"  ({estimate.years} years, {months_low}-{months_high} months)")
    return text


def heading(title: str) -> Text:
    return Text(title, style="bold")


def cited(sources: tuple[str, ...]) -> Text:
    return Text(f"[{', '.join(sources)}]", style="dim") if sources else Text()


def bullets(items: list[str] | tuple[str, ...], numbered: bool = False) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for index, item in enumerate(items, start=1):
        table.add_row(f"{index}." if numbered else "-", Text(item))
    return table


def profile_line(profile: Profile, with_path: bool = True) -> Text:
    certs = ", ".join(profile.certifications) or "none"
    parts = [
        f"degree {profile.degree}",
        f"background {profile.background}",
        f"{plain(profile.experience_years)} years in it",
        f"certifications {certs}",
        f"{plain(profile.hours_per_week)} h/week",
    ]
    if profile.skills:
        parts.append(f"{len(profile.skills)} skills rated")
    if with_path:
        parts.insert(3, f"path {profile.path}")
    return Text("; ".join(parts), style="dim")


def has_progress(e: Estimate) -> bool:
    return any(a.id == "progress" for a in e.adjustments)


def assumptions(items: tuple[Assumption, ...] | list[Assumption]) -> list[RenderableType]:
    if not items:
        return []
    lines = [f"{a.field}: {a.value} ({a.note})" for a in items]
    return [Text(), heading("Assumed, because you did not say"), bullets(lines)]
