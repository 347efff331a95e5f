"""The cells of a batch row, checked against the field table: a value that is already exactly
right is taken as it is (the fast path), the others are checked as a flag is, once per distinct
value, and a value that can't be checked or written back (a lone surrogate, a number too large
to be finite, a list inside a list) is refused with the key named. :mod:`pomplan.batch` reads
the rows and calls :func:`given` on each.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any, cast

from pomplan.batch_lines import SURROGATE
from pomplan.errors import PomplanError, UsageProblem
from pomplan.fields import CHOICE, DATE, FIELDS, NUMBER, Field
from pomplan.levels import LEVELS
from pomplan.model import Given

CACHE_SIZE = 1024  # entries per cache of checked values (and of the batch's document pieces)
DIGITS = 100  # the most digits a whole number in a JSON row has (an id too)
_LONGEST = 10**DIGITS
_NESTED = "nested lists or objects are not read; give text, a number or a list of names"


def _surrogate(key: str, text: str) -> str:
    bad = SURROGATE.search(text)
    assert bad is not None
    return f"{key}: contains a lone surrogate (\\u{ord(bad[0]):04x}); fix the text"


def _plain(item: Any) -> bool:
    """A name in a list of names that needs no closer look: ASCII text."""
    return item.__class__ is str and item.isascii()


def _odd(key: str, value: Any) -> None:
    """Refuse a value of a known key that can't be checked or written back: a lone surrogate,
    a number too large to be finite, a list or object inside a list or object. Called only
    off the fast paths (a value that is not already exactly right)."""
    kind = value.__class__
    for item in value if kind is list else value.values() if kind is dict else (value,):
        if item.__class__ is str:
            if not item.isascii() and SURROGATE.search(item):
                raise UsageProblem(_surrogate(key, item))
        elif item.__class__ is float:
            if not math.isfinite(item):
                raise UsageProblem(
                    f"{key}: {item} is not a number pomplan can use; give a finite number"
                )
        elif item.__class__ is int:
            if not -_LONGEST < item < _LONGEST:
                raise UsageProblem(f"{key}: a number with more than {DIGITS} digits; shorten it")
        elif item.__class__ in (list, dict):
            raise UsageProblem(f"{key}: {_NESTED}")


# Checking ---------------------------------------------------------------------------------


def _text(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageProblem(f"{field}: expected text, got {json.dumps(value)}")
    return value if value.strip() else None


# A cohort repeats the same few values over and over: a value that is already exactly right is
# taken as it is, and the others are checked once per distinct value (the caches are bounded).
_NUMBERS = (str, int, float)  # not bool: true is not a number of hours


def _cell_check(f: Field) -> Callable[[Any], Any]:
    """The check of one field's cell: a value already exactly right is taken as it is; the
    others are checked as a flag is, once per distinct value."""
    name = f.name
    if f.kind == CHOICE:
        exact = frozenset(f.choices)

        def choice_cell(value: Any) -> Any:
            if value.__class__ is str and value in exact:
                return value
            if value is None:  # left out: nothing to check
                return None
            _odd(name, value)
            return f.check(name, _text(name, value))

        return choice_cell
    if f.kind == NUMBER:

        def number_cell(value: Any) -> Any:
            if value is None:
                return None
            if value.__class__ not in _NUMBERS:
                _odd(name, value)
                raise UsageProblem(f"{name}: expected a number, got {json.dumps(value)}")
            kind, number = value.__class__, cast(Any, value)
            if kind is int:
                if not -_LONGEST < number < _LONGEST:
                    _odd(name, value)
            elif (kind is float and not math.isfinite(number)) or (
                kind is str and not number.isascii()
            ):
                _odd(name, value)
            return _checked_number(name, value, kind.__name__)  # 1 and 1.0: two entries

        return number_cell
    if f.kind == DATE:

        def date_cell(value: Any) -> Any:
            if value is None:  # left out: nothing to check
                return None
            _odd(name, value)
            return f.check(name, _text(name, value))  # a day, YYYY-MM-DD, as the flag takes

        return date_cell

    if f.kind == LEVELS:
        return _levels_cell(name)

    def many_cell(value: Any) -> Any:
        if value is None:  # left out: nothing to check
            return None
        if not (value.__class__ is list and all(map(_plain, value))):
            _odd(name, value)
        if value.__class__ is list:
            if not all(v.__class__ is str for v in value):
                raise UsageProblem(f"{name}: expected a list of names, got {json.dumps(value)}")
            return _checked_many(name, tuple(value))
        return _checked_many(name, _text(name, value))

    return many_cell


@lru_cache(maxsize=CACHE_SIZE)
def _checked_number(name: str, value: Any, kind: str) -> Decimal | None:
    text = _text(name, value if kind == "str" else repr(value))
    checked: Decimal | None = _BY_NAME[name].check(name, text)
    return checked


@lru_cache(maxsize=CACHE_SIZE)
def _checked_many(name: str, value: tuple[str, ...] | str | None) -> tuple[str, ...] | None:
    """A list of names ([] for none held), or the names in one text separated by ';'."""
    if value is None:
        return None
    names = list(value) if isinstance(value, tuple) else value.split(";")
    checked: tuple[str, ...] | None = _BY_NAME[name].check(name, names) if names else ()
    return checked


def _levels_cell(name: str) -> Callable[[Any], Any]:
    """A levels cell: ``ID=LEVEL`` pairs in a text (``;`` or ``,`` between them), or, in a JSON
    row, an object of skill id -> level (a number or a level's name)."""

    def levels_cell(value: Any) -> Any:
        if value is None:
            return None
        kind = value.__class__
        if kind is dict:
            _odd(name, value)
            if not all(v.__class__ in (int, str) for v in value.values()):
                raise UsageProblem(f"{name}: expected levels from 0 to 4, got {json.dumps(value)}")
            return _checked_levels(name, tuple(f"{k}={v}" for k, v in value.items()))
        if kind is not str:
            _odd(name, value)
            raise UsageProblem(f"{name}: expected ID=LEVEL pairs, got {json.dumps(value)}")
        _odd(name, value)
        return _checked_levels(name, _text(name, value))

    return levels_cell


@lru_cache(maxsize=CACHE_SIZE)
def _checked_levels(name: str, value: tuple[str, ...] | str | None) -> Any:
    if value is None:
        return None
    return _BY_NAME[name].check(name, list(value) if isinstance(value, tuple) else value)


_BY_NAME = {f.name: f for f in FIELDS}
_CHECKS = tuple((f.name, _cell_check(f)) for f in FIELDS)
_given = functools.partial(tuple.__new__, Given)  # one value per field, in the table's order


def given(values: dict[str, Any]) -> Given:
    """A row's values, checked as the flags are; anything empty or missing stays ``None``."""
    get = values.get
    return _given([check(get(name)) for name, check in _CHECKS])


# What a row's values can still raise past the checks; the row gets an error record.
CONTAINED = (ArithmeticError, RecursionError, ValueError)


def unusable(exc: Exception) -> str:
    return f"its values could not be worked with ({type(exc).__name__}); check its numbers"


def said(exc: PomplanError) -> str:
    """A check's refusal as one problem of a row: what is wrong, then how to fix it."""
    return f"{exc.message}; {exc.hint}" if exc.hint else exc.message


def problems(values: dict[str, Any]) -> list[str]:
    """Every problem of a row's values, field by field in the table's order (the first is the
    one :func:`given` raises). The slow path: only a row :func:`given` refused comes here."""
    found = []
    get = values.get
    for name, check in _CHECKS:
        try:
            check(get(name))
        except PomplanError as exc:
            found.append(said(exc))
        except CONTAINED as exc:
            found.append(unusable(exc))
    return found


NUMBERS = tuple(f.name for f in FIELDS if f.kind == NUMBER)  # the columns holding numbers


def decimal_comma(text: str) -> str:
    """A number written with a decimal comma (``7,5``) as pomplan reads it (``7.5``); any other
    text as it is. Only for a file whose cells a semicolon separates: a spreadsheet set to a
    language that writes decimal commas writes such files (a comma there as a thousands
    separator would give a number far past any bound of pomplan's, refused either way)."""
    whole, comma, part = text.strip().partition(",")
    if comma and (whole + part).isascii() and whole.lstrip("+-").isdigit() and part.isdigit():
        return f"{whole}.{part}"
    return text
