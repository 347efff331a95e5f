"""Shared fixtures: no test touches the real home, and output is stable whatever the terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from pomplan.cli import app


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every user directory at a temporary folder and pin the terminal's shape."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("POMPLAN_HOME", str(home / "pomplan"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("POMPLAN_RULES", "POMPLAN_DEBUG", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    # The terminal renderer keeps one Console per process; start each test with a fresh one.
    from pomplan.render.terminal import console as terminal_console

    monkeypatch.setattr(terminal_console, "_console", None)
    yield home


@pytest.fixture
def run() -> Any:
    """Invoke pomplan in-process: ``run("estimate", "--json")`` -> typer Result."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input)

    return invoke


@pytest.fixture
def run_json(run: Any) -> Any:
    """Invoke with ``--json`` appended and return the parsed document (exit 0 asserted)."""

    def invoke(*args: str) -> Any:
        result = run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return invoke
