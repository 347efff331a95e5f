"""The lines of an ``estimate --input`` file, each read on its own with a cap, so memory stays
flat whatever the input: a FIFO, a device or a folder is refused at once, a line longer than
the cap costs at most the cap (and is named, not read), and a line that is not UTF-8 is named
without spoiling the next one. :mod:`pomplan.batch` makes rows of the lines.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from pomplan import files
from pomplan.errors import PomplanError

LINE_CAP = 64 * 1024  # characters of one line; a longer line is that row's error, read past
_SKIP = 64 * 1024  # how much of a too-long line is read at a time while going past it
RUN_ON = 64 * 1024 * 1024  # characters read past before a line with no end stops the run
SURROGATE = re.compile("[\ud800-\udfff]")  # what a byte that is not UTF-8 decodes to
NOT_UTF8 = "not UTF-8 text; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"
TOO_LONG = (
    f"longer than {LINE_CAP:,} characters, the most pomplan reads for one row; "
    "shorten it, one person per line"
)


# A line: its text (or its first LINE_CAP characters), and why it can't be read (too long, not
# UTF-8) or None. A plain tuple: one is made per row, and a NamedTuple costs more to make.
Line = tuple[str, str | None]


def open_input(name: str) -> io.TextIOWrapper:
    """The file ``--input`` names, or standard input for ``-``; UTF-8, a BOM allowed. A byte
    that is not UTF-8 is kept (as a lone surrogate) for :func:`lines` to name its row."""
    if name == "-":
        return _decoded(sys.stdin.buffer)
    path = Path(name).expanduser()
    try:
        return _decoded(files.open_regular(path))
    except FileNotFoundError:
        raise PomplanError(f"--input: no file {name!r}", "check the path") from None
    except files.Refused as exc:
        what = "is a folder" if path.is_dir() else exc.reason
        raise PomplanError(f"--input: {name!r} {what}", "name a CSV or JSONL file") from None
    except OSError as exc:
        raise PomplanError(f"--input: can't read {name!r}: {exc.strerror or exc}") from None


def _decoded(raw: BinaryIO) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")


def lines(stream: TextIO) -> Iterator[Line]:
    """The lines of ``stream`` (ended by \\n, \\r\\n or \\r), each read with a cap: a longer
    line costs at most the cap, however long it is, and the next line is read as usual."""
    read = stream.readline
    while text := read(LINE_CAP + 1):
        if len(text) > LINE_CAP and text[-1] not in "\r\n":
            _skip(read)
            yield text[:LINE_CAP], TOO_LONG
        elif not text.isascii() and SURROGATE.search(text):
            yield text, NOT_UTF8
        else:
            yield text, None


def _skip(read: Callable[[int], str]) -> None:
    """Read past the rest of a line too long to read, in bounded steps; a line that runs on
    without end (``< /dev/zero``) stops the run rather than reading for ever."""
    skipped = 0
    while (part := read(_SKIP)) and part[-1] not in "\r\n":
        skipped += len(part)
        if skipped > RUN_ON:
            raise PomplanError(
                f"--input: a line runs on past {RUN_ON // (1024 * 1024)} MiB without ending",
                "give a CSV or JSONL file, one person per line",
            )


DELIMITERS = (",", ";", "\t")  # what separates a CSV file's cells, in the order ties go


def delimiter(header: str) -> str:
    """What separates the cells of a CSV file, told from its header line: the comma, the
    semicolon (spreadsheets set to a language that writes decimal commas) or the tab, whichever
    the line holds most of outside quotes; a comma when it holds none (a single column)."""
    outside, quoted = [], False
    for part in header.split('"'):  # every other part is inside quotes ("" reopens at once)
        if not quoted:
            outside.append(part)
        quoted = not quoted
    text = "".join(outside)
    counts = [text.count(d) for d in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))]
