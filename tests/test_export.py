"""``pomplan plan --format ... --output FILE``: the plan as a file to share.

Every format is read back with a real parser (markdown-it, ElementTree, icalendar and vobject)
and checked against ``pomplan plan --json`` for the same profile. "Today" is pinned with
``POMPLAN_TODAY`` so that every date is known.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import UTC as UTC_ZONE
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import vobject
from icalendar import Calendar
from markdown_it import MarkdownIt

from pomplan import content
from pomplan import files as pomplan_files
from pomplan.render.terminal import console as terminal_console

TODAY = "2027-01-15"
START = "2026-01-05"
ESC = "\x1b"
HOSTILE = "<script>alert(1)</script> | *bold* _x_ [link](http://evil)"
# Also for the catalogue: what XML, iCalendar and str.format templates treat specially.
HOSTILE_ALL = HOSTILE + " & \"q\" 'a' {0} {title} ; , \\ : é ✓ 🚀"
PROFILE = ("--background", "operations", "--degree", "master", "--experience", "2")
SVG_NS = "http://www.w3.org/2000/svg"
FONT_URL = re.compile(r'url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)')
SIGNATURES = {
    "text": b"Your plan to Product Operations Manager",
    "markdown": b"# Plan to Product Operations Manager",
    "html": b"<!DOCTYPE html>",
    "svg": b"<svg ",
    "ics": b"BEGIN:VCALENDAR\r\n",
    "json": b"{",
}


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "POMPLAN_BACKGROUND",
        "POMPLAN_DEGREE",
        "POMPLAN_EXPERIENCE",
        "POMPLAN_PATH",
        "POMPLAN_CERT",
        "POMPLAN_HOURS_PER_WEEK",
        "POMPLAN_START",
        "POMPLAN_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POMPLAN_TODAY", TODAY)


# --- helpers --------------------------------------------------------------------------------


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


def failed(result: Any, code: int) -> str:
    """Exit ``code``, nothing on stdout, one 'pomplan: error:' line on stderr."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pomplan") and "error:" in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return str(lines[0])


def plan_json(run: Any, *args: str) -> Any:
    result = ok(run("plan", *args, "--json"))
    return json.loads(result.stdout, parse_float=Decimal)


def setup_profile(run: Any, ticked: int = 3) -> Any:
    """Save a profile with a start, tick its first ``ticked`` milestones; its plan JSON."""
    ok(run("profile", "set", *PROFILE, "--start", START))
    ids = [m["id"] for m in plan_json(run)["milestones"]]
    if ticked:
        ok(run("progress", "done", *ids[:ticked]))
    return scheduled_only(plan_json(run))


def scheduled_only(d: Any) -> Any:
    """The plan JSON with the milestones the record covers set apart (under ``covered_ones``):
    they are not scheduled, so they have no checklist line and no calendar entry."""
    d["covered_ones"] = [m for m in d["milestones"] if m["covered"]]
    d["milestones"] = [m for m in d["milestones"] if not m["covered"]]
    return d


def export(run: Any, form: str, *args: str, env: dict[str, str] | None = None) -> str:
    result = ok(run("plan", "--format", form, *args, env=env))
    assert result.stderr == ""
    return bytes(result.stdout_bytes).decode("utf-8")  # .stdout would turn CRLF into LF


def export_bytes(run: Any, tmp_path: Path, form: str, *args: str) -> bytes:
    """Write the export to a fresh file and return its bytes."""
    target = tmp_path / "out" / f"plan-{form}-{len(list(tmp_path.glob('out/*')))}"
    target.parent.mkdir(exist_ok=True)
    result = ok(run("plan", "--format", form, "--output", str(target), *args))
    assert result.stdout == ""
    return target.read_bytes()


def prose(markdown: str) -> list[str]:
    """The document's lines outside fenced code blocks."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            out.append(line)
    return out


def unescape_md(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def cells(row: str) -> list[str]:
    """A Markdown table row's cells, split on the pipes that are not escaped."""
    assert row.startswith("| ") and row.endswith(" |"), row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row[1:-1])]


def estimate_rows(markdown: str) -> list[list[str]]:
    lines = markdown.splitlines()
    head = lines.index("| Rule | Low | High | Why | Sources |")
    assert lines[head + 1] == "| --- | ---: | ---: | --- | --- |"
    rows = []
    for line in lines[head + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    return rows


def hostile_rules(run: Any, tmp_path: Path) -> Path:
    """A copy of the shipped rules with hostile text in a label and two reasons."""
    shipped = Path(json.loads(ok(run("rules", "--json")).stdout)["file"])
    text = shipped.read_text(encoding="utf-8")
    for old in ('label = "Degree"', 'reason = "A related master', 'reason = "Typical span'):
        assert text.count(old) == 1, old
    text = text.replace('label = "Degree"', f'label = "Degree {HOSTILE}"')
    text = text.replace('reason = "A related master', f'reason = "{HOSTILE} A related master')
    text = text.replace('reason = "Typical span', f'reason = "{HOSTILE} Typical span')
    target = tmp_path / "hostile-rules.toml"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def hostile_catalogue(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every phase name and summary and every milestone title and first action carry
    hostile text (as if the shipped plan held it), for the formats that show them."""
    phases, specs = content.plan_catalogue()
    phases = tuple(
        ph._replace(name=f"{ph.name} {HOSTILE_ALL}", summary=f"{HOSTILE_ALL} {ph.summary}")
        for ph in phases
    )
    specs = tuple(
        s._replace(title=f"{HOSTILE_ALL} {s.title}", actions=(HOSTILE_ALL, *s.actions))
        for s in specs
    )
    monkeypatch.setattr(content, "plan_catalogue", lambda: (phases, specs))
    return HOSTILE_ALL


def commonmark(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def ics_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def events(data: bytes) -> dict[str, Any]:
    """The VEVENTs by UID, read with icalendar."""
    found = {}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        found[str(event["UID"])] = event
    return found


def uids(data: bytes) -> set[str]:
    return set(events(data))


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_structure_matches_the_plan(run: Any) -> None:
    d = setup_profile(run)
    md = export(run, "markdown")
    lines = md.splitlines()
    assert [line for line in prose(md) if line.startswith("# ")] == [
        "# Plan to Product Operations Manager: profile default"
    ]
    for heading in ("## Estimate", "## Timeline", "## Milestones", "## Next actions"):
        assert lines.count(heading) == 1, heading
    assert lines.index("## Estimate") < lines.index("## Timeline") < lines.index("## Milestones")
    phases = [line[4:] for line in lines if line.startswith("### ")]
    assert phases == [ph["name"] for ph in d["phases"]]
    # A checklist line per milestone, ticked exactly for the ones done, phase by phase.
    checks = [line for line in lines if re.match(r"- \[[x ]\] ", line)]
    assert len(checks) == len(d["milestones"])
    in_phases = [m for ph in d["phases"] for m in d["milestones"] if m["phase"] == ph["id"]]
    assert len(in_phases) == len(d["milestones"])
    for line, m in zip(checks, in_phases, strict=True):
        assert line.startswith("- [x] " if m["done"] else "- [ ] "), line
        assert f"(`{m['id']}`, " in line
        assert unescape_md(line).startswith(f"- [{'x' if m['done'] else ' '}] {m['title']} (")
        state = f"done {m['done_on']}" if m["done"] else f"{m['due']})"
        assert state in line
    assert sum(line.startswith("- [x] ") for line in checks) == 3
    assert sum(m["done"] for m in d["milestones"]) == 3
    # The next actions, in order, by id.
    numbered = [line for line in lines if re.match(r"\d\. \*\*", line)]
    assert [re.search(r"\(`([^`]+)`", line)[1] for line in numbered] == d["next"]  # type: ignore[index]
    # The timeline picture, fixed at 80 columns in a fenced block.
    fence = lines.index("```text")
    chart = lines[fence + 1 : lines.index("```", fence + 1)]
    assert any("#" in line for line in chart) and any("=" in line for line in chart)
    assert all(len(line) <= 80 for line in chart)
    assert f"As of {TODAY}." in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_estimate_table_is_the_remaining_estimate(run: Any) -> None:
    d = setup_profile(run)
    est = json.loads(ok(run("estimate", "--json")).stdout, parse_float=Decimal)
    rows = estimate_rows(export(run, "markdown"))
    assert all(len(row) == 5 for row in rows)
    baseline, *middle, total = rows
    assert baseline[:3] == ["Baseline", str(est["baseline"]["low"]), str(est["baseline"]["high"])]
    # One row per adjustment, in order, the last being the progress made.
    assert len(middle) == len(est["adjustments"])
    assert est["adjustments"][-1]["id"] == "progress"
    for row, adjustment in zip(middle, est["adjustments"], strict=True):
        assert unescape_md(row[0]) == adjustment["label"]
        assert Decimal(row[1]) == adjustment["low"]
        assert Decimal(row[2]) == adjustment["high"]
        assert unescape_md(row[3]) == adjustment["reason"]
        assert row[4] == ", ".join(adjustment["sources"])
    # The total: the time left, as plan --json has it.
    assert total[0] == "**Time left**"
    assert total[1:4] == [
        f"**{d['remaining']['years']['low']}**",
        f"**{d['remaining']['years']['high']}**",
        "years",
    ]
    assert (est["years"]["low"], est["years"]["high"]) == (
        d["remaining"]["years"]["low"],
        d["remaining"]["years"]["high"],
    )


def test_markdown_estimate_table_without_progress(run: Any) -> None:
    d = setup_profile(run, ticked=0)
    est = json.loads(ok(run("estimate", "--json")).stdout, parse_float=Decimal)
    rows = estimate_rows(export(run, "markdown"))
    assert len(rows) == len(est["adjustments"]) + 2
    assert "progress" not in [a["id"] for a in est["adjustments"]]
    assert rows[-1][:3] == [
        "**Your range**",
        f"**{d['years']['low']}**",
        f"**{d['years']['high']}**",
    ]
    assert "- [x] " not in export(run, "markdown")


def test_markdown_details_adds_actions_as_nested_items(run: Any) -> None:
    d = setup_profile(run)
    plain_md = export(run, "markdown").splitlines()
    detailed = export(run, "markdown", "--details").splitlines()
    assert not [line for line in plain_md if line.startswith("  - ")]
    for m in d["milestones"]:
        at = next(
            i
            for i, line in enumerate(detailed)
            if line.startswith("- [") and f"(`{m['id']}`, " in line
        )
        nested = detailed[at + 1 : at + 1 + len(m["actions"])]
        assert [unescape_md(line) for line in nested] == [f"  - {a}" for a in m["actions"]]
        following = detailed[at + 1 + len(m["actions"])]
        assert not following.startswith("  - ")


def test_markdown_escapes_text_from_a_rules_file(run: Any, tmp_path: Path) -> None:
    setup_profile(run)
    rules = hostile_rules(run, tmp_path)
    md = export(run, "markdown", "--rules", str(rules))
    assert not re.search(r"(?<!\\)[<>]", md)  # no angle bracket left unescaped
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "\\*bold\\*" in md and "\\_x\\_" in md and "\\[link\\](http://evil)" in md
    rows = estimate_rows(md)
    assert all(len(row) == 5 for row in rows), rows
    assert unescape_md(rows[0][3]).startswith(HOSTILE)
    degree = next(row for row in rows if "master" in row[0])
    assert unescape_md(degree[0]) == f"Degree {HOSTILE}: master"
    assert unescape_md(degree[3]).startswith(HOSTILE + " A related master")


def test_markdown_renders_with_commonmark(run: Any, tmp_path: Path) -> None:
    d = setup_profile(run)
    est = json.loads(ok(run("estimate", "--json")).stdout)
    rules = hostile_rules(run, tmp_path)
    html = commonmark(export(run, "markdown", "--details", "--rules", str(rules)))
    # No element comes from the text: no script, no link, no emphasis made of its stars.
    assert "<script" not in html and "<a " not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert "<em>bold</em>" not in html and "<em>x</em>" not in html
    assert html.count("<table>") == 1
    table = html[html.index("<table>") : html.index("</table>")]
    body = table[table.index("<tbody>") :]
    assert body.count("<tr>") == len(est["adjustments"]) + 2
    assert len(re.findall(r"<th[ >]", table)) == 5
    for row in body.split("<tr>")[1:]:
        assert row.count("<td") == 5, row
    # The cells read as the rules file wrote them.
    texts = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", body)]
    assert f"{HOSTILE} Typical span" in texts[3]
    assert f"Degree {HOSTILE}: master" in texts
    # The checklist: one item per milestone, with its actions as a nested list.
    in_phases = [m for ph in d["phases"] for m in d["milestones"] if m["phase"] == ph["id"]]
    items = re.findall(r"<li>\[([x ])\] (.*?) \(<code>([^<]+)</code>", html)
    assert [ident for _, _, ident in items] == [m["id"] for m in in_phases]
    assert [mark == "x" for mark, _, _ in items] == [m["done"] for m in in_phases]
    assert [unescape(title) for _, title, _ in items] == [m["title"] for m in in_phases]
    covered = d["covered_ones"]  # listed with their reason, and their actions with --details
    assert covered, "the profile's record covers some milestones"
    nested = html.count("<li>") - len(items) - len(d["next"]) - len(d["assumptions"])
    nested -= len(covered)
    assert nested == sum(len(m["actions"]) for m in d["milestones"] + covered)
    assert html.count("<h3>") == len(d["phases"])


def test_markdown_escapes_plan_text(run: Any, hostile_catalogue: str) -> None:
    d = setup_profile(run)
    md = export(run, "markdown", "--details")
    # Outside the timeline's code block (where text is literal), nothing is left unescaped.
    text = "\n".join(prose(md))
    for raw in ("<script>", "*bold*", "_x_", "[link]", " | "):
        assert raw not in text.replace("**", "").replace("| ", "").replace(" |", ""), raw
    escaped = "\\<script\\>alert(1)\\</script\\> \\| \\*bold\\* \\_x\\_ \\[link\\](http://evil)"
    # Each phase: heading and summary; each milestone: title and first action.
    assert text.count(escaped) >= 2 * len(d["phases"]) + 2 * len(d["milestones"])
    html = commonmark(md)
    assert "<script" not in html and "<a " not in html
    headings = [unescape(h) for h in re.findall(r"<h3>(.*?)</h3>", html)]
    assert headings == [ph["name"] for ph in d["phases"]]
    assert all(hostile_catalogue in h for h in headings)
    items = re.findall(r"<li>\[[x ]\] (.*?) \(<code>", html)
    assert len(items) == len(d["milestones"])
    assert sorted(unescape(t) for t in items) == sorted(m["title"] for m in d["milestones"])
    actions = {unescape(a) for a in re.findall(r"<li>([^<]*)</li>", html)}
    assert hostile_catalogue in actions


# --- HTML and SVG ---------------------------------------------------------------------------


def check_fonts(page: str) -> None:
    assert page.count("@font-face") == 2
    fonts = FONT_URL.findall(page)
    assert len(fonts) == 2
    for data in fonts:
        assert base64.b64decode(data, validate=True)[:4] == b"wOF2"


def check_self_contained(page: str, svg: bool) -> None:
    urls = re.findall(r"(?i)\b(?:https?|ftp)://[^\s\"'<>)]*", page)
    assert set(urls) <= ({SVG_NS} if svg else set()), set(urls)
    lowered = page.lower()
    for bad in ("src=", "<link", "<script", "<iframe", "<img", "<object", "@import", "href="):
        assert bad not in lowered, bad
    for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", page):
        # Fonts are data: URLs; in the SVG, clip paths point into the document itself.
        assert target.startswith("data:") or (svg and target.startswith("#")), target
    check_fonts(page)


def test_html_is_self_contained(run: Any) -> None:
    setup_profile(run)
    page = export(run, "html")
    check_self_contained(page, svg=False)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp is not None
    assert "default-src 'none'" in csp[1]
    assert "script-src" not in csp[1]
    assert "<title>pomplan: plan for profile default</title>" in page
    assert "█" in page and "░" in page
    assert "skills-process-map" in page


def test_svg_is_self_contained_xml_with_a_title(run: Any) -> None:
    setup_profile(run)
    picture = export(run, "svg")
    check_self_contained(picture, svg=True)
    root = ET.fromstring(picture)
    assert root.tag == f"{{{SVG_NS}}}svg"
    texts = ["".join(e.itertext()) for e in root.iter(f"{{{SVG_NS}}}text")]
    titles = [
        t
        for e, t in zip(root.iter(f"{{{SVG_NS}}}text"), texts, strict=True)
        if "title" in (e.get("class") or "")
    ]
    assert [t.replace("\xa0", " ") for t in titles] == ["pomplan: plan for profile default"]
    drawn = "".join(texts)
    assert "█" in drawn and "░" in drawn
    assert "skills-process-map" in drawn


def test_html_and_svg_escape_plan_text(run: Any, hostile_catalogue: str) -> None:
    d = setup_profile(run)
    for form in ("html", "svg"):
        page = export(run, form, "--details")
        assert "<script" not in page.lower(), form
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, form
        assert "<a " not in page and "href=" not in page, form
        check_fonts(page)
    root = ET.fromstring(export(run, "svg", "--details"))  # well-formed despite & < > " '
    drawn = "".join("".join(e.itertext()) for e in root.iter(f"{{{SVG_NS}}}text"))
    assert drawn.replace("\xa0", " ").count("<script>alert(1)</script>") >= len(d["milestones"])


@pytest.mark.parametrize("form", ["html", "svg", "markdown", "ics"])
def test_export_is_the_same_whatever_the_terminal(
    run: Any, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    setup_profile(run)
    outputs = []
    for env in (
        {"COLUMNS": "40", "NO_COLOR": "1"},
        {"COLUMNS": "200", "NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    ):
        monkeypatch.setattr(terminal_console, "_console", None)
        outputs.append(export(run, form, env=env))
    assert outputs[0] == outputs[1]


# --- iCalendar ------------------------------------------------------------------------------


def test_ics_events_match_the_plan(run: Any) -> None:
    d = setup_profile(run)
    data = export(run, "ics").encode("utf-8")
    found = events(data)
    assert len(found) == len(d["milestones"]) == data.count(b"BEGIN:VEVENT\r\n")
    by_id = {m["id"]: m for m in d["milestones"]}
    names = {ph["id"]: ph["name"] for ph in d["phases"]}
    seen = set()
    for uid, event in found.items():
        ident = next(i for i in by_id if uid.startswith(i + "."))
        seen.add(ident)
        m = by_id[ident]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date
        assert start == date.fromisoformat(m["due"])
        assert end == start + timedelta(days=1)
        assert str(event["SUMMARY"]) == (f"{m['title']} (done)" if m["done"] else m["title"])
        description = str(event["DESCRIPTION"])
        for action in m["actions"]:
            assert action in description
        assert names[m["phase"]] in description
        stamp = event.decoded("DTSTAMP")
        assert isinstance(stamp, datetime)
        assert stamp.utcoffset() == timedelta(0)
        assert stamp.date() == date.fromisoformat(TODAY)
    assert seen == set(by_id)


def test_ics_reads_back_with_vobject(run: Any) -> None:
    d = setup_profile(run)
    text = export(run, "ics")
    cal = vobject.readOne(text)
    assert cal.name == "VCALENDAR"
    assert cal.version.value == "2.0"
    assert cal.prodid.value
    vevents = list(cal.vevent_list)
    assert len(vevents) == len(d["milestones"])
    by_title = {m["title"]: m for m in d["milestones"]}
    assert len(by_title) == len(d["milestones"])
    ids_seen = []
    for ev in vevents:
        uid = ev.uid.value
        ids_seen.append(uid)
        title = ev.summary.value.removesuffix(" (done)")
        m = by_title[title]
        assert ev.summary.value.endswith(" (done)") == m["done"]
        assert uid.startswith(m["id"] + ".")
        assert ev.dtstart.value == date.fromisoformat(m["due"])
        assert type(ev.dtstart.value) is date
        assert ev.dtend.value == ev.dtstart.value + timedelta(days=1)
        for action in m["actions"]:
            assert action in ev.description.value
        assert ev.dtstamp.value.utcoffset() == timedelta(0)
    assert len(set(ids_seen)) == len(ids_seen)


def test_ics_follows_rfc5545_on_the_wire(run: Any, hostile_catalogue: str) -> None:
    """CRLF everywhere, lines folded at 75 octets even in multi-byte text, the required
    properties present; and text with , ; \\ : and non-ASCII reads back unchanged."""
    d = setup_profile(run)
    data = export(run, "ics").encode("utf-8")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"\r\r" not in data
    lines = ics_lines(data)
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-1] == b"END:VCALENDAR"
    assert b"VERSION:2.0" in lines
    assert any(line.startswith(b"PRODID:") for line in lines)
    too_long = [line for line in lines if len(line) > 75]
    assert not too_long, too_long[:3]
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    # Every VEVENT block has exactly one DTSTAMP and one UID.
    blocks = data.split(b"BEGIN:VEVENT\r\n")[1:]
    assert len(blocks) == len(d["milestones"])
    for block in blocks:
        body = block.split(b"END:VEVENT\r\n")[0]
        props = [line.split(b":")[0].split(b";")[0] for line in ics_lines(body + b"\r\n")]
        props = [p for p in props if p and not p.startswith(b" ")]
        assert props.count(b"DTSTAMP") == 1 and props.count(b"UID") == 1
    # Both parsers read the hostile text back as written.
    titles = {m["title"] for m in d["milestones"]}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        assert str(event["SUMMARY"]).removesuffix(" (done)") in titles
        assert hostile_catalogue in str(event["DESCRIPTION"])
    for ev in vobject.readOne(data.decode("utf-8")).vevent_list:
        assert ev.summary.value.removesuffix(" (done)") in titles
        assert ev.description.value.startswith(f"- {hostile_catalogue}\n")


def test_ics_uids_are_stable(run: Any) -> None:
    d = setup_profile(run)
    first = export(run, "ics").encode()
    assert len(uids(first)) == len(d["milestones"])
    assert uids(export(run, "ics").encode()) == uids(first)
    # Ticking another milestone changes the event, not its identity.
    ident = next(m["id"] for m in d["milestones"] if not m["done"])
    ok(run("progress", "done", ident))
    after = export(run, "ics").encode()
    assert uids(after) == uids(first)
    ticked = next(e for u, e in events(after).items() if u.startswith(ident + "."))
    assert str(ticked["SUMMARY"]).endswith(" (done)")
    # Another day: the same entries.
    later = export(run, "ics", env={"POMPLAN_TODAY": "2027-06-30"}).encode()
    assert uids(later) == uids(first)


def test_ics_uids_are_stable_when_the_dates_move(run: Any) -> None:
    """With no saved start, the plan starts today: the dates move, the UIDs do not."""
    monday = export(run, "ics", *PROFILE).encode()
    later = export(run, "ics", *PROFILE, env={"POMPLAN_TODAY": "2027-09-01"}).encode()
    assert uids(monday) == uids(later)
    days_then = {u: e.decoded("DTSTART") for u, e in events(monday).items()}
    days_now = {u: e.decoded("DTSTART") for u, e in events(later).items()}
    assert all(days_now[u] > days_then[u] for u in days_then)


def test_ics_uids_differ_between_profiles(run: Any) -> None:
    setup_profile(run, ticked=0)
    ok(run("profile", "set", *PROFILE, "--start", START, "--profile", "other"))
    mine = uids(export(run, "ics").encode())
    theirs = uids(export(run, "ics", "--profile", "other").encode())
    assert len(mine) == len(theirs) > 0
    assert not mine & theirs
    # Same milestones, same days: only the identity differs.
    assert sorted(e.decoded("DTSTART") for e in events(export(run, "ics").encode()).values()) == (
        sorted(
            e.decoded("DTSTART")
            for e in events(export(run, "ics", "--profile", "other").encode()).values()
        )
    )


# --- --format, --output ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "form"),
    [
        ("md", "markdown"),
        ("MarkDown", "markdown"),
        ("htm", "html"),
        ("ical", "ics"),
        ("icalendar", "ics"),
        ("txt", "text"),
    ],
)
def test_format_aliases(run: Any, tmp_path: Path, alias: str, form: str) -> None:
    setup_profile(run)
    assert export_bytes(run, tmp_path, alias) == export_bytes(run, tmp_path, form)
    assert export_bytes(run, tmp_path, alias).startswith(SIGNATURES[form])


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("plan.md", "markdown"),
        ("plan.markdown", "markdown"),
        ("plan.html", "html"),
        ("plan.HTM", "html"),
        ("plan.svg", "svg"),
        ("plan.ics", "ics"),
        ("plan.json", "json"),
        ("plan.txt", "text"),
    ],
)
def test_output_suffix_picks_the_format(run: Any, tmp_path: Path, name: str, form: str) -> None:
    setup_profile(run)
    target = tmp_path / name
    result = ok(run("plan", "-o", str(target)))
    assert result.stdout == ""
    assert result.stderr == f"pomplan: note: wrote your plan as {form} to {target}\n"
    assert target.read_bytes() == export_bytes(run, tmp_path, form)
    assert target.read_bytes().startswith(SIGNATURES[form])


def test_format_wins_over_the_suffix(run: Any, tmp_path: Path) -> None:
    setup_profile(run)
    target = tmp_path / "plan.txt"
    ok(run("plan", "--format", "md", "--output", str(target)))
    assert target.read_bytes() == export_bytes(run, tmp_path, "markdown")


@pytest.mark.parametrize("name", ["plan.doc", "plan", "plan.md.bak"])
def test_unknown_suffix_is_a_usage_error(run: Any, tmp_path: Path, name: str) -> None:
    line = failed(run("plan", "-o", str(tmp_path / name)), 2)
    assert "--format" in line
    assert not (tmp_path / name).exists()


def test_json_and_another_format_is_a_usage_error(run: Any, tmp_path: Path) -> None:
    for form in ("markdown", "md", "text", "ics"):
        failed(run("plan", "--json", "--format", form), 2)
        failed(run("plan", "--json", "--format", form, "-o", str(tmp_path / "x.json")), 2)
    assert not (tmp_path / "x.json").exists()
    failed(run("plan", "--format", "pdf"), 2)
    ok(run("plan", "--json", "--format", "json"))


def test_json_to_a_file_is_the_plan_json(run: Any, tmp_path: Path) -> None:
    setup_profile(run)
    expected = json.loads(ok(run("plan", "--json")).stdout)
    target = tmp_path / "f.json"
    ok(run("plan", "--format", "json", "--output", str(target)))
    assert json.loads(target.read_bytes()) == expected
    assert json.loads(export_bytes(run, tmp_path, "json", "--details")) == json.loads(
        ok(run("plan", "--json", "--details")).stdout
    )


def test_dash_means_stdout(run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_profile(run)
    for form in ("markdown", "html", "svg", "ics", "json"):
        result = ok(run("plan", "--format", form, "-o", "-"))
        assert result.stderr == ""
        assert result.stdout_bytes == export_bytes(run, tmp_path, form), form
    monkeypatch.chdir(tmp_path)
    ok(run("plan", "--format", "md", "-o", "-", "--force"))
    assert not (tmp_path / "-").exists()
    # Text to the screen is the terminal view, as without --format.
    monkeypatch.setattr(terminal_console, "_console", None)
    shown = ok(run("plan", "--format", "text", "-o", "-")).stdout
    monkeypatch.setattr(terminal_console, "_console", None)
    assert shown == ok(run("plan")).stdout


def test_text_to_a_file_is_plain(run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = setup_profile(run)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(terminal_console, "_console", None)
    data = export_bytes(run, tmp_path, "text", "--details")
    text = data.decode("utf-8")
    assert ESC not in text
    assert not set(text) & set("█░·│")
    assert text.startswith("Your plan to Product Operations Manager  (profile 'default')\n")
    assert all(line == line.rstrip() for line in text.splitlines())
    assert all(len(line) <= 100 for line in text.splitlines())
    for m in d["milestones"]:
        assert m["id"] in text
    assert "# done  = to do  ~ finish window" in text


def test_existing_file_is_not_replaced_without_force(run: Any, tmp_path: Path) -> None:
    setup_profile(run)
    target = tmp_path / "plan.md"
    target.write_bytes(b"mine\r\nnot yours\x00")
    before = sorted(p.name for p in tmp_path.iterdir())
    line = failed(run("plan", "-o", str(target)), 1)
    assert "already exists" in line and "--force" in line
    assert target.read_bytes() == b"mine\r\nnot yours\x00"
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    # Also a link to nowhere: not followed, not replaced.
    dangling = tmp_path / "link.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    failed(run("plan", "-o", str(dangling)), 1)
    assert not (tmp_path / "nowhere.md").exists()
    assert dangling.is_symlink()


def test_force_replaces_the_file_whole(run: Any, tmp_path: Path) -> None:
    setup_profile(run)
    target = tmp_path / "plan.md"
    target.write_bytes(b"old " * 100_000)
    result = ok(run("plan", "-o", str(target), "--force"))
    assert result.stdout == ""
    assert str(target) in result.stderr
    assert target.read_bytes() == export_bytes(run, tmp_path, "markdown")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "out") == [
        "home",
        "plan.md",
    ]
    assert not list(tmp_path.glob(".*.tmp"))


def test_output_to_a_folder_or_a_missing_folder(run: Any, tmp_path: Path) -> None:
    setup_profile(run)
    folder = tmp_path / "plans.md"
    folder.mkdir()
    assert "folder" in failed(run("plan", "-o", str(folder)), 1)
    assert "folder" in failed(run("plan", "--format", "md", "-o", str(tmp_path), "--force"), 1)
    assert folder.is_dir() and not list(folder.iterdir())
    missing = tmp_path / "no" / "such" / "plan.md"
    assert "no folder" in failed(run("plan", "-o", str(missing)), 1)
    assert "no folder" in failed(run("plan", "-o", str(missing), "--force"), 1)
    assert not (tmp_path / "no").exists()
    # A file where a folder should be.
    (tmp_path / "afile").write_text("x")
    failed(run("plan", "-o", str(tmp_path / "afile" / "plan.md")), 1)
    assert (tmp_path / "afile").read_text() == "x"


def test_tilde_in_output_is_the_home_folder(run: Any, isolated_env: Path) -> None:
    setup_profile(run)
    result = ok(run("plan", "-o", "~/shared-plan.md"))
    assert (isolated_env / "shared-plan.md").read_bytes().startswith(SIGNATURES["markdown"])
    assert str(isolated_env / "shared-plan.md") in result.stderr


class _HalfWriter:
    """A file handle that writes half of what it is given, then runs out of space."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def fileno(self) -> int:
        return int(self.handle.fileno())

    def flush(self) -> None:
        self.handle.flush()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, every file written stops halfway with ENOSPC."""
    real_open = Path.open
    real_fdopen = os.fdopen

    def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        return _HalfWriter(handle) if "x" in mode else handle

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return _HalfWriter(handle) if "w" in mode else handle

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(pomplan_files.os, "fdopen", fdopen)


def test_a_failed_write_leaves_no_half_file(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_profile(run)
    fill_the_disk(monkeypatch)
    folder = tmp_path / "share"
    folder.mkdir()
    new = folder / "new.md"
    line = failed(run("plan", "-o", str(new)), 1)
    assert "No space left" in line
    assert not new.exists()
    old = folder / "old.md"
    old.write_bytes(b"keep me")
    assert "No space left" in failed(run("plan", "-o", str(old), "--force"), 1)
    assert old.read_bytes() == b"keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["old.md"]


def test_a_failed_swap_leaves_no_temp_file(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_profile(run)
    old = tmp_path / "old.html"
    old.write_bytes(b"keep me")

    def refuse(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pomplan_files.os, "replace", refuse)
    assert "Permission denied" in failed(run("plan", "-o", str(old), "--force"), 1)
    assert old.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "old.html"]


# --- Fixes after review: permissions, symlinks, DTSTAMP, Markdown corner cases ---------------


def test_force_keeps_the_permissions_of_the_file_it_replaces(run: Any, tmp_path: Path) -> None:
    setup_profile(run, ticked=0)
    private = tmp_path / "plan.md"
    private.write_bytes(b"old")
    private.chmod(0o600)
    ok(run("plan", "-o", str(private), "--force"))
    assert private.read_bytes().startswith(b"# Plan to Product Operations Manager")
    assert private.stat().st_mode & 0o777 == 0o600


def test_force_through_a_symlink_replaces_the_file_it_points_to(run: Any, tmp_path: Path) -> None:
    setup_profile(run, ticked=0)
    target = tmp_path / "real.md"
    target.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    ok(run("plan", "-o", str(link), "--force"))
    assert link.is_symlink()
    assert target.read_bytes().startswith(b"# Plan to Product Operations Manager")


def test_a_leftover_temp_file_does_not_block_force(run: Any, tmp_path: Path) -> None:
    setup_profile(run, ticked=0)
    old = tmp_path / "plan.md"
    old.write_bytes(b"old")
    (tmp_path / f".plan.md.{os.getpid()}.tmp").write_bytes(b"left over")
    ok(run("plan", "-o", str(old), "--force"))
    assert old.read_bytes() != b"old"


def _stamps(text: str) -> set[str]:
    return {line.split(":", 1)[1] for line in text.splitlines() if line.startswith("DTSTAMP:")}


def test_dtstamp_is_now_in_utc_or_midnight_of_a_pinned_day(run: Any) -> None:
    setup_profile(run, ticked=0)
    before = datetime.now(UTC_ZONE).replace(microsecond=0)
    (stamp,) = _stamps(export(run, "ics", env={"POMPLAN_TODAY": ""}))
    after = datetime.now(UTC_ZONE)
    made = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC_ZONE)
    assert before <= made <= after
    assert _stamps(export(run, "ics", env={"POMPLAN_TODAY": "2027-02-03"})) == {"20270203T000000Z"}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Fish &amp; chips", "Fish \\&amp; chips"),
        ("1. not a list", "1\\. not a list"),
        ("- not a list", "\\- not a list"),
        ("+ not a list", "\\+ not a list"),
        ("=== not a heading", "\\=== not a heading"),
        ("plain words", "plain words"),
    ],
)
def test_markdown_paragraphs_read_as_written(raw: str, shown: str) -> None:
    from pomplan.render.export import md, paragraph

    assert paragraph(raw) == shown
    rendered = MarkdownIt("commonmark").render(paragraph(raw))
    assert rendered == f"<p>{raw.replace('&', '&amp;')}</p>\n"
    assert md("+0.25") == "+0.25"  # in a table cell, a sign stays as it is


def test_the_baseline_row_cites_its_sources(run: Any) -> None:
    setup_profile(run, ticked=0)
    row = next(
        line for line in export(run, "markdown").splitlines() if line.startswith("| Baseline")
    )
    assert row.rstrip(" |").endswith("S1.F1, S1.F2")


def test_markdown_lists_covered_milestones_apart(run: Any) -> None:
    """Covered milestones: one section after the checklist, each with its reason, no box."""
    d = setup_profile(run, ticked=0)
    md = export(run, "markdown")
    lines = md.splitlines()
    assert lines.count("## Already covered by your record") == 1
    section = lines[lines.index("## Already covered by your record") :]
    for m in d["covered_ones"]:
        line = next(line for line in section if f"(`{m['id']}`)" in line)
        assert line.startswith("- ") and not line.startswith("- [")
        assert unescape_md(line).endswith(m["covered_by"])
    assert d["covered_ones"], "operations with 2 years covers some milestones"


def test_ics_has_no_entry_for_a_covered_milestone(run: Any) -> None:
    d = setup_profile(run, ticked=0)
    found = uids(export(run, "ics").encode("utf-8"))
    assert found == {f"{m['id']}.default@pomplan" for m in d["milestones"]}
    assert d["covered_ones"]
    for m in d["covered_ones"]:
        assert f"{m['id']}.default@pomplan" not in found
