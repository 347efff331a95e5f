"""A plan as a file to share: Markdown, HTML, SVG, iCalendar (JSON is ``json_doc.plan``).

HTML and SVG are the terminal view, recorded by Rich at a fixed width, with pomplan's font
(a subset of DejaVu Sans Mono, in ``data/fonts``) embedded: the files open the same anywhere
and fetch nothing. Rich escapes every piece of text it writes into them. Markdown is written
here, with every piece of text escaped so that it reads as text and never as markup.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime, time, timedelta
from html import escape

from rich.console import Console

from pomplan import __version__
from pomplan.datafile import shipped
from pomplan.model import Plan, plain
from pomplan.render import human

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


def _recorded(p: Plan, details: bool, terminal: bool = True) -> Console:
    """A console that has recorded the plan's terminal view at :data:`WIDTH` columns."""
    with human.recording(WIDTH, terminal) as out:
        human.plan(p, details)
    return out


def text(p: Plan, details: bool) -> str:
    """The terminal view as plain text (ASCII timeline), for a file."""
    out = _recorded(p, details, terminal=False)
    return "".join(line.rstrip() + "\n" for line in out.export_text().splitlines())


_HTML_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; font-src data:">
<meta name="generator" content="pomplan {version}">
<title>{title}</title>
<style>
{fonts}
{{stylesheet}}
body {{{{ color: {{foreground}}; background-color: {{background}}; margin: 2em; }}}}
pre {{{{ font-family: "{font}", "DejaVu Sans Mono", Menlo, Consolas, monospace; \
font-size: 14px; line-height: 1.3; }}}}
</style>
</head>
<body>
<pre><code>{{code}}</code></pre>
</body>
</html>
"""


def html(p: Plan, details: bool) -> str:
    """A self-contained web page of the plan, as the terminal shows it."""
    page = _HTML_PAGE.format(
        version=__version__,
        title=_braces(escape(_title(p))),
        fonts=_braces(_font_faces()),
        font=FONT,
    )
    return _recorded(p, details).export_html(code_format=page)


def _svg_template() -> str:
    """Rich's SVG template with its web fonts swapped for the embedded one."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    template = CONSOLE_SVG_FORMAT.replace(
        "<!-- Generated with Rich https://www.textualize.io -->",
        f"<!-- pomplan {__version__}, drawn with Rich -->",
    )
    template = re.sub(r"@font-face \{\{.*?\}\}\s*", "", template, flags=re.DOTALL).replace(
        "<style>", "<style>\n" + _braces(_font_faces()), 1
    )
    template = re.sub(
        r"font-family: Fira Code, monospace;", f'font-family: "{FONT}", monospace;', template
    )
    template = template.replace("font-family: arial;", f'font-family: "{FONT}", monospace;')
    return template


def svg(p: Plan, details: bool) -> str:
    """A self-contained picture of the plan, as the terminal shows it."""
    return _recorded(p, details).export_svg(
        title=_title(p), code_format=_svg_template(), font_aspect_ratio=FONT_ASPECT
    )


# --- Markdown --------------------------------------------------------------------------------

_MARKUP = re.compile(r"([\\`*_\[\]<>|#!~&])")
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def md(value: object) -> str:
    """Text that Markdown shows as written: markup characters escaped (entities too), lines
    joined."""
    return _MARKUP.sub(r"\\\1", " ".join(str(value).split()))


def paragraph(value: object) -> str:
    """:func:`md` for text that starts a line: nothing at its start makes a list, a rule or a
    heading of it."""
    return _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", md(value))


def _row(*cells: object) -> str:
    return "| " + " | ".join(md(c) for c in cells) + " |"


def markdown(p: Plan, details: bool) -> str:
    """The plan as a Markdown document that reads well on GitHub."""
    report = p.report
    e = p.remaining
    lines = [
        f"# Plan to Product Operations Manager: profile {md(p.profile_name)}",
        "",
        paragraph(human.plan_summary(p)),
        "",
        f"**{md(human.status(p).plain)}**",
        "",
        paragraph(human.remaining(p).plain),
        "",
        f"As of {p.today.isoformat()}. {md(human.profile_line(e.profile).plain)}.",
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
        low, high = human.signed(a.effect.low), human.signed(a.effect.high)
        lines.append(_row(a.label, low, high, a.reason, ", ".join(a.sources)))
    total = "Time left" if human.has_progress(e) else "Your range"
    lines.append(
        f"| **{total}** | **{plain(e.years.low)}** | **{plain(e.years.high)}** | years | |"
    )
    if report.assumptions:
        lines += ["", "Assumed, because the profile does not say:", ""]
        lines += [f"- {md(a.field)}: {md(a.value)} ({md(a.note)})" for a in report.assumptions]
    lines += ["", "## Timeline", "", "```text", *human.timeline_lines(p, 80), "```"]
    by_id = {m.id: m for m in p.milestones}
    if p.next:
        lines += ["", "## Next actions", ""]
        for index, ident in enumerate(p.next, start=1):
            m = by_id[ident]
            lines.append(
                f"{index}. **{md(m.title)}** (`{m.id}`, due {m.due.isoformat()}): "
                f"{md(m.actions[0])}"
            )
    lines += ["", "## Milestones"]
    for ph in p.phases:
        members = [m for m in p.milestones if m.phase == ph.id]
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
            state = human.due_text(m, p.today).plain
            lines.append(f"- [{'x' if m.done else ' '}] {md(m.title)} (`{m.id}`, {state})")
            if details:
                lines += [f"  - {md(action)}" for action in m.actions]
    if p.not_in_plan:
        ids = ", ".join(f"`{i}`" for i in p.not_in_plan)
        lines += ["", f"Also ticked, but not part of this plan (kept, not counted): {ids}"]
    lines += [
        "",
        "---",
        "",
        f"Made with pomplan {__version__}. An estimate, not a promise: tick milestones off with "
        "`pomplan progress done ID`.",
    ]
    return "\n".join(lines) + "\n"


# --- iCalendar -------------------------------------------------------------------------------


def uid(profile: str, milestone: str) -> str:
    """The same for the same profile and milestone in every export, so that importing a new
    export updates the calendar's entries instead of adding copies."""
    return f"{milestone}.{profile}@pomplan"


def ics(p: Plan, stamp: datetime) -> bytes:
    """One all-day entry per milestone on its due day, with what to do (RFC 5545)."""
    from icalendar import Calendar, Event

    names = {ph.id: ph.name for ph in p.phases}
    calendar = Calendar()
    calendar.add("prodid", f"-//pomplan//pomplan {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"pomplan: {p.profile_name}")
    for m in p.milestones:
        event = Event()
        event.add("uid", uid(p.profile_name, m.id))
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", m.due)
        event.add("dtend", m.due + timedelta(days=1))
        event.add("summary", f"{m.title} (done)" if m.done else m.title)
        steps = "\n".join(f"- {a}" for a in m.actions)
        tick = (
            f"Done on {m.done_on.isoformat()}."
            if m.done_on
            else f"When it is done: pomplan progress done {m.id}"
        )
        event.add(
            "description",
            f"{steps}\n\nPhase: {names.get(m.phase, m.phase)}. Work on it from "
            f"{m.start.isoformat()}. {tick}",
        )
        event.add("categories", [names.get(m.phase, m.phase)])
        event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def stamp_for(pinned: date | None, now: datetime) -> datetime:
    """When the export was made: ``now``, or midnight UTC of a day pinned with POMPLAN_TODAY
    (so that an export made for another day is the same every time)."""
    return datetime.combine(pinned, time(), UTC) if pinned is not None else now
