"""A light record: typed fields, built by position or keyword, immutable, compared by value.

For the small value types that a command makes a handful of (views, rule tables, formats,
the field table's rows): a class of this kind takes a few microseconds to define where a
named tuple takes a hundred, and a process defines them all at start-up. A record unpacks
like a tuple (``a, b = record``), equals a tuple of the same values and offers ``_replace``;
its fields are its own annotations, in order, and a field's default is a class attribute.
Types made by the thousand (``Range``, ``Profile``, estimate lines) stay named tuples: they
are faster to make.
"""

from __future__ import annotations

from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True)
class Record:
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls) -> None:
        # The class's own annotations, as written (inspect.get_annotations would import
        # inspect, about 10 ms); ClassVars are not fields.
        own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        fields = [name for name, kind in own.items() if not str(kind).startswith("ClassVar")]
        cls._fields = tuple(fields)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kind = type(self)
        if len(args) > len(self._fields):
            raise TypeError(f"{kind.__name__} takes {len(self._fields)} values")
        values = dict(zip(self._fields, args, strict=False))
        for name in self._fields[len(args) :]:
            if name in kwargs:
                values[name] = kwargs.pop(name)
            elif hasattr(kind, name):
                values[name] = getattr(kind, name)
            else:
                raise TypeError(f"{kind.__name__}: missing {name!r}")
        if kwargs:
            raise TypeError(f"{kind.__name__}: unknown {', '.join(kwargs)}")
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: use _replace")

    def _replace(self, **changes: Any) -> Any:
        return type(self)(**{**self.__dict__, **changes})

    def __iter__(self) -> Any:
        return iter([self.__dict__[name] for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, tuple):  # as a named tuple compares with a plain one
            return tuple(self) == other
        return type(other) is type(self) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({shown})"
