"""``pomplan help [COMMAND...]``: the same page as ``pomplan COMMAND... --help``."""

from __future__ import annotations

from typing import Annotated, Any

import typer


def _group_at(ctx: Any, words: list[str]) -> Any:
    """The command that ``words`` (command names) lead to from the root, or None."""
    root = ctx.find_root()
    command = root.command
    for word in words:
        get = getattr(command, "get_command", None)
        command = get(root, word) if get else None
        if command is None:
            return None
    return command


def command_names(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Completion: the commands under the ones already typed after ``help``."""
    group = _group_at(ctx, list(ctx.params.get("command") or []))
    if group is None or not hasattr(group, "list_commands"):
        return []
    found = []
    for name in group.list_commands(ctx.find_root()):
        if name.startswith(incomplete):
            sub = group.get_command(ctx.find_root(), name)
            found.append((name, sub.get_short_help_str() if sub else ""))
    return found


def help_(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="COMMAND",
            help="The command (and subcommand) to explain, e.g. 'plan' or 'profile set'.",
            autocompletion=command_names,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the help of pomplan, or of a command (the same as adding --help)."""
    root = ctx.find_root()
    code = root.command.main(
        [*(command or []), "--help"], prog_name=root.info_name, standalone_mode=False
    )
    raise typer.Exit(int(code or 0))
