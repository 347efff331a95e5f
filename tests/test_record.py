"""The light record behind pomplan's small value types behaves as the named tuples it replaced."""

from __future__ import annotations

from typing import ClassVar

import pytest

from pomplan.record import Record


class Point(Record):
    kind: ClassVar[str] = "point"  # a ClassVar is not a field
    x: int
    y: int = 0
    label: str = ""


class Other(Record):
    x: int
    y: int = 0
    label: str = ""


def test_fields_are_the_annotations_in_order() -> None:
    assert Point._fields == ("x", "y", "label")
    assert Point(1).label == "" and Point(1, 2).y == 2
    assert Point(1, label="a") == Point(x=1, y=0, label="a")


def test_a_missing_or_unknown_field_is_an_error() -> None:
    with pytest.raises(TypeError, match="missing 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unknown z"):
        Point(1, z=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 3 values"):
        Point(1, 2, "a", 4)  # type: ignore[call-arg]


def test_immutable_and_replace_gives_a_new_one() -> None:
    p = Point(1, 2)
    with pytest.raises(AttributeError):
        p.x = 5  # type: ignore[misc]
    q = p._replace(y=7)
    assert (p.y, q.y, q.x) == (2, 7, 1) and type(q) is Point


def test_unpacks_compares_and_hashes_like_a_tuple() -> None:
    x, y, label = Point(1, 2, "a")
    assert (x, y, label) == (1, 2, "a")
    assert Point(1, 2, "a") == (1, 2, "a")
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != Other(1, 2)  # another type with the same values
    assert hash(Point(1, 2, "a")) == hash((1, 2, "a"))
    assert len({Point(1, 2), Point(1, 2)}) == 1
    assert repr(Point(1)) == "Point(x=1, y=0, label='')"
