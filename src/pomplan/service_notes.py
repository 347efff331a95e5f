"""What the ``note`` commands ask for: a note added (its text, milestone and day checked), a
note removed by its number, the notes listed; and the notes a plan shows.

Like :mod:`pomplan.service`, nothing here reads the environment, prints or exits; notes are
read and written through :mod:`pomplan.store`. A note's text is kept as it was given; every
renderer escapes control and bidirectional characters when it shows one.
"""

from __future__ import annotations

from datetime import date

from pomplan import content, fields, service, store
from pomplan.errors import UsageProblem
from pomplan.service import Person
from pomplan.store import Note, Notes
from pomplan.store.notes import TEXT_LIMIT


def note_text(words: list[str] | tuple[str, ...]) -> str:
    """The words of ``note add`` as one text: not blank, and at most :data:`TEXT_LIMIT`."""
    text = " ".join(words).strip()
    if not text:
        raise UsageProblem("note add: the note is empty; write what happened after 'note add'")
    if len(text) > TEXT_LIMIT:
        raise UsageProblem(
            f"note add: the note is {len(text)} characters long; shorten it to {TEXT_LIMIT} or "
            "fewer (several notes are fine)"
        )
    return text


def milestone(raw: str | None) -> str | None:
    """``--milestone``'s id, normalised, if the plan has a milestone of that id."""
    if raw is None:
        return None
    return service.check_ids([raw], content.milestone_ids(), {})[0]


def note_day(on: date | None, today: date) -> date:
    """The day a note is about: ``on`` (not in the future), else today."""
    if on is None:
        return today
    if fields.outside(on):  # the CLI checks this; any other caller too
        raise UsageProblem(f"--on: {fields.outside(on)}")
    if on > today:
        raise UsageProblem(f"--on: {on.isoformat()} is in the future; give a day up to today")
    return on


def add_note(
    who: Person, words: list[str], raw_milestone: str | None, on: date | None, today: date
) -> Note:
    """Add a note to ``who``'s notes; it gets the next number, never one used before."""
    text = note_text(words)
    ident = milestone(raw_milestone)
    day = note_day(on, today)
    added: list[Note] = []

    def change(current: Notes) -> Notes:
        note = Note(current.next_id, day, text, ident)
        added.append(note)
        return Notes(current.next_id + 1, (*current.notes, note))

    store.update_notes(who.where, who.name, change)
    return added[-1]


def note_number(raw: str) -> int:
    """``note remove``'s N as a number (1 or more), else a usage error."""
    text = raw.strip().removeprefix("#")
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or int(text) < 1:
        raise UsageProblem(
            f"note remove: {raw[:40]!r} is not a note number; give one as 'pomplan note list' "
            "shows it, for example 3"
        )
    return int(text)


def remove_note(who: Person, raw: str) -> Note:
    """Remove note number ``raw``; its number is not given to another note."""
    number = note_number(raw)
    removed: list[Note] = []

    def change(current: Notes) -> Notes:
        kept = tuple(n for n in current.notes if n.id != number)
        removed.extend(n for n in current.notes if n.id == number)
        if not removed:
            numbers = ", ".join(str(n.id) for n in current.notes[-5:])
            listed = f"the latest are {numbers}" if numbers else "there are no notes yet"
            raise UsageProblem(
                f"no note {number} in profile '{who.name}' ({listed}); "
                "'pomplan note list' shows every note with its number"
            )
        return Notes(current.next_id, kept)

    store.update_notes(who.where, who.name, change)
    return removed[0]


def notes_of(who: Person, raw_milestone: str | None = None) -> tuple[Note, ...]:
    """``who``'s notes, oldest day first (then by number); only one milestone's if asked."""
    ident = milestone(raw_milestone)
    notes = store.load_notes(who.where, who.name).in_order()
    return tuple(n for n in notes if ident is None or n.milestone == ident)
