"""The README's example output is real: each `$ pomplan ...` block is run and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
README_TODAY = "2026-11-25"


def _examples() -> list[tuple[str, list[str]]]:
    """(command, expected lines) for every console example without a pipe."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        command: str | None = None
        lines: list[str] = []
        for line in [*block.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command and "|" not in command:
                    found.append((command, lines))
                command, lines = line[2:].strip(), []
            else:
                lines.append(line.rstrip())
    return found


EXAMPLES = _examples()


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_is_current(command: str, expected: list[str], run: Any) -> None:
    args = shlex.split(command)
    assert args[0] == "pomplan"
    # The plan examples were made on README_TODAY; every other example ignores the date.
    result = run(*args[1:], env={"COLUMNS": "80", "POMPLAN_TODAY": README_TODAY})
    assert result.exit_code == 0, result.output
    actual = [line.rstrip() for line in result.stdout.splitlines()]
    if "..." in expected:
        expected = expected[: expected.index("...")]
        actual = actual[: len(expected)]
    assert actual == expected
