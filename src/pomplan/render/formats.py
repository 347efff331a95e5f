"""The output formats: one registry of which formats each view offers, and one :func:`emit`.

A :class:`Format` is a name, the file suffixes and other names that pick it, and a ``render``
function: ``render(view, screen)`` draws ``view`` on the screen itself and returns None (the
terminal view, a JSON document to stdout), or returns the bytes to write. Renderer modules are
imported inside the render functions, so ``--json`` never imports Rich. Every view offers
``text`` and ``json``; :data:`REGISTRY` lists more for some (the plan: Markdown, HTML, SVG,
iCalendar). Giving a view another form is one render function and one line in the registry.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pomplan import files
from pomplan.errors import PomplanError, UsageProblem
from pomplan.record import Record
from pomplan.render import views as v


class Format(Record):
    name: str
    suffixes: tuple[str, ...]  # a file name ending in one picks this format (with --output)
    aliases: tuple[str, ...]  # other names --format accepts
    render: Callable[[Any, bool], bytes | None]


# --- render functions ------------------------------------------------------------------------


def _text(view: v.View, screen: bool) -> bytes | None:
    """The terminal view on the screen; for a file, the same as plain text."""
    if screen:
        from pomplan.render import terminal

        terminal.draw(view)
        return None
    from pomplan.render import export

    return export.text(view).encode("utf-8")


# The JSON document of each view, from ``json_doc`` (passed in: it is imported when needed).
_DOCUMENTS: dict[type, Callable[[Any, Any], Any]] = {
    v.EstimateView: lambda j, view: j.estimate(*view),
    v.PathsView: lambda j, view: j.paths(*view),
    v.PathDetailView: lambda j, view: j.path_detail(*view),
    v.ComparisonView: lambda j, view: j.comparison(*view),
    v.FaqView: lambda j, view: j.faq(*view),
    v.StepsView: lambda j, view: j.steps(*view),
    v.SkillsView: lambda j, view: j.skills(*view),
    v.SkillDetailView: lambda j, view: j.skills((view.skill,)),
    v.SkillLevelsView: lambda j, view: _skill_levels(view),
    v.RulesView: lambda j, view: j.rules(*view),
    v.SourcesView: lambda j, view: j.sources(*view),
    v.PlanView: lambda j, view: _plan_notes(j.plan(view.plan, view.details), view),
    v.ProgressView: lambda j, view: j.progress(*view),
    v.TickedView: lambda j, view: j.ticked(*view),
    v.ProfileView: lambda j, view: j.profile(*view),
    v.ProfileListView: lambda j, view: j.profile_list(*view),
    v.ProfilePathsView: lambda j, view: j.profile_paths(*view),
    v.ProfileResetView: lambda j, view: j.profile_reset(*view),
    v.NotesView: lambda j, view: _notes_json().notes(*view),
    v.ProfileImportView: lambda j, view: _notes_json().profile_import(*view),
    v.MatchView: lambda j, view: _match_document(view),
    v.CohortView: lambda j, view: _cohort_json().cohort(*view),
    v.CohortImportView: lambda j, view: _cohort_json().cohort_import(*view),
    v.CohortExportView: lambda j, view: _cohort_json().cohort_export(*view),
}


def _notes_json() -> Any:
    from pomplan.render import json_notes

    return json_notes


def _plan_notes(doc: dict[str, Any], view: v.PlanView) -> dict[str, Any]:
    """With --details, the plan's document lists the profile's notes too (``notes``)."""
    if view.details:
        doc["notes"] = _notes_json().note_list(view.notes)
    return doc


def _match_document(view: v.MatchView) -> Any:
    from pomplan.render import json_match

    return json_match.match(view.match)


def _cohort_json() -> Any:
    from pomplan.render import json_cohort

    return json_cohort


def _skill_levels(view: v.SkillLevelsView) -> Any:
    from pomplan.render.json_skills import skill_levels

    return skill_levels(view)


def _json(view: v.View, screen: bool) -> bytes | None:
    from pomplan.render import json_doc

    doc = _DOCUMENTS[type(view)](json_doc, view)
    if screen:
        json_doc.write(doc)
        return None
    return json_doc.dumps(doc).encode("utf-8")


def _export(make: Callable[[Any, v.PlanView], str]) -> Callable[[v.PlanView, bool], bytes]:
    """A plan export made as text by ``make(export, view)``, the export module imported only
    when that format is asked for."""

    def render(view: v.PlanView, screen: bool) -> bytes:
        from pomplan.render import export

        return make(export, view).encode("utf-8")

    return render


def _ics(view: v.PlanView, screen: bool) -> bytes:
    from pomplan.render import export

    return export.ics(view)


def _rows(form: str) -> Callable[[v.BatchView, bool], bytes | None]:
    """A batch format: every row as it is estimated, straight to standard output."""

    def render(view: v.BatchView, screen: bool) -> bytes | None:
        import io

        from pomplan.render import rows

        if screen:
            rows.write(view.run, view.rules, sys.stdout, form)
            return None
        out = io.StringIO()
        rows.write(view.run, view.rules, out, form)
        return out.getvalue().encode("utf-8")

    return render


def _table(view: v.BatchView, screen: bool) -> bytes | None:
    """The batch as a table for people (on a terminal, without --format)."""
    from pomplan.render import terminal

    if screen:
        terminal.draw(view)
        return None
    return terminal.as_text(view, 100).encode("utf-8")


# --- the registry ----------------------------------------------------------------------------

TEXT = Format("text", (".txt",), ("txt",), _text)
JSON = Format("json", (".json",), (), _json)
MARKDOWN = Format(
    "markdown", (".md", ".markdown"), ("md",), _export(lambda e, view: e.markdown(view))
)
HTML = Format("html", (".html", ".htm"), ("htm",), _export(lambda e, view: e.html(view)))
SVG = Format("svg", (".svg",), (), _export(lambda e, view: e.svg(view)))
ICS = Format("ics", (".ics",), ("ical", "icalendar"), _ics)
JSONL = Format("jsonl", (".jsonl", ".ndjson"), (), _rows("jsonl"))
CSV = Format("csv", (".csv",), (), _rows("csv"))
TABLE = Format("text", (".txt",), ("table", "txt"), _table)

BASIC = (TEXT, JSON)
REGISTRY: dict[type, tuple[Format, ...]] = {
    v.EstimateView: BASIC,
    v.PathsView: BASIC,
    v.PathDetailView: BASIC,
    v.ComparisonView: BASIC,
    v.FaqView: BASIC,
    v.StepsView: BASIC,
    v.SkillsView: BASIC,
    v.SkillDetailView: BASIC,
    v.SkillLevelsView: BASIC,
    v.RulesView: BASIC,
    v.SourcesView: BASIC,
    v.PlanView: (TEXT, MARKDOWN, HTML, SVG, ICS, JSON),
    v.ProgressView: BASIC,
    v.TickedView: BASIC,
    v.ProfileView: BASIC,
    v.ProfileListView: BASIC,
    v.ProfilePathsView: BASIC,
    v.ProfileResetView: BASIC,
    v.NotesView: BASIC,
    v.ProfileImportView: BASIC,
    v.BatchView: (TABLE, JSONL, CSV),
    v.MatchView: BASIC,
    v.CohortView: BASIC,
    v.CohortImportView: BASIC,
    v.CohortExportView: BASIC,
}


def names(view: type) -> tuple[str, ...]:
    """The formats ``view`` offers, by name, in the order help lists them."""
    return tuple(f.name for f in REGISTRY[view])


def lookup(view: type, name: str) -> Format:
    """The format ``name`` of ``view``; a KeyError if it offers none of that name."""
    for form in REGISTRY[view]:
        if form.name == name:
            return form
    raise KeyError((view.__name__, name))


def resolve(view: type, value: str | None, output: str | None, as_json: bool) -> str:
    """The format asked for: --format, else --json, else the --output file's suffix, else text."""
    offered = REGISTRY[view]
    if value is not None:
        form = _named(offered, value)
        if as_json and form != "json":
            raise UsageProblem(f"--json and --format {form} ask for different things; give one")
        return form
    if as_json:
        return "json"
    if output in (None, "-"):
        return "text"
    suffix = Path(output or "").suffix.lower()
    for f in offered:
        if suffix in f.suffixes:
            return f.name
    raise UsageProblem(
        f"--output {output}: can't tell the format from the name; add --format "
        f"({', '.join(f.name for f in offered)}) or end the name in "
        f"{', '.join(s for f in offered for s in f.suffixes)}"
    )


def _named(offered: tuple[Format, ...], value: str) -> str:
    """The format --format ``value`` names (case, spacing and aliases forgiven)."""
    named = value.strip().lower()
    for f in offered:
        if named in f.aliases:
            named = f.name
    normal = named.replace("_", "-").replace(" ", "-")
    choices = tuple(f.name for f in offered)
    if normal in choices:
        return normal
    from pomplan.content import did_you_mean

    hint = did_you_mean(normal, choices)
    raise UsageProblem(f"--format: no format {named!r}; {hint}choose from: {', '.join(choices)}")


# --- writing ---------------------------------------------------------------------------------


def emit(
    view: v.View, form: str = "text", output: str | None = None, force: bool = False
) -> Path | None:
    """Write ``view`` as ``form`` to standard output (no ``output``, or ``-``) or to the file
    ``output``: an existing file is replaced only with ``force``, and then all at once; what
    is not a regular file is refused, ``force`` or not, but a terminal or standard output
    (``/dev/stdout``, ``/dev/tty``) is written to as a stream. Returns the file written, if
    any (not a stream)."""
    render = lookup(type(view), form).render
    if output in (None, "-"):
        data = render(view, True)
        if data is not None:
            _to_stdout(data)
        return None
    data = render(view, False)
    assert data is not None  # a render function returns bytes when not drawing on the screen
    return _to_file(data, output, force)


def write_output(data: bytes, output: str | None, force: bool) -> Path | None:
    """``data`` to standard output (no ``output``, or ``-``) or to the file ``output``, as
    :func:`emit` writes a view's bytes: the file written, if any."""
    if output in (None, "-"):
        _to_stdout(data)
        return None
    return _to_file(data, output, force)


def _to_stdout(data: bytes) -> None:
    sys.stdout.flush()
    raw = getattr(sys.stdout, "buffer", None)  # bytes as they are: a calendar's CRLF stays
    if raw is None:  # a text-only stream, such as a test's
        sys.stdout.write(data.decode("utf-8"))
    else:
        raw.write(data)
        raw.flush()


def _to_file(data: bytes, output: str, force: bool) -> Path | None:
    path = Path(output).expanduser()
    if path.is_dir():
        raise PomplanError(f"--output: {output!r} is a folder", "name a file inside it")
    if _streamed(data, path, output):
        return None
    if not path.parent.is_dir():
        raise PomplanError(
            f"--output: there is no folder {str(path.parent)!r}", "create it first, or fix the path"
        )
    if not force and (path.exists() or path.is_symlink()):
        raise _exists(output)
    try:
        if force:  # through a symlink, the file it points to is replaced
            files.replace(path.resolve() if path.is_symlink() else path, data)
        else:  # created exclusively: if one appears meanwhile, it is not touched
            files.write_new(path, data)
    except FileExistsError:
        raise _exists(output) from None
    except OSError as exc:
        raise PomplanError(f"--output: can't write {output!r}: {exc.strerror or exc}") from None
    return path


_NOT_FILES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _streamed(data: bytes, path: Path, output: str) -> bool:
    """Whether ``data`` went to ``path`` as a stream: standard output or a terminal named by
    its path. Anything else that is there and not a regular file (a FIFO, a device such as
    /dev/null, a socket) is refused; it is never replaced, even with --force."""
    try:
        info = path.stat()  # through a symlink: what it points to
    except OSError:
        return False  # nothing there (or nothing reachable): the writing says what is wrong
    if stat.S_ISREG(info.st_mode) and not _is_stdout(info):
        return False
    if _is_stdout(info):
        _to_stdout(data)
        return True
    if stat.S_ISCHR(info.st_mode) and _to_terminal(data, path, output):
        return True
    kind = next((name for test, name in _NOT_FILES if test(info.st_mode)), "not a file")
    raise PomplanError(
        f"--output: {output!r} is {kind}, not a regular file, and pomplan replaces only "
        "regular files, even with --force",
        "name another file, or leave out --output to write to standard output",
    )


def _is_stdout(info: os.stat_result) -> bool:
    """Whether ``info`` is what standard output is (``/dev/stdout``, or its file by name)."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # a stream of its own (a test's): the process's
        fd = 1
    try:
        return os.path.samestat(info, os.fstat(fd))
    except OSError:
        return False


# The names terminals go by (Linux, macOS, the BSDs): only such a device is opened to ask
# whether it is one, since opening some others does something (a watchdog, a tape rewinding).
_TERMINALS = re.compile(r"/dev/(tty\w*|pts/\d+|console)")


def _to_terminal(data: bytes, path: Path, output: str) -> bool:
    """Write ``data`` to the terminal ``path`` and say True; False if it is no terminal."""
    if not _TERMINALS.fullmatch(os.path.realpath(path)):
        return False
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)  # no O_CREAT, no O_TRUNC: a device is never made or emptied
    except OSError as exc:
        raise PomplanError(f"--output: can't write {output!r}: {exc.strerror or exc}") from None
    try:
        if not os.isatty(fd):
            return False
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise PomplanError(f"--output: can't write {output!r}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return True


def _exists(output: str) -> PomplanError:
    return PomplanError(
        f"--output: {output!r} already exists", "add --force to replace it, or pick another name"
    )
