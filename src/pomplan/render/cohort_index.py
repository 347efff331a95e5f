"""The cohort as words: each row's cells (shared by the terminal table and the exported
index), and the index of ``cohort export`` as a web page or a Markdown document.

The web page is self-contained the way the plan's HTML export is: the font is embedded, a
Content-Security-Policy forbids fetching anything, and every piece of text is escaped.
"""

from __future__ import annotations

from datetime import date
from html import escape

from pomplan import __version__
from pomplan.cohort import Member
from pomplan.render.views import percent_shown

STATUS_WORDS = {
    "ahead": "ahead",
    "on-track": "on track",
    "behind": "behind",
    "not-started": "not started",
    "complete": "complete",
}
HEADINGS = ("Name", "Done", "Status", "Time left", "Overdue", "Next", "Last tick")
SHORT_HEADINGS = ("Name", "Done", "Status", "Years left", "Overdue", "Next", "Last tick")


def cells(m: Member, short: bool = False) -> tuple[str, ...]:
    """The row's cells, in the order of :data:`HEADINGS`; a problem in place of the next
    milestone. ``short`` cells fit a table of 80 columns: the overdue count, the next id."""
    if m.plan is None:
        return (m.name, "", "can't be read", "", "", m.problem or "", "")
    p = m.plan
    by_id = {x.id: x for x in p.milestones}
    following = by_id[p.next[0]] if p.next else None
    if following is None:
        upcoming = "nothing left"
    else:
        due = following.due.isoformat() if following.due else "not dated"
        upcoming = following.id if short else f"{following.id} (due {due})"
    return (
        m.name,
        percent_shown(p),
        STATUS_WORDS.get(p.pace.state, p.pace.state),
        str(p.remaining.years) if short else f"{p.remaining.years} years",
        str(len(m.overdue)) if short else overdue_text(m),
        upcoming,
        m.last_activity.isoformat() if m.last_activity else "none yet",
    )


def overdue_text(m: Member) -> str:
    """How many milestones are overdue, and which."""
    if not m.overdue:
        return "none"
    return f"{len(m.overdue)}: {', '.join(m.overdue)}"


def title(today: date) -> str:
    return f"pomplan: the cohort as of {today.isoformat()}"


# --- Markdown ---------------------------------------------------------------------------------


def markdown(members: list[Member], today: date, form: str) -> str:
    from pomplan.cohort_files import plan_file
    from pomplan.render.export import md, paragraph
    from pomplan.render.terminal.timeline import timeline_lines

    lines = [f"# {md(title(today))}", ""]
    if not members:
        lines += [paragraph(EMPTY), ""]
    else:
        lines += ["| " + " | ".join(HEADINGS) + " |", "|" + " --- |" * len(HEADINGS)]
        for m in members:
            row = [md(c) for c in cells(m)]
            if m.plan is not None:
                row[0] = f"[{row[0]}]({plan_file(m.name, form)})"
            lines.append("| " + " | ".join(row) + " |")
    for m in members:
        if m.plan is None:
            continue
        lines += ["", f"## {md(m.name)}", "", "```text", *timeline_lines(m.plan, 80), "```"]
        lines += ["", f"Plan: [{plan_file(m.name, form)}]({plan_file(m.name, form)})"]
    lines += ["", "---", "", f"Made with pomplan {__version__}. Estimates, not promises."]
    return "\n".join(lines) + "\n"


EMPTY = (
    "No profiles are saved yet. Add people with 'pomplan cohort import roster.csv', or one "
    "at a time with 'pomplan --profile NAME profile set --background FIELD'."
)

# --- HTML -------------------------------------------------------------------------------------

# The index's own CSS, after the page's start (export.page_start), and its body.
_STYLE = """\
body { font-family: "@FONT@", "DejaVu Sans Mono", Menlo, Consolas, monospace; \
font-size: 14px; color: #222; background: #fff; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; \
vertical-align: top; }
th { background: #f2f2f2; }
td.short { white-space: nowrap; }
td.behind { color: #a05a00; font-weight: bold; }
td.problem { color: #a00000; }
pre { line-height: 1.3; background: #fafafa; padding: 0.5em; overflow-x: auto; }
"""


def _html_row(m: Member, form: str) -> str:
    from pomplan.cohort_files import plan_file

    values = cells(m)
    tds = []
    for heading, value in zip(HEADINGS, values, strict=True):
        text = escape(value)
        css = "" if heading in ("Overdue", "Next") else "short"
        if heading == "Name" and m.plan is not None:
            text = f'<a href="{escape(plan_file(m.name, form))}">{text}</a>'
        elif heading == "Status" and m.status == "behind":
            css += " behind"
        elif heading == "Next" and m.plan is None:
            css = "problem"
        tds.append(f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>")
    return "<tr>" + "".join(tds) + "</tr>"


def html(members: list[Member], today: date, form: str) -> str:
    from pomplan.cohort_files import plan_file
    from pomplan.render.export import FONT, PAGE_HEAD_END, page_start
    from pomplan.render.terminal.timeline import timeline_lines

    parts: list[str] = []
    if not members:
        parts.append(f"<p>{escape(EMPTY)}</p>")
    else:
        head = "".join(f"<th>{escape(h)}</th>" for h in HEADINGS)
        rows = "\n".join(_html_row(m, form) for m in members)
        parts.append(
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
        )
    for m in members:
        if m.plan is None:
            continue
        link = escape(plan_file(m.name, form))
        chart = escape("\n".join(timeline_lines(m.plan, 80)))
        parts.append(
            f'<h2 id="{escape(m.name)}">{escape(m.name)}</h2>\n<pre>{chart}</pre>\n'
            f'<p><a href="{link}">The whole plan</a></p>'
        )
    return (
        page_start(escape(title(today)))
        + _STYLE.replace("@FONT@", FONT)
        + PAGE_HEAD_END
        + f"<body>\n<h1>{escape(title(today))}</h1>\n"
        + "\n".join(parts)
        + f"\n<p>Made with pomplan {escape(__version__)}. Estimates, not promises.</p>\n"
        + "</body>\n</html>\n"
    )
