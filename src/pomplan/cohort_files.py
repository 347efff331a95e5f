"""``pomplan cohort export DIR``: the cohort as a folder of files to share.

DIR gets an index (``index.html`` for html; ``index.md`` for markdown, and for ics, whose
calendars a person imports one by one) with the cohort table and each person's timeline, and
one plan per person in ``plans/NAME.html`` (``.md``, ``.ics``), made by the plan's own export
formats (``render/formats.py``). Plans go in their own folder so that no profile name (a
profile may be called ``index``) can clash with the index. Profile names are already safe
as file names (a-z, 0-9, '-', '_'). A profile that can't be read has its row in the index,
with its problem, and no plan file.

A folder that already holds anything needs ``force``; then the files pomplan writes are
replaced, each all at once, and everything else in the folder is left as it was.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pomplan import files
from pomplan.cohort import Member
from pomplan.errors import PomplanError
from pomplan.record import Record
from pomplan.store import Locations, Note, load_notes

FORMATS = ("html", "markdown", "ics")
SUFFIX = {"html": ".html", "markdown": ".md", "ics": ".ics"}
PLANS = "plans"


class Exported(Record):
    folder: Path
    form: str
    index: Path
    plans: list[tuple[str, Path]]  # (profile, its plan file)
    problems: list[tuple[str, str]]  # (profile, why it has no plan file)
    replaced: int  # files of these names that were there before, now replaced
    others: int  # other entries of the folder (and of plans/), left alone


def index_name(form: str) -> str:
    return "index.html" if form == "html" else "index.md"


def plan_file(name: str, form: str) -> str:
    """The plan's file, relative to the folder."""
    return f"{PLANS}/{name}{SUFFIX[form]}"


def _entries(folder: Path) -> list[str]:
    try:
        return [e.name for e in os.scandir(folder)]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise PomplanError(
            f"can't read the folder {str(folder)!r}: {exc.strerror or exc}"
        ) from None


def _prepare(folder: Path, force: bool) -> list[str]:
    """What the folder held before (its entries, and those of its plans/ folder)."""
    if folder.exists() and not folder.is_dir():
        raise PomplanError(f"{str(folder)!r} is a file, not a folder", "name a folder to export to")
    held = _entries(folder)
    if held and not force:
        raise PomplanError(
            f"the folder {str(folder)!r} already holds files",
            "add --force to replace the files pomplan writes there (any others are left "
            "alone), or name a new or empty folder",
        )
    before = [*held, *(f"{PLANS}/{n}" for n in _entries(folder / PLANS))]
    try:
        files.ensure_dir(folder / PLANS, 0o755)
    except OSError as exc:
        raise PomplanError(
            f"can't make the folder {str(folder / PLANS)!r}: {exc.strerror or exc}"
        ) from None
    return before


def _write(path: Path, data: bytes, force: bool) -> None:
    try:
        if force:
            files.replace(path, data, 0o644)
        else:
            files.write_new(path, data)
    except FileExistsError:
        raise PomplanError(
            f"{str(path)!r} appeared while exporting", "run again with --force"
        ) from None
    except OSError as exc:
        raise PomplanError(f"can't write {str(path)!r}: {exc.strerror or exc}") from None


def export(
    members: list[Member],
    folder: Path,
    form: str,
    force: bool,
    today: date,
    pinned: date | None,
    where: Locations | None = None,
) -> Exported:
    """Write the index and each readable member's plan into ``folder``; the Markdown and HTML
    plans show each person's notes (from ``where``), as 'pomplan plan' exports them."""
    from pomplan.render import cohort_index
    from pomplan.render.formats import lookup
    from pomplan.render.views import PlanView

    before = set(_prepare(folder, force))
    render = lookup(PlanView, form).render
    plans, problems, ours = [], [], []
    for m in members:
        if m.plan is None:
            problems.append((m.name, m.problem or "can't be read"))
            continue
        relative = plan_file(m.name, form)
        notes, trouble = _notes(where, m.name, form)
        if trouble is not None:
            problems.append((m.name, trouble))
        data = render(PlanView(m.plan, False, pinned, notes), False)
        assert data is not None
        _write(folder / relative, data, force)
        plans.append((m.name, folder / relative))
        ours.append(relative)
    index = folder / index_name(form)
    page = cohort_index.html if form == "html" else cohort_index.markdown
    _write(index, page(members, today, form).encode("utf-8"), force)
    ours.append(index.name)
    replaced = len(before & set(ours))
    others = len(before - set(ours) - {PLANS})
    return Exported(folder, form, index, plans, problems, replaced, others)


def _notes(where: Locations | None, name: str, form: str) -> tuple[tuple[Note, ...], str | None]:
    """A person's notes for their exported plan (Markdown and HTML show notes), and the problem
    if their notes file can't be read: the plan is still written, without them."""
    if where is None or form not in ("markdown", "html"):
        return (), None
    try:
        return load_notes(where, name).in_order(), None
    except PomplanError as exc:
        return (), f"notes left out: {exc.message}"
