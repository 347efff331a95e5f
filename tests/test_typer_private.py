"""The private Typer names pomplan relies on, all in ``pomplan.cli._typer_private``.

Each fix there is guarded: on a Typer without the name it steps aside and Typer's own
behaviour runs. These tests are what notices: each one fails loudly when an upgrade removes a
name or leaves a fix silently inactive (see the pin on typer in pyproject.toml).
"""

from __future__ import annotations

import errno
import io
import sys
from typing import Any

import pytest
import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from pomplan.cli import COMMANDS, PomplanGroup, _typer_private, app, complete


def _root() -> PomplanGroup:
    root = typer.main.get_command(app)
    assert isinstance(root, PomplanGroup)
    return root


def _all_commands(group: Any, ctx: typer.Context) -> list[Any]:
    found = [group]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        found += _all_commands(command, ctx) if isinstance(command, TyperGroup) else [command]
    return found


# --- 1. _runtime_param: no pydantic conversion ----------------------------------------------


def test_every_parameter_has_the_hook_and_it_is_set() -> None:
    root = _root()
    _typer_private.verbatim_params(root)  # as PomplanGroup.main does
    ctx = typer.Context(root)
    params = [
        param
        for command in _all_commands(root, ctx)
        for param in command.get_params(ctx)  # the help option included
        if isinstance(param, TyperArgument | TyperOption)
    ]
    assert len(params) > 50
    for param in params:
        assert hasattr(param, _typer_private.RUNTIME_PARAM), (
            f"Typer no longer has {_typer_private.RUNTIME_PARAM}: pomplan's parameters go "
            "through pydantic again (see cli/_typer_private.py)"
        )
        hook = getattr(param, _typer_private.RUNTIME_PARAM)
        assert isinstance(hook, _typer_private.Verbatim), param.name
        assert param.get_runtime_param() is hook  # Typer really uses it


# --- 2. NoArgsIsHelpError: a bare group's help on stdout, exit 0 -----------------------------


def test_no_args_is_help_error_is_typers_own() -> None:
    assert _typer_private.NO_ARGS_IS_HELP is not _typer_private._NeverRaised, (
        "typer._click.exceptions.NoArgsIsHelpError is gone: a bare 'pomplan' now exits 2"
    )
    with pytest.raises(_typer_private.NO_ARGS_IS_HELP):
        _root().make_context("pomplan", [])


@pytest.mark.parametrize("args", [[], ["profile"]], ids=["pomplan", "pomplan profile"])
def test_a_bare_group_prints_its_help_and_succeeds(run: Any, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: {' '.join(['pomplan', *args])} [OPTIONS] COMMAND")
    assert result.stderr == ""


# --- 3. completion classes --------------------------------------------------------------------


def test_completion_fixes_are_installed() -> None:
    from typer._click.shell_completion import get_completion_class

    assert _typer_private.install_completion_fixes(complete.tokens) is True, (
        "Typer's completion classes moved: bash '=' and fish one-line fixes are off"
    )
    for shell in ("bash", "fish"):
        installed = get_completion_class(shell)
        assert installed is not None
        assert installed.__module__ == _typer_private.__name__, shell


def test_the_bash_class_trims_to_the_piece_bash_replaces(monkeypatch: pytest.MonkeyPatch) -> None:
    classes = _typer_private.completion_classes(complete.tokens)
    assert classes is not None
    bash, _ = classes
    monkeypatch.setenv("COMP_WORDS", "pomplan estimate --what-if degree = ma")
    monkeypatch.setenv("COMP_CWORD", "5")
    shell = bash(_root(), {}, "pomplan", "_POMPLAN_COMPLETE")
    assert shell.get_completion_args() == (["estimate", "--what-if"], "degree=ma")
    assert shell.trim == "degree="


# --- the public replacements ------------------------------------------------------------------


def test_commands_are_built_on_first_use_only() -> None:
    root = _root()
    ctx = typer.Context(root)
    assert root.list_commands(ctx) == list(COMMANDS)
    assert dict(root.commands) == {}  # listing builds nothing
    estimate = root.get_command(ctx, "estimate")
    assert estimate is not None and estimate.name == "estimate"
    assert list(root.commands) == ["estimate"]
    assert root.get_command(ctx, "estimate") is estimate
    assert root.get_command(ctx, "nosuch") is None


def test_a_typo_of_a_command_not_built_yet_is_suggested(run: Any) -> None:
    result = run("sourcs")
    assert result.exit_code == 2
    assert "No such command 'sourcs'. Did you mean 'sources'?" in result.stderr


def test_typers_broken_pipe_exit_is_reported_as_141(
    run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typer turns an EPIPE into sys.exit(1); pomplan sees the OSError it carries."""

    def gone(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr("pomplan.content.faq", gone)
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # Typer swaps the streams: restored after
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setattr("pomplan.cli._quiet_broken_pipe", lambda: 141)
    assert app(["faq"], prog_name="pomplan", standalone_mode=False) == 141
