"""The ``pomplan`` command line: the Typer app and its error boundary.

Commands are thin: check the flags, call the core, hand the result to a renderer. Errors from
anywhere end here as one line on stderr with exit status 2 (usage) or 1 (anything else); a
traceback is shown only with ``POMPLAN_DEBUG=1``.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import shutil
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from pomplan import __version__
from pomplan.cli import complete
from pomplan.cli._typer_hooks import HELP_NAMES, verbatim, verbatim_params
from pomplan.errors import PomplanError

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _one_line(text: str) -> str:
    text = text.replace("Value error, ", "")  # pydantic's prefix, where Typer's conversion runs
    text = re.sub(r"\s+", " ", text).strip()
    # Whatever a user typed is echoed harmlessly: no escape sequence reaches the terminal.
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _error(prefix: str, message: str) -> None:
    sys.stderr.write(f"{prefix}: error: {_one_line(message)}\n")
    sys.stderr.flush()


def _quiet_broken_pipe() -> int:
    # Whatever was still buffered for the closed pipe is dropped, not reported.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def _is_click_error(exc: BaseException) -> bool:
    return isinstance(getattr(exc, "exit_code", None), int) and hasattr(exc, "format_message")


# Every command, in the order help lists them: (module, attribute). A command is built by Typer
# only when it is used, so 'pomplan estimate' does not pay to build 'paths' or 'faq'.
COMMANDS: dict[str, tuple[str, str]] = {
    "estimate": ("pomplan.cli.estimate", "estimate"),
    "plan": ("pomplan.cli.plan", "plan"),
    "progress": ("pomplan.cli.plan", "progress_app"),
    "profile": ("pomplan.cli.profile", "profile_app"),
    "paths": ("pomplan.cli.paths", "paths_app"),
    "faq": ("pomplan.cli.guide", "faq"),
    "steps": ("pomplan.cli.guide", "steps"),
    "skills": ("pomplan.cli.guide", "skills"),
    "rules": ("pomplan.cli.guide", "rules"),
    "sources": ("pomplan.cli.guide", "sources"),
}


def _build(name: str) -> Any:
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        target = _single(name, target)
    return verbatim(typer.main.get_command(target))


def _single(name: str, function: Any) -> typer.Typer:
    single = typer.Typer(rich_markup_mode=None, add_completion=False)
    single.command(name=name)(function)
    return single


class _LazyCommands(dict[str, Any]):
    """Command name -> command, each built on first access; ``keys()`` builds nothing."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(dict.fromkeys(names))

    def __getitem__(self, name: str) -> Any:
        command = super().__getitem__(name)
        if command is None:
            command = _build(name)
            super().__setitem__(name, command)
        return command

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 (dict.get would not build)

    def values(self) -> Any:
        return [self[name] for name in self.keys()]

    def items(self) -> Any:
        return [(name, self[name]) for name in self.keys()]


class PomplanGroup(TyperGroup):
    """The app's top-level group: every invocation, CliRunner's included, passes through here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands(list(COMMANDS))

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands.keys())

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._run(args, prog_name or "pomplan", complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self, args: Sequence[str] | None, prog_name: str, complete_var: str | None, **extra: Any
    ) -> int:
        verbatim_params(self)  # here, not in __init__: Typer adds the completion options later
        if os.environ.get(complete_var or "_POMPLAN_COMPLETE"):
            complete.install_shell_fixes()
        debug = os.environ.get("POMPLAN_DEBUG", "") not in ("", "0")
        # Wrap help to the real width (click alone never goes below 50 columns).
        extra.setdefault("terminal_width", max(min(shutil.get_terminal_size().columns, 80) - 2, 20))
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            sys.stdout.flush()
            return result if isinstance(result, int) else 0
        except PomplanError as exc:
            if debug:
                raise
            message = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
            _error(prog_name, message)
            return exc.exit_code
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except SystemExit as exc:
            # Typer's own handler turns a write to a closed pipe into exit 1 after muting
            # the streams; report it like any other broken pipe.
            if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
                return _quiet_broken_pipe()
            raise
        except BrokenPipeError:
            return _quiet_broken_pipe()
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                return _quiet_broken_pipe()
            if debug:
                raise
            where = f" ({exc.filename})" if exc.filename else ""
            _error(prog_name, f"{exc.strerror or exc}{where}")
            return 1
        except Exception as exc:
            if _is_click_error(exc):
                return self._usage_error(exc, prog_name)
            if type(exc).__name__ == "Abort":  # a prompt was cancelled (Ctrl-C or end of input)
                return EXIT_INTERRUPTED
            if debug:
                raise
            _error(
                prog_name,
                f"unexpected {type(exc).__name__}: {exc}; please report it, "
                "with the output of the same command run with POMPLAN_DEBUG=1",
            )
            return 1

    @staticmethod
    def _usage_error(exc: Exception, prog_name: str) -> int:
        ctx = getattr(exc, "ctx", None)
        where = getattr(ctx, "command_path", None) or prog_name
        code = int(getattr(exc, "exit_code", EXIT_USAGE))
        if type(exc).__name__ == "NoArgsIsHelpError":
            sys.stdout.write(exc.format_message() + "\n")  # type: ignore[attr-defined]
            return 0
        message = exc.format_message()  # type: ignore[attr-defined]
        _error(where, f"{message} (see '{where} --help')")
        return code


app = typer.Typer(
    cls=PomplanGroup,
    name="pomplan",
    help="Plan your way to Product Operations Manager: an honest, itemised estimate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": HELP_NAMES},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"pomplan {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Show the version and exit.",
        callback=_version,
        is_eager=True,
    ),
    profile: str | None = typer.Option(
        None,
        "--profile",
        metavar="NAME",
        help="The saved profile to use (default: $POMPLAN_PROFILE, else 'default').",
        autocompletion=complete.profiles,
        show_default=False,
    ),
) -> None:
    """Plan your way to Product Operations Manager.

    Start with 'pomplan estimate --background data-analysis' (your own field), then
    'pomplan paths --compare', 'pomplan steps' and 'pomplan faq'. Save your profile with
    'pomplan profile set' and follow 'pomplan plan'. Add --json to any command for output
    a script can read.
    """
    if profile is not None:
        from pomplan.store import check_name

        check_name(profile)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="pomplan")
