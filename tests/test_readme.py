"""The README's example output is real: each `$ pomplan ...` block is run and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
README_TODAY = "2026-11-25"


def _examples() -> list[tuple[str, list[str], dict[str, str]]]:
    """(command, expected lines, files) for every console example without a pipe.

    ``$ cat FILE`` in a block shows an input file: its lines become FILE for the commands
    that follow it in the same block (they run in a folder holding it).
    """
    found: list[tuple[str, list[str], dict[str, str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        files: dict[str, str] = {}
        command: str | None = None
        lines: list[str] = []
        for line in [*block.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command and command.startswith("cat "):
                    files[command[4:].strip()] = "".join(f"{x}\n" for x in lines)
                elif command and "|" not in command:
                    found.append((command, lines, dict(files)))
                command, lines = line[2:].strip(), []
            else:
                lines.append(line.rstrip())
    return found


def _matches(actual: list[str], expected: list[str]) -> bool:
    """``expected`` is ``actual``, where a line '...' stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(actual[i:], expected[1:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and _matches(actual[1:], expected[1:])


EXAMPLES = _examples()


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(
    ("command", "expected", "files"), EXAMPLES, ids=[c for c, _, _ in EXAMPLES]
)
def test_readme_example_output_is_current(
    command: str,
    expected: list[str],
    files: dict[str, str],
    run: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = shlex.split(command)
    assert args[0] == "pomplan"
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # The plan examples were made on README_TODAY; every other example ignores the date.
    result = run(*args[1:], env={"COLUMNS": "80", "POMPLAN_TODAY": README_TODAY})
    assert result.exit_code == 0, result.output
    actual = [line.rstrip() for line in result.stdout.splitlines()]
    assert _matches(actual, expected), "\n".join(actual)


def test_the_ellipsis_stands_for_lines_and_nothing_else() -> None:
    assert _matches(["a", "b", "c", "d"], ["a", "...", "d"])
    assert _matches(["a", "b", "c"], ["a", "..."])
    assert _matches(["a", "b", "c"], ["...", "c"])
    assert _matches(["a", "b", "c"], ["a", "b", "c"])
    assert not _matches(["a", "b", "c"], ["a", "c"])
    assert not _matches(["a", "b", "c"], ["b", "..."])
    assert not _matches(["a", "bx", "c"], ["...", "b", "..."])
