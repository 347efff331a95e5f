"""Reading pomplan's TOML data files, with errors that name the file, the entry and the key.

Numbers are read as :class:`~decimal.Decimal`, so that sums of adjustments are exact and an
estimate's breakdown reconciles to the last digit.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pomplan.errors import DataFileError

SCHEMA_VERSION = 1
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shipped(name: str) -> Traversable:
    """A file of the knowledge shipped inside the package (``pomplan/data/NAME``).

    An editable install (``pip install -e .``) has no ``pomplan/data``: the wheel packs
    ``data/`` there, an editable install points at ``src/``. There the checkout's own
    ``data/`` is used.
    """
    inside = files("pomplan") / "data"
    if not inside.is_dir():
        checkout = Path(__file__).resolve().parents[2] / "data"
        if checkout.is_dir():
            return checkout / name
    return inside / name


def load_shipped(name: str) -> tuple[dict[str, Any], str]:
    resource = shipped(name)
    label = str(resource)
    try:
        data = resource.read_bytes()
    except OSError as exc:
        raise DataFileError(
            f"{label}: cannot read pomplan's shipped data ({exc.strerror or exc})",
            "reinstall pomplan",
        ) from None
    return parse(data, label, trusted=True), label


RULES_LIMIT = 1 << 20  # bytes: the shipped rules file is about 15 KB

# Caps no real data file comes near, so that a hostile one is named at once instead of
# costing minutes, gigabytes or a RecursionError (tomllib and json recurse, and tomllib's
# dotted keys cost the square of their length: 10,000 dots took 6 s).
MAX_DEPTH = 32  # lists and tables within each other; pomplan's own files use 3
MAX_DOTS = 8  # dots in one key or table header ('a.b.c = 1' has 2)
MAX_DIGITS = 40  # digits in one number; a whole number has at most 18
_INT_RANGE = 10**18

# The text with every string and comment blanked, so that a dot or bracket inside a quote
# is not counted. An unclosed string runs to the end (of its line, or of the text for a
# multi-line one), so the scan stays linear whatever the input.
_TOML_SKIP = (
    r'"""(?:[^\\]|\\.)*?(?:"""|\Z)|\'\'\'.*?(?:\'\'\'|\Z)'  # multi-line strings
    r'|"(?:[^"\\\n]|\\.)*+"?|\'[^\'\n]*+\'?|#[^\n]*+'  # strings, literal strings, comments
)
_SEGMENT = r'(?:[\w-]++|"")'
_DOTTED = rf"(?<![\w-]){_SEGMENT}(?:[ \t]*+\.[ \t]*+{_SEGMENT}){{{MAX_DOTS + 1}}}"


@cache
def _scanners() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pre-scan's patterns, compiled when a file from outside is first read (pomplan's
    own files are not scanned)."""
    return re.compile(_TOML_SKIP, re.DOTALL), re.compile(_DOTTED)


def load_file(path: Path, limit: int = RULES_LIMIT) -> tuple[dict[str, Any], str]:
    """The TOML file at ``path``, read only if it is a regular file of at most ``limit`` bytes."""
    from pomplan import files

    label = str(path)
    try:
        data = files.read_bytes(path, limit)
    except files.Refused as exc:
        hint = "check the path" if exc.reason.startswith("is larger") else "name a TOML file"
        raise DataFileError(f"{label}: {exc.reason}", hint) from None
    except OSError as exc:
        raise DataFileError(f"{label}: cannot read it ({exc.strerror or exc})") from None
    if data is None:
        raise DataFileError(f"{label}: no such file", "check the path")
    return parse(data, label), label


def parse(data: bytes, label: str, trusted: bool = False) -> dict[str, Any]:
    """A TOML data file's document, its schema_version checked. pomplan's own files
    (``trusted``) skip the caps that guard against hostile files."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{label}: not UTF-8 text (bad byte at offset {exc.start})", "save it as UTF-8"
        ) from None
    doc = _toml(text, label, trusted)
    version = doc.get("schema_version")
    if version is None:
        raise DataFileError(f"{label}: key 'schema_version' is missing", "add schema_version = 1")
    if type(version) is not int or version < 1:
        raise DataFileError(f"{label}: key 'schema_version' must be a positive whole number")
    if version > SCHEMA_VERSION:
        raise DataFileError(
            f"{label}: schema_version {version} is newer than this pomplan understands "
            f"({SCHEMA_VERSION})",
            "upgrade pomplan",
        )
    return doc


def _toml(text: str, label: str, trusted: bool = False) -> dict[str, Any]:
    """``text`` parsed as TOML, within the caps above; any excess is one :class:`DataFileError`."""
    if not trusted:
        skip, dotted_key = _scanners()
        bare = skip.sub(_blank, text)
        dotted = dotted_key.search(bare)
        if dotted:
            line = bare.count("\n", 0, dotted.start()) + 1
            raise DataFileError(f"{label}: line {line} has a key with more than {MAX_DOTS} dots")
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{label}: not valid TOML: {exc}") from None
    except RecursionError:
        raise DataFileError(f"{label}: {too_deep()}") from None
    except ValueError:  # Python refuses to read a whole number of over 4300 digits
        raise DataFileError(f"{label}: {too_long()}") from None
    problem = None if trusted else out_of_bounds(doc)
    if problem:
        raise DataFileError(f"{label}: {problem}")
    return doc


def _blank(match: re.Match[str]) -> str:
    """A string as an empty one (a comment as nothing), keeping its line breaks."""
    found = match.group()
    return ("" if found.startswith("#") else '""') + "\n" * found.count("\n")


def too_deep() -> str:
    return f"has lists or tables nested more than {MAX_DEPTH} deep"


def too_long() -> str:
    return f"has a number of more than {MAX_DIGITS} digits"


def out_of_bounds(doc: object) -> str | None:
    """What in a parsed document (TOML or JSON) exceeds the caps above, and where, or ``None``."""
    stack: list[tuple[object, int, str]] = [(doc, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return too_deep()
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((item, depth + 1, _joined(where, key)) for key, item in items)
        elif isinstance(value, int) and not isinstance(value, bool):
            if not -_INT_RANGE < value < _INT_RANGE:
                return f"key '{where}' has a whole number too large for a figure (over 18 digits)"
        elif isinstance(value, Decimal) and len(value.as_tuple().digits) > MAX_DIGITS:
            return f"key '{where}' {too_long()}"
    return None


def _joined(where: str, key: object) -> str:
    return f"{where}[{key}]" if isinstance(key, int) else (f"{where}.{key}" if where else str(key))


def describe(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Reader:
    """Typed access to one table of a data file; every error says where it happened."""

    def __init__(self, table: dict[str, Any], label: str, where: str = "", key: str = "") -> None:
        self.table = table
        self.label = label
        self.where = where
        self.key = key

    def fail(self, key: str, problem: str) -> DataFileError:
        full = f"{self.key}.{key}" if self.key and key else (key or self.key)
        parts = [self.label]
        if self.where:
            parts.append(self.where)
        if full:
            parts.append(f"key '{full}'")
        return DataFileError(": ".join([", ".join(parts), problem]))

    def _get(self, key: str) -> Any:
        if key not in self.table:
            raise self.fail(key, "missing")
        return self.table[key]

    def has(self, key: str) -> bool:
        return key in self.table

    # Text a data file carries is at most a paragraph (a list at most a page of items): a 10 MB
    # reason would slow every estimate. Callers pass tighter limits (a label, an id).
    TEXT_LIMIT = 2000
    ITEMS_LIMIT = 100

    def text(self, key: str, limit: int = TEXT_LIMIT) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected non-empty text, got {describe(value)}")
        return self._printable(key, self._short(key, value.strip(), limit))

    def _short(self, key: str, value: str, limit: int) -> str:
        if len(value) > limit:
            raise self.fail(key, f"is {len(value)} characters long; shorten it to {limit} or fewer")
        return value

    def _printable(self, key: str, value: str) -> str:
        """Refuse control characters: text from a data file must not drive the terminal."""
        bad = _CONTROL.search(value)
        if bad:
            raise self.fail(key, f"contains a control character ({bad.group()!r}); remove it")
        return value

    # A figure in a data file has at most 6 digits before the point and 6 after it: 1e30 or
    # 1e-100000 is a typo, and would overflow a date or print half a megabyte of zeros.
    NUMBER_DIGITS = 6

    def number(self, key: str, span: tuple[Decimal, Decimal] | None = None) -> Decimal:
        """A finite number of at most :data:`NUMBER_DIGITS` digits either side of the point,
        within ``span`` (low, high) if given."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(key, f"expected a number, got {describe(value)}")
        number = Decimal(value)
        if not number.is_finite():
            raise self.fail(key, f"expected a finite number, got {value}")
        digits = self.NUMBER_DIGITS
        places = -int(number.normalize().as_tuple().exponent) if number else 0
        if places > digits or (number and number.adjusted() >= digits):
            raise self.fail(
                key,
                f"{describe(value)} has too many digits; write it with at most {digits} digits "
                f"before the point and {digits} after it",
            )
        if span is not None and not span[0] <= number <= span[1]:
            low, high = (f"{v.normalize():f}" for v in span)
            raise self.fail(key, f"must be between {low} and {high}, got {describe(value)}")
        return number

    def integer(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"expected a whole number, got {describe(value)}")
        return value

    def texts(
        self,
        key: str,
        *,
        allowed: tuple[str, ...] = (),
        empty_ok: bool = False,
        limit: int = TEXT_LIMIT,
        most: int = ITEMS_LIMIT,
    ) -> tuple[str, ...]:
        """A list of texts: at most ``most`` of them, each at most ``limit`` characters."""
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, f"expected a list of text, got {describe(value)}")
        if not value and not empty_ok:
            raise self.fail(key, "must not be empty")
        if len(value) > most:
            raise self.fail(key, f"lists {len(value)} items; give {most} or fewer")
        for item in value:
            self._short(key, item, limit)
        for item in value:
            if allowed and item not in allowed:
                raise self.fail(
                    key, f"unknown value {item!r} (expected one of: {', '.join(allowed)})"
                )
        return tuple(self._printable(key, v.strip()) for v in value)

    def sub(self, key: str, where: str | None = None) -> Reader:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {describe(value)}")
        new_key = "" if where is not None else (f"{self.key}.{key}" if self.key else key)
        return Reader(value, self.label, self.where if where is None else where, new_key)

    def items(self, key: str, what: str) -> Iterator[Reader]:
        """Each table of an array of tables (``[[key]]``), located by its ``id`` if it has one."""
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, f"expected one or more [[{key}]] tables, got {describe(value)}")
        for index, item in enumerate(value, start=1):
            ident = item.get("id")
            where = f"{what} {ident!r}" if isinstance(ident, str) else f"{what} #{index}"
            yield Reader(item, self.label, where)

    def only(self, *keys: str) -> None:
        """Reject keys this version does not know: a typo must not silently do nothing."""
        for key in self.table:
            if key not in keys:
                raise self.fail(key, f"unknown key (expected: {', '.join(keys)})")
