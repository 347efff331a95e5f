"""``pomplan plan --format ics --remind DAYS``: a reminder (VALARM) that many days before the due
day of every milestone not yet done, read back with icalendar and vobject; none without it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

START = "2026-01-05"
TODAY = {"POMPLAN_TODAY": "2026-03-01"}


def ics(run: Any, *args: str) -> bytes:
    result = run("plan", "--format", "ics", *args, env=TODAY)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    return bytes(result.stdout_bytes)


def plan(run: Any) -> dict[str, Any]:
    import json

    result = run("plan", "--json", env=TODAY)
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def saved(run: Any, ticked: int = 0) -> dict[str, Any]:
    assert run("profile", "set", "--degree", "master", "--start", START).exit_code == 0
    ids = [m["id"] for m in plan(run)["milestones"]]
    if ticked:
        assert run("progress", "done", *ids[:ticked], env=TODAY).exit_code == 0
    return plan(run)


@pytest.mark.parametrize("days", [0, 1, 3, 14, 60])
def test_every_open_milestone_gets_a_reminder(run: Any, days: int) -> None:
    doc = saved(run)
    data = ics(run, "--remind", str(days))
    due = {m["title"]: date.fromisoformat(m["due"]) for m in doc["milestones"]}
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == len(doc["milestones"])
    for event in events:
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(days=-days)
        title = str(event["SUMMARY"])
        description = str(alarm["DESCRIPTION"])
        assert title in description and due[title].isoformat() in description
        assert event.decoded("DTSTART") == due[title]
    # vobject reads the same reminders.
    for ev in vobject.readOne(data.decode("utf-8")).vevent_list:
        [alarm] = ev.valarm_list
        assert alarm.trigger.value == timedelta(days=-days)
        assert alarm.action.value == "DISPLAY"


def test_the_trigger_is_written_as_days_before(run: Any) -> None:
    saved(run)
    data = ics(run, "--remind", "7")
    assert data.count(b"TRIGGER:-P7D\r\n") == data.count(b"BEGIN:VEVENT\r\n") > 0
    assert data.count(b"BEGIN:VALARM\r\n") == data.count(b"END:VALARM\r\n")


def test_no_remind_no_alarm(run: Any) -> None:
    saved(run)
    assert b"VALARM" not in ics(run)


def test_a_milestone_done_gets_no_reminder(run: Any) -> None:
    doc = saved(run, ticked=2)
    done = {m["title"] for m in doc["milestones"] if m["done"]}
    assert len(done) == 2
    for event in Calendar.from_ical(ics(run, "--remind", "3")).walk("VEVENT"):
        title = str(event["SUMMARY"]).removesuffix(" (done)")
        assert bool(event.walk("VALARM")) == (title not in done), title


def test_uids_and_stamp_stay_as_without_reminders(run: Any) -> None:
    saved(run)
    plain = Calendar.from_ical(ics(run)).walk("VEVENT")
    reminded = Calendar.from_ical(ics(run, "--remind", "5")).walk("VEVENT")
    assert [str(e["UID"]) for e in plain] == [str(e["UID"]) for e in reminded]
    assert [e.decoded("DTSTAMP") for e in plain] == [e.decoded("DTSTAMP") for e in reminded]


def test_remind_with_an_ics_output_file(run: Any, tmp_path: Path) -> None:
    saved(run)
    target = tmp_path / "plan.ics"
    result = run("plan", "--output", str(target), "--remind", "2", env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert b"TRIGGER:-P2D" in target.read_bytes()


@pytest.mark.parametrize("value", ["61", "-1", "x", "", "1.5", "3d", "٣", " "])
def test_a_bad_number_of_days_is_a_usage_error(run: Any, value: str) -> None:
    result = run("plan", "--format", "ics", "--remind", value)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("pomplan: error: --remind: give a whole number of days from 0 to 60")


@pytest.mark.parametrize(
    "args", [(), ("--format", "markdown"), ("--json",), ("--output", "plan.html")]
)
def test_remind_needs_a_calendar(run: Any, args: tuple[str, ...]) -> None:
    result = run("plan", *args, "--remind", "3")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "--remind adds reminders to a calendar; it needs --format ics" in line


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days=st.integers(0, 60))
def test_property_any_days_in_bounds(run: Any, days: int) -> None:
    data = ics(run, "--remind", str(days))  # the reference profile, no start: today
    for event in Calendar.from_ical(data).walk("VEVENT"):
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(days=-days)
