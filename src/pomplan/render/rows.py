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

Writer = Callable[["Row", Given | None, tuple[str, ...]], None]

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
    "line",  # the line of the input file where the row starts, as in JSON Lines
)


def write(run: Run, rules: Rules, out: TextIO, form: str) -> None:
    """Write every row of ``run`` to ``out`` as ``form`` (``jsonl`` or ``csv``), in order."""
    if form == "csv":
        unknown = getattr(run.rows, "unknown", None)
        run.each(csv_writer(out, rules, unknown, run.left_out))
    else:
        run.each(jsonl_writer(out, rules))


def jsonl_writer(out: TextIO, rules: Rules) -> Writer:
    body = EstimateLines(rules).body
    dumps = json_doc.encoder()

    def write(row: Row, key: Given | None, errors: tuple[str, ...]) -> None:
        if key is not None and row.extra is None:  # the common case, in one piece
            out.write(
                f'{{"row":{row.number},"line":{row.line},"id":{dumps(row.ident)},{body(key)}\n'
            )
            return
        head = f'{{"row":{row.number},"line":{row.line},"id":{dumps(row.ident)},'
        if row.extra is not None:
            head += f'"extra":{dumps(row.extra)},'
        if key is not None:
            out.write(f"{head}{body(key)}\n")
            return
        doc: dict[str, Any] = {"schema_version": json_doc.SCHEMA_VERSION, "error": errors[0]}
        doc["errors"] = list(errors)
        if row.values is not None:
            doc["values"] = {k: v for k, v in row.values.items() if k != "id"}
        out.write(f"{head}{dumps(doc)[1:]}\n")

    return write


def csv_writer(
    out: TextIO,
    rules: Rules,
    unknown: dict[str, None] | None = None,
    left_out: dict[str, None] | None = None,
) -> Writer:
    """CSV, one line per row: pomplan's columns (:data:`CSV_OUTPUT`), then the columns of the
    user's own that ``unknown`` names when the first row is written. A later row's key that is
    not among them is put in ``left_out`` (a CSV header can't grow)."""
    lines = EstimateLines(rules)
    writer = csv.writer(out, lineterminator="\n")
    extras: tuple[str, ...] | None = None
    blank = [""] * (len(CSV_OUTPUT) - len(names()) - 4)

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

    def own(row: Row) -> list[str]:
        if not extras:
            return []
        given = row.extra or {}
        if left_out is not None:
            left_out.update((k, None) for k in given if k not in extras)
        return [escape(_text(given.get(name, ""))) for name in extras]

    def write(row: Row, key: Given | None, errors: tuple[str, ...]) -> None:
        nonlocal extras
        if extras is None:  # after the input's header was checked, and only if there are rows
            extras = tuple(unknown or ())
            writer.writerow((*CSV_OUTPUT, *extras))
        ident = row.ident if isinstance(row.ident, str) else json.dumps(row.ident)
        # A cell holds no control, bidirectional control or lone surrogate raw: escaped.
        ident = "" if row.ident is None else escape(ident)
        if key is not None:
            writer.writerow((row.number, ident, *cells(key), "", row.line, *own(row)))
        else:
            given = row.values or {}
            values = [escape(_text(given.get(name, ""))) for name in names()]
            error = escape(" | ".join(errors))
            writer.writerow((row.number, ident, *values, *blank, error, row.line, *own(row)))

    return write


def _text(value: Any) -> str:
    """A value as given, for a CSV cell: text as it is, a list of names joined with ';',
    anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(value)
    return json.dumps(value, ensure_ascii=False)


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
