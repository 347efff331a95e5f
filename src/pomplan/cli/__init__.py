"""The ``pomplan`` command line: the Typer app and its error boundary.

Commands are thin: check the flags, call the core, hand the result to a renderer. Errors from
anywhere end here as one line on stderr with exit status 2 (usage) or 1 (anything else); a
traceback is shown only with ``POMPLAN_DEBUG=1`` (or true, yes, on), and a usage error
still exits 2 then.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import shutil
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperGroup

from pomplan import __version__
from pomplan.cli import complete
from pomplan.cli._typer_private import (
    HELP_NAMES,
    NO_ARGS_IS_HELP,
    install_completion_fixes,
    verbatim,
    verbatim_params,
)
from pomplan.cli.examples import examples as _examples
from pomplan.errors import PomplanError, UsageProblem
from pomplan.text import escape

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE


def _one_line(text: str) -> str:
    text = text.replace("Value error, ", "")  # pydantic's prefix, where Typer's conversion runs
    text = re.sub(r"\s+", " ", text).strip()
    # Whatever a user typed is echoed harmlessly: no escape sequence, no bidirectional control
    # reaches the terminal.
    return escape(text)


def _error(prefix: str, message: str) -> None:
    sys.stderr.write(f"{prefix}: error: {_one_line(message)}\n")
    sys.stderr.flush()


_DEBUG_ON = ("1", "true", "yes", "on")
_DEBUG_OFF = ("", "0", "false", "no", "off")


def debugging(environ: Any = os.environ) -> bool:
    """Whether ``POMPLAN_DEBUG`` asks for tracebacks; a value that is neither yes nor no is a
    :class:`UsageProblem` naming the variable and what it takes."""
    value = environ.get("POMPLAN_DEBUG", "")
    named = value.strip().lower()
    if named in _DEBUG_ON:
        return True
    if named in _DEBUG_OFF:
        return False
    raise UsageProblem(
        f"POMPLAN_DEBUG={value!r} is neither on nor off",
        "set it to 1, true, yes or on for tracebacks, or to 0, false, no, off or nothing "
        "for one-line errors",
    )


def _reported(exc: PomplanError, prog_name: str, debug: bool) -> int:
    """Say what went wrong in one line; under debug, a usage error's traceback first (and
    still its own exit status, 2)."""
    if debug:
        import traceback

        traceback.print_exc()
    _error(prog_name, f"{exc.message}; {exc.hint}" if exc.hint else exc.message)
    return exc.exit_code


def _quiet_broken_pipe() -> int:
    # Whatever was still buffered for the closed pipe is dropped, not reported.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def _broken_pipe_exit(exc: SystemExit) -> bool:
    """Typer's own handler turns a write to a closed pipe into ``sys.exit(1)`` while it handles
    the OSError (after muting the streams): the exit carries that error as its context."""
    cause = exc.__context__
    return exc.code == 1 and isinstance(cause, OSError) and cause.errno == errno.EPIPE


# Every command, in the order help lists them: (module, attribute). A command is built by Typer
# only when it is used, so 'pomplan estimate' does not pay to build 'paths' or 'faq'.
COMMANDS: dict[str, tuple[str, str]] = {
    "estimate": ("pomplan.cli.estimate", "estimate"),
    "plan": ("pomplan.cli.plan", "plan"),
    "progress": ("pomplan.cli.plan", "progress_app"),
    "profile": ("pomplan.cli.profile", "profile_app"),
    "note": ("pomplan.cli.note", "note_app"),
    "cohort": ("pomplan.cli.cohort", "cohort_app"),
    "paths": ("pomplan.cli.paths", "paths_app"),
    "match": ("pomplan.cli.match", "match"),
    "faq": ("pomplan.cli.guide", "faq"),
    "steps": ("pomplan.cli.guide", "steps"),
    "skills": ("pomplan.cli.skills", "skills_app"),
    "rules": ("pomplan.cli.guide", "rules"),
    "sources": ("pomplan.cli.guide", "sources"),
}
# Commands that work but are not listed (in help, completion, docs): 'help' repeats --help.
UNLISTED: dict[str, tuple[str, str]] = {"help": ("pomplan.cli.help", "help_")}


def _build(name: str) -> Any:
    module, attribute = COMMANDS.get(name) or UNLISTED[name]
    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        target = _single(name, target)
    return verbatim(typer.main.get_command(target))


def _single(name: str, function: Any) -> typer.Typer:
    from pomplan.cli.examples import examples

    single = typer.Typer(rich_markup_mode=None, add_completion=False)
    single.command(name=name, epilog=examples(name))(function)
    return single


class PomplanGroup(TyperGroup):
    """The app's top-level group: every invocation, CliRunner's included, passes through here.

    Its commands are the ``COMMANDS`` table, each built on first use and then kept in
    ``self.commands`` (Click's lazy-group pattern: ``list_commands`` builds nothing).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typer suggests only from the commands already built: suggest from all of them here.
        self.suggest_all, self.suggest_commands = self.suggest_commands, False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if (cmd_name in COMMANDS or cmd_name in UNLISTED) and cmd_name not in self.commands:
            self.add_command(_build(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:  # 'No such command': perhaps a typo of one
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if self.suggest_all and matches:
                suggestions = ", ".join(f"{m!r}" for m in matches)
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

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
            install_completion_fixes(complete.tokens)
        try:
            debug = debugging()
        except UsageProblem as exc:
            return _reported(exc, prog_name, False)
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
            if debug and exc.exit_code != EXIT_USAGE:
                raise
            return _reported(exc, prog_name, debug)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except SystemExit as exc:
            if _broken_pipe_exit(exc):  # report it like any other broken pipe
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
        except typer.TyperException as exc:  # Click's errors: usage, a file it could not open
            return self._usage_error(exc, prog_name)
        except typer.Abort:  # a prompt was cancelled (Ctrl-C or end of input)
            return EXIT_INTERRUPTED
        except Exception as exc:
            if debug:
                raise
            _error(
                prog_name,
                f"unexpected {type(exc).__name__}: {exc}; please report it, "
                "with the output of the same command run with POMPLAN_DEBUG=1",
            )
            return 1

    @staticmethod
    def _usage_error(exc: typer.TyperException, prog_name: str) -> int:
        ctx = getattr(exc, "ctx", None)
        where = getattr(ctx, "command_path", None) or prog_name
        code = int(getattr(exc, "exit_code", EXIT_USAGE))
        if isinstance(exc, NO_ARGS_IS_HELP):  # a bare group: its help, on stdout
            sys.stdout.write(exc.format_message() + "\n")
            return 0
        message = exc.format_message()
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
    epilog=_examples(""),
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
