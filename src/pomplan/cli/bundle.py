"""``pomplan profile export`` and ``profile import``: a profile, its progress and notes as one
JSON file, to hand to a coach or take to another computer (the format is ``pomplan.bundle``).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from pomplan import bundle, files, store
from pomplan.cli import complete
from pomplan.cli.options import JsonOpt, ProfileOpt
from pomplan.cli.session import inherited, note, profile_name, today, where
from pomplan.errors import PomplanError
from pomplan.render import emit
from pomplan.render.views import ProfileImportView
from pomplan.store.base import closest_saved


def export_(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            autocompletion=complete.files,
            help="Write the bundle to this file instead of standard output.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --output file.")] = False,
    profile: ProfileOpt = None,
) -> None:
    """Write a profile, its progress and its notes as one JSON file.

    Hand the file to a coach, or take it to another computer and run 'pomplan profile
    import FILE' there.
    """
    name = profile_name(ctx, inherited(ctx, "profile", profile))[0]
    locations = where()
    saved = store.load_profile(locations, name)
    if saved is None:
        raise PomplanError(
            f"no saved profile {name!r} to export",
            f"{closest_saved(locations, name)}'pomplan profile list' shows the saved ones",
        )
    from pomplan.render import json_doc
    from pomplan.render.formats import write_output

    data = json_doc.dumps(bundle.export_doc(locations, name, saved, today())).encode("utf-8")
    written = write_output(data, output, force)
    if written is not None:
        note(f"wrote profile '{name}' to {written}")


def import_(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A file 'pomplan profile export' wrote; - reads standard input.",
            autocompletion=complete.files,
            show_default=False,
        ),
    ],
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help="Save it under this name (default: the name in the file).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a profile of that name; its files move to a backup folder first.",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Save a profile from a file 'pomplan profile export' wrote, with its progress and notes.

    Everything in the file is checked before anything is saved. A profile of that name is
    never replaced without --force, and then its files move to a backup folder first.
    """
    label = "standard input" if source == "-" else source
    found = bundle.read_bundle(_read(source), label)
    if found.ignored:
        note(f"{label}: ignored keys this pomplan does not know: {', '.join(found.ignored)}")
    name = store.check_name(as_, "--as") if as_ is not None else found.name
    backup = bundle.write(where(), name, found, force, datetime.now())
    view = ProfileImportView(name, source, len(found.done), len(found.notes.notes), backup)
    emit(view, "json" if inherited(ctx, "json", json) else "text")


def _read(source: str) -> bytes:
    """The bundle's bytes, at most :data:`bundle.LIMIT` of them, from a file or stdin."""
    limit = bundle.LIMIT
    if source == "-":
        stream: Any = getattr(sys.stdin, "buffer", None)
        data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode()
        if len(data) > limit:
            raise PomplanError(
                f"standard input holds more than {files.size(limit)}, the most a bundle may be",
                "give a file written by 'pomplan profile export'",
            )
        return bytes(data)
    try:
        data = files.read_bytes(Path(source).expanduser(), limit)
    except files.Refused as exc:
        raise PomplanError(f"{source} {exc.reason}", "give the bundle's file") from None
    except OSError as exc:
        raise PomplanError(f"{source} can't be read: {exc.strerror or exc}") from None
    if data is None:
        raise PomplanError(f"there is no file {source!r}", "check the name, or use - for stdin")
    return data
