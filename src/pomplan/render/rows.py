"""The batch formats: each row of an ``estimate --input`` run as a line of JSON Lines or CSV,
written as the run goes, so memory stays flat however long the input is.

The estimate of a row is put together from cached pieces (:mod:`pomplan.render.json_lines`):
the same engine, and the same document, as ``pomplan estimate --json``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

from pomplan.fields import names, plain
from pomplan.model import Given, to_months
from pomplan.render import json_doc
from pomplan.render.json_lines import SIZE, EstimateLines
from pomplan.rules import Rules
from pomplan.text import escape

if TYPE_CHECKING:
    from pomplan.batch import Row, Run

Writer = Callable[["Row", Given | None, str | None], None]

CSV_OUTPUT = (
    "row",
    "id",
    *names(),
    "path_automatic",
    "years_low",
    "years_high",
    "months_low",
    "months_high",
    "assumed",
    "error",
)


def write(run: Run, rules: Rules, out: TextIO, form: str) -> None:
    """Write every row of ``run`` to ``out`` as ``form`` (``jsonl`` or ``csv``), in order."""
    run.each((csv_writer if form == "csv" else jsonl_writer)(out, rules))


def jsonl_writer(out: TextIO, rules: Rules) -> Writer:
    body = EstimateLines(rules).body
    dumps = json_doc.encoder()

    def write(row: Row, key: Given | None, error: str | None) -> None:
        if key is not None:
            out.write(f'{{"row":{row.number},"id":{dumps(row.ident)},{body(key)}\n')
        else:
            doc = {
                "row": row.number,
                "id": row.ident,
                "schema_version": json_doc.SCHEMA_VERSION,
                "error": error,
            }
            out.write(dumps(doc) + "\n")

    return write


def csv_writer(out: TextIO, rules: Rules) -> Writer:
    lines = EstimateLines(rules)
    writer = csv.writer(out, lineterminator="\n")
    started = False

    @lru_cache(maxsize=SIZE)
    def assumed(missing: tuple[Any, ...], path: str | None, reason: str) -> str:
        # The fields named in the document's assumptions, in the same order.
        return ";".join(a["field"] for a in json.loads(lines.assumptions(missing, path, reason)))

    def cells(key: Given) -> tuple[Any, ...]:
        s = lines.solve(key)
        final = s.years
        return (
            *(_cell(value) for value in s.values),
            "true" if s.automatic else "false",
            plain(final.low),
            plain(final.high),
            to_months(final.low),
            to_months(final.high),
            assumed(lines.missing(key), s.path if s.automatic else None, s.reason),
        )

    def write(row: Row, key: Given | None, error: str | None) -> None:
        nonlocal started
        if not started:  # after the input's header was checked, and only if there are rows
            writer.writerow(CSV_OUTPUT)
            started = True
        ident = row.ident if isinstance(row.ident, str) else json.dumps(row.ident)
        # A cell holds no control, bidirectional control or lone surrogate raw: escaped.
        ident = "" if row.ident is None else escape(ident)
        if key is not None:
            writer.writerow((row.number, ident, *cells(key), ""))
        else:
            blank = [""] * (len(CSV_OUTPUT) - 3)
            writer.writerow((row.number, ident, *blank, escape(error or "")))

    return write


def _cell(value: Any) -> str:
    """A profile value in a CSV cell: several joined with ';' (levels as ``id=level``)."""
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return ";".join(f"{k}={n}" for k, n in value)
    return (
        ";".join(value)
        if isinstance(value, tuple)
        else plain(value)
        if isinstance(value, Decimal)
        else value
    )
