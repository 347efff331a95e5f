"""Where pomplan steps around a Typer cost it does not need (Typer 0.29).

Typer converts every parameter (bar flags already holding a bool) through a pydantic
TypeAdapter that it builds on first use: pydantic's import plus about 1 ms a parameter, more
than all of pomplan's own start-up. pomplan's parameters are text (one value or several) or
flags, and pomplan checks the text itself with clearer messages, so none of them needs that
conversion. Each hook checks that the attribute it sets exists, so on a Typer without it the
hook does nothing and Typer's own conversion runs. tests/test_startup_imports.py fails if
pydantic comes back.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

HELP_NAMES = ["-h", "--help"]


class Verbatim:
    """Hands a parameter's value to the command as the parser produced it."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if param.multiple or param.nargs == -1:
            return list(value or ())
        return value


def verbatim(command: Any) -> Any:
    """Let ``command``'s text parameters (and its subcommands') skip Typer's conversion.

    Only where this Typer has the lazy per-parameter hook it targets; elsewhere a no-op.
    """
    verbatim_params(command)
    for sub in getattr(command, "commands", {}).values():
        verbatim(sub)
    return command


def verbatim_params(command: Any) -> None:
    params = list(getattr(command, "params", ()))
    if hasattr(command, "get_help_option"):
        # Built on demand and then cached by the command; build it now, with the same names.
        help_option = command.get_help_option(SimpleNamespace(help_option_names=HELP_NAMES))
        params += [help_option] if help_option is not None else []
    for param in params:
        if hasattr(param, "_runtime_param"):
            param._runtime_param = Verbatim()
