"""Every use pomplan makes of a private Typer name (Typer 0.29, which bundles Click as
``typer._click``), in one place. Each use is guarded: on a Typer without the name, the fix
is skipped and Typer's own behaviour runs. tests/test_typer_private.py fails loudly when a
Typer upgrade removes a name or leaves a fix silently inactive.

1. ``_runtime_param``: Typer converts every parameter through a pydantic TypeAdapter that it
   builds on first use: pydantic's import plus about 1 ms a parameter, more than all of
   pomplan's own start-up. pomplan's parameters are text (one value or several) or flags, and
   pomplan checks the text itself with clearer messages, so none of them needs that
   conversion: :func:`verbatim` hands each value on as the parser produced it.
2. ``NoArgsIsHelpError``: a bare ``pomplan`` (or ``pomplan profile``) prints its help on
   stdout and exits 0, not on stderr with exit 2 as Typer would.
3. ``typer._completion_classes`` and ``typer._click.shell_completion``: the bash and fish
   completion classes, told about bash splitting words at '=' and fish reading one answer a
   line (see :func:`install_completion_fixes`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

HELP_NAMES = ["-h", "--help"]
RUNTIME_PARAM = "_runtime_param"  # typer.core._TyperParameter's cached converter


class _NeverRaised(Exception):
    """Stands in for an exception class this Typer does not have."""


try:
    from typer._click.exceptions import NoArgsIsHelpError as _NoArgsIsHelpError
except ImportError:  # pragma: no cover - a Typer without it: its usage error is reported
    NO_ARGS_IS_HELP: type[Exception] = _NeverRaised
else:
    NO_ARGS_IS_HELP = _NoArgsIsHelpError


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
        if hasattr(param, RUNTIME_PARAM):
            setattr(param, RUNTIME_PARAM, Verbatim())


Tokens = Callable[[list[str], int], tuple[list[str], str, str]]


def install_completion_fixes(tokens: Tokens) -> bool:
    """Use pomplan's bash and fish completion classes from now on (call after Typer set up
    its own); ``tokens`` puts bash's words back together (:func:`complete.tokens`).

    False, and Typer's own classes stay, where this Typer does not have what they build on.
    """
    try:
        from typer._click.shell_completion import add_completion_class
    except ImportError:  # pragma: no cover - checked by tests/test_typer_private.py
        return False
    classes = completion_classes(tokens)
    if classes is None:  # pragma: no cover - checked by tests/test_typer_private.py
        return False
    bash, fish = classes
    add_completion_class(bash, "bash")
    add_completion_class(fish, "fish")
    return True


def completion_classes(tokens: Tokens) -> tuple[type[Any], type[Any]] | None:
    """pomplan's bash and fish classes, built on Typer's; None where Typer has none."""
    try:
        from typer._click.shell_completion import CompletionItem, split_arg_string
        from typer._completion_classes import BashComplete as TyperBash
        from typer._completion_classes import FishComplete as TyperFish
    except ImportError:  # pragma: no cover - checked by tests/test_typer_private.py
        return None

    class BashComplete(TyperBash):
        """Typer's bash completion, told about bash splitting words at '=' (see
        :func:`pomplan.cli.complete.tokens`): the answers are trimmed to the piece bash
        replaces."""

        trim = ""

        def get_completion_args(self) -> tuple[list[str], str]:
            words = split_arg_string(os.environ["COMP_WORDS"])
            args, incomplete, self.trim = tokens(words, int(os.environ["COMP_CWORD"]))
            return args, incomplete

        def format_completion(self, item: CompletionItem) -> str:
            value = str(item.value)
            if self.trim and value.startswith(self.trim):
                value = value[len(self.trim) :]
            return value

    class FishComplete(TyperFish):
        """Typer's fish completion with each answer on one line: Typer wraps long help to the
        terminal's width, and fish would take every wrapped line for another answer."""

        def format_completion(self, item: CompletionItem) -> str:
            return " ".join(str(super().format_completion(item)).split("\n"))

    return BashComplete, FishComplete
