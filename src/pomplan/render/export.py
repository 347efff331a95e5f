"""A plan as a file to share: plain text, Markdown, HTML, SVG, iCalendar (JSON is ``json_doc``).

Text, HTML and SVG are the terminal view, recorded at a fixed width by ``render.terminal``;
HTML and SVG embed pomplan's font (a subset of DejaVu Sans Mono, in ``data/fonts``), so the files
open the same anywhere and fetch nothing. The SVG template is pomplan's own, written to the
placeholders Rich's public ``export_svg(code_format=...)`` fills in. Rich escapes every piece of
text it writes into them. Markdown is written here, with every piece of text escaped so that it
reads as text and never as markup. Rich itself is imported only by ``render.terminal``.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from pomplan import __version__
from pomplan.datafile import shipped
from pomplan.model import Plan, plain
from pomplan.render.export_skills import md_skills, skills_views
from pomplan.render.views import PlanView, View

if TYPE_CHECKING:
    from pomplan.store import Note
from pomplan.text import escape as escape_text

WIDTH = 100  # columns of the recorded terminal view
FONT = "pomplan mono"
FONT_ASPECT = 0.602  # DejaVu Sans Mono: advance width / font size (1233 / 2048)


def _font_faces() -> str:
    """CSS that embeds both weights of the font."""
    faces = []
    for weight, name in ((400, "DejaVuSansMono.woff2"), (700, "DejaVuSansMono-Bold.woff2")):
        data = base64.b64encode(shipped(f"fonts/{name}").read_bytes()).decode("ascii")
        faces.append(
            f'@font-face {{ font-family: "{FONT}"; font-weight: {weight}; font-style: normal; '
            f'src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
        )
    return "\n".join(faces)


def _braces(text: str) -> str:
    """``text`` safe inside a template that Rich fills in with ``str.format``."""
    return text.replace("{", "{{").replace("}", "}}")


def _title(p: Plan) -> str:
    return f"pomplan: plan for profile {p.profile_name}"


# --- text, HTML, SVG: the terminal view ------------------------------------------------------


def text(view: View) -> str:
    """The terminal view as plain text (ASCII timeline), for a file."""
    from pomplan.render import terminal

    return terminal.as_text(view, WIDTH)


def page_start(title: str) -> str:
    """The start of a self-contained page pomplan writes (a plan, a cohort's index), up to its
    open ``<style>`` with the font embedded: no script, and a policy that lets the page fetch
    nothing. ``title`` is HTML already; the caller adds its CSS and ``PAGE_HEAD_END``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; font-src data:\">\n"
        f'<meta name="generator" content="pomplan {escape(__version__)}">\n'
        f"<title>{title}</title>\n<style>\n{_font_faces()}\n"
    )


PAGE_HEAD_END = "</style>\n</head>\n"

# What Rich fills in (with ``str.format``: CSS braces doubled): its stylesheet, colours, code.
_HTML_REST = f"""\
{{stylesheet}}
body {{{{ color: {{foreground}}; background-color: {{background}}; margin: 2em; }}}}
pre {{{{ font-family: "{FONT}", "DejaVu Sans Mono", Menlo, Consolas, monospace; \
font-size: 14px; line-height: 1.3; }}}}
{PAGE_HEAD_END}<body>
<pre><code>{{code}}</code></pre>
</body>
</html>
"""


def html(view: PlanView) -> str:
    """A self-contained web page of the plan, as the terminal shows it."""
    from pomplan.render import terminal

    page = _braces(page_start(escape(_title(view.plan)))) + _HTML_REST
    return terminal.as_html(view, WIDTH, page, also=skills_views(view))


# The placeholders in braces are those Rich's Console.export_svg fills in (its public
# ``code_format`` contract); ``@FONTS@`` and ``@VERSION@`` are filled in here, and double
# braces are CSS braces. The frame, colours and layout follow Rich's own default template, with
# the embedded font in place of its web fonts.
_SVG_TEMPLATE = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <!-- pomplan @VERSION@, drawn with Rich -->
    <style>
@FONTS@

    .{unique_id}-matrix {{
        font-family: "pomplan mono", monospace;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: "pomplan mono", monospace;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" \
clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""


def svg_template() -> str:
    """The SVG template, with the font and pomplan's version filled in."""
    return _SVG_TEMPLATE.replace("@VERSION@", __version__).replace(
        "@FONTS@", _braces(_font_faces())
    )


def svg(view: PlanView) -> str:
    """A self-contained picture of the plan, as the terminal shows it."""
    from pomplan.render import terminal

    return terminal.as_svg(
        view, WIDTH, _title(view.plan), svg_template(), FONT_ASPECT, also=skills_views(view)
    )


# --- Markdown --------------------------------------------------------------------------------

_MARKUP = re.compile(r"([\\`*_\[\]<>|#!~&])")
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def md(value: object) -> str:
    """Text that Markdown shows as written: markup characters escaped (entities too), lines
    joined, control and bidirectional characters written as escapes (``\\u202e``)."""
    return _MARKUP.sub(r"\\\1", escape_text(" ".join(str(value).split())))


def paragraph(value: object) -> str:
    """:func:`md` for text that starts a line: nothing at its start makes a list, a rule or a
    heading of it."""
    return _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", md(value))


def _row(*cells: object) -> str:
    return "| " + " | ".join(md(c) for c in cells) + " |"


def markdown(view: PlanView) -> str:
    """The plan as a Markdown document that reads well on GitHub."""
    from pomplan.render.terminal import parts, plan, timeline

    p = view.plan
    lines = [
        f"# Plan to Product Operations Manager: profile {md(p.profile_name)}",
        "",
        paragraph(plan.plan_summary(p)),
        "",
        f"**{md(plan.status(p).plain)}**",
        "",
        paragraph(plan.remaining(p).plain),
        "",
        f"As of {p.today.isoformat()}. {md(parts.profile_line(p.remaining.profile).plain)}.",
        *_md_estimate(p),
        *["", "## Timeline", "", "```text", *timeline.timeline_lines(p, 80), "```"],
        *_md_next(p),
        *_md_milestones(p, view.details, view.notes),
        *_md_loose_notes(p, view.notes),
        *md_skills(p),
        "",
        "---",
        "",
        f"Made with pomplan {__version__}. An estimate, not a promise: tick milestones off with "
        "`pomplan progress done ID`.",
    ]
    return "\n".join(lines) + "\n"


def _md_estimate(p: Plan) -> list[str]:
    """The estimate's rules as a table, and what was assumed."""
    from pomplan.render.terminal import parts

    report = p.report
    e = p.remaining
    lines = [
        "",
        "## Estimate",
        "",
        "| Rule | Low | High | Why | Sources |",
        "| --- | ---: | ---: | --- | --- |",
        _row(
            "Baseline",
            plain(e.baseline.low),
            plain(e.baseline.high),
            report.baseline_reason,
            ", ".join(report.baseline_sources),
        ),
    ]
    for a in e.adjustments:
        low, high = parts.signed(a.effect.low), parts.signed(a.effect.high)
        lines.append(_row(a.label, low, high, a.reason, ", ".join(a.sources)))
    total = "Time left" if parts.has_progress(e) else "Your range"
    lines.append(
        f"| **{total}** | **{plain(e.years.low)}** | **{plain(e.years.high)}** | years | |"
    )
    if report.assumptions:
        lines += ["", "Assumed, because the profile does not say:", ""]
        lines += [f"- {md(a.field)}: {md(a.value)} ({md(a.note)})" for a in report.assumptions]
    return lines


def _md_next(p: Plan) -> list[str]:
    """The next actions, numbered."""
    if not p.next:
        return []
    from pomplan.render.terminal import plan

    by_id = {m.id: m for m in p.milestones}
    lines = ["", "## Next actions", ""]
    for index, ident in enumerate(p.next, start=1):
        m = by_id[ident]
        due = plan.due_text(m, p.today).plain
        lines.append(f"{index}. **{md(m.title)}** (`{m.id}`, {due}): {md(m.actions[0])}")
    return lines


def _md_milestones(p: Plan, details: bool, notes: tuple[Note, ...] = ()) -> list[str]:
    """The checklist, phase by phase, and the ticks that are not part of the plan."""
    from pomplan.render.terminal import plan

    lines = ["", "## Milestones"]
    for ph in p.phases:
        members = [m for m in p.scheduled if m.phase == ph.id]
        finished = sum(1 for m in members if m.done)
        when = "all along" if ph.alongside else f"{ph.start.isoformat()} to {ph.end.isoformat()}"
        lines += [
            "",
            f"### {md(ph.name)}",
            "",
            f"{paragraph(ph.summary)} *{when}, {finished} of {len(members)} done.*",
            "",
        ]
        for m in members:
            state = plan.due_text(m, p.today).plain
            lines.append(f"- [{'x' if m.done else ' '}] {md(m.title)} (`{m.id}`, {state})")
            if details:
                lines += [f"  - {md(action)}" for action in m.actions]
            lines += [
                f"  - *Note {n.day.isoformat()}:* {md(n.text)}"
                for n in notes
                if n.milestone == m.id
            ]
    if p.covered:
        lines += [
            "",
            "## Already covered by your record",
            "",
            "*Credited in the estimate's lines already: not scheduled, and not counted again.*",
            "",
        ]
        for m in p.covered:
            lines.append(f"- {md(m.title)} (`{m.id}`): {md(m.covered_by)}")
            if details:
                lines += [f"  - {md(action)}" for action in m.actions]
    if p.not_in_plan:
        ids = ", ".join(f"`{i}`" for i in p.not_in_plan)
        lines += ["", f"Also ticked, but not part of this plan (kept, not counted): {ids}"]
    return lines


def _md_loose_notes(p: Plan, notes: tuple[Note, ...]) -> list[str]:
    """The closing "Notes" section: notes of no milestone, or of one not in this plan."""
    in_plan = {m.id for m in p.milestones}
    rest = [n for n in notes if n.milestone not in in_plan]
    if not rest:
        return []
    lines = ["", "## Notes", ""]
    for n in rest:
        about = f" (`{n.milestone}`)" if n.milestone else ""
        lines.append(f"- **{n.day.isoformat()}**{about}: {md(n.text)}")
    return lines


# --- iCalendar -------------------------------------------------------------------------------


def uid(profile: str, milestone: str) -> str:
    """The same for the same profile and milestone in every export, so that importing a new
    export updates the calendar's entries instead of adding copies."""
    return f"{milestone}.{profile}@pomplan"


def ics(view: PlanView) -> bytes:
    """One all-day entry per scheduled milestone on its due day, with what to do (RFC 5545);
    a milestone the person's record covers is not scheduled, so it has no entry."""
    from icalendar import Calendar, Event

    p = view.plan
    stamp = stamp_for(view.pinned, datetime.now(UTC))
    names = {ph.id: ph.name for ph in p.phases}
    calendar = Calendar()
    calendar.add("prodid", f"-//pomplan//pomplan {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"pomplan: {p.profile_name}")
    for m in p.scheduled:
        assert m.start is not None and m.due is not None  # every scheduled milestone is dated
        event = Event()
        event.add("uid", uid(p.profile_name, m.id))
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", m.due)
        event.add("dtend", m.due + timedelta(days=1))
        event.add("summary", escape_text(f"{m.title} (done)" if m.done else m.title))
        steps = "\n".join(f"- {escape_text(a)}" for a in m.actions)
        phase = escape_text(names.get(m.phase, m.phase))
        tick = (
            f"Done on {m.done_on.isoformat()}."
            if m.done_on
            else f"When it is done: pomplan progress done {m.id}"
        )
        moved = f" First due {m.was_due.isoformat()}." if m.was_due is not None else ""
        event.add(
            "description",
            f"{steps}\n\nPhase: {phase}. Work on it from {m.start.isoformat()}. {tick}{moved}",
        )
        event.add("categories", [phase])
        event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
        if view.remind is not None and not m.done:  # a milestone done needs no reminder
            event.add_component(alarm(m.title, m.due, view.remind))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def alarm(title: str, due: date, days: int) -> Any:
    """A reminder shown ``days`` days before the start of the day ``due`` (RFC 5545 VALARM)."""
    from icalendar import Alarm

    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("trigger", timedelta(days=-days))
    reminder.add("description", escape_text(f"Due {when} ({due.isoformat()}): {title}"))
    return reminder


def stamp_for(pinned: date | None, now: datetime) -> datetime:
    """When the export was made: ``now``, or midnight UTC of a day pinned with POMPLAN_TODAY
    (so that an export made for another day is the same every time)."""
    return datetime.combine(pinned, time(), UTC) if pinned is not None else now
