"""Numbers as pomplan reads and writes them: a typed or saved figure checked within its bounds
and kept to hundredths, and shown without exponents or trailing zeros. Pure; re-exported by
:mod:`pomplan.fields`, where the other checks live."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pomplan.errors import UsageProblem

# The precision a typed or saved figure keeps: 1e-100000 is 0, not half a megabyte of zeros.
PRECISION = Decimal("0.01")


def plain(value: Decimal) -> str:
    """A number as a person writes it: 4, 2.5, 0.75 (no exponent, no trailing zeros)."""
    return f"{value.normalize():f}"


def json_number(value: Decimal) -> int | float:
    """A number as JSON writes it: whole numbers as integers."""
    return int(value) if value == value.to_integral_value() else float(value)


def number(
    label: str, value: str | None, bounds: tuple[Decimal, Decimal], unit: str
) -> Decimal | None:
    """``value`` as a finite number within ``bounds``, else a usage error."""
    if value is None:
        return None
    low, high = plain(bounds[0]), plain(bounds[1])
    try:
        if "_" in value:  # Decimal would read "1_0" as 10; a person meant something else
            raise InvalidOperation
        parsed = Decimal(value.strip())
    except InvalidOperation:
        raise UsageProblem(
            f"{label}: {value!r} is not a number; give {unit} from {low} to {high}"
        ) from None
    if not parsed.is_finite():
        raise UsageProblem(
            f"{label}: {value!r} is not a finite number; give {unit} from {low} to {high}"
        )
    parsed = parsed if parsed else Decimal(0)  # "-0" is 0
    if not bounds[0] <= parsed <= bounds[1]:
        raise UsageProblem(f"{label}: {value} is out of range; give {unit} from {low} to {high}")
    return rounded(parsed)


def rounded(value: Decimal) -> Decimal:
    """A figure within its bounds, kept to :data:`PRECISION` (``0.001`` is 0, ``-0`` is 0)."""
    return value.quantize(PRECISION, ROUND_HALF_UP).normalize() + 0
