"""The docs cannot drift: the CLI reference is generated, the README's commands stay true."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import typer

from pomplan.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _cli_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    expected = _cli_docs().render()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == expected, "docs/cli.md is stale: run python scripts/cli_docs.py"


def _commands(group: typer.core.TyperGroup, prefix: str = "pomplan") -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = [(prefix, group)]
    ctx = typer.Context(group)  # the public way: the root builds its commands on first use
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, typer.core.TyperGroup):
            found += _commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def test_every_command_and_option_has_help() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    commands = _commands(root)
    assert {"pomplan estimate", "pomplan paths", "pomplan paths show", "pomplan faq"} <= {
        name for name, _ in commands
    }
    for name, command in commands:
        assert (getattr(command, "help", None) or "").strip(), f"{name} has no help text"
        for param in getattr(command, "params", []):
            if param.param_type_name == "option":
                assert (param.help or "").strip(), f"{name} {param.opts} has no help text"
        if name != "pomplan":
            assert f"`{name}`" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [
        line.strip() for line in re.findall(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S)
    ]


def test_readme_quick_start_has_exactly_two_commands() -> None:
    blocks = _quick_start()
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, commands
    assert "pomplan estimate --background data-analysis" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    test_command = next(c for c in _quick_start() if "pytest" in c).strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_environment_variable_is_documented() -> None:
    """Each POMPLAN_* name the code reads has a row in the CLI reference's Environment table."""
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "src").rglob("*.py"))
    used = set(re.findall(r"\bPOMPLAN_[A-Z_]*[A-Z]\b", source))
    assert {"POMPLAN_HOME", "POMPLAN_PROFILE", "POMPLAN_TODAY"} <= used  # the search works
    reference = (ROOT / "docs" / "cli.md").read_text("utf-8")
    table = reference[reference.index("## Environment") :]
    missing = sorted(v for v in used if f"| `{v}` |" not in table)
    assert not missing, f"add these to scripts/cli_docs.py's environment(): {missing}"
