"""Start-up discipline: the ``--json`` paths never import Rich (issue: "--json never imports Rich").

Each case runs the CLI in a fresh interpreter, in-process there, and then looks at ``sys.modules``.
Nothing here is timed; speed is measured by ``benchmarks/startup.py``, never asserted in a test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pomplan

# Runs in the child: invoke the app the way the console script does (PomplanGroup.main, which
# returns the exit status with standalone_mode=False), with stdout captured, then report what
# was printed and which Rich modules got imported.
PROBE = """
import contextlib, io, json, sys
from pomplan.cli import app

out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = app(json.loads(sys.argv[1]), prog_name="pomplan", standalone_mode=False)
rich = sorted(m for m in sys.modules if m == "rich" or m.startswith("rich."))
pydantic = "pydantic" in sys.modules
report = {"code": code, "out": out.getvalue(), "rich": rich, "pydantic": pydantic}
sys.stdout.write(json.dumps(report))
"""


def probe(args: list[str], cwd: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        cwd=cwd,  # not the checkout: the installed pomplan is the one under test
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout)
    assert result["code"] == 0, f"pomplan {' '.join(args)} failed: {proc.stderr}"
    return result


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "--json"],
        ["estimate", "--background", "data-analysis", "--json"],
        ["paths", "--json"],
        ["paths", "--compare", "--json"],
        ["faq", "--json"],
        ["rules", "--json"],
        ["steps", "--json"],
        ["skills", "--json"],
        ["skills", "--mine", "--json"],
        ["skills", "show", "communication", "--json"],
        ["profile", "set", "--skill", "communication=3", "--json"],
        ["sources", "--json"],
        ["plan", "--json"],
        ["plan", "--start", "2026-01-05", "--background", "operations", "--json"],
        ["progress", "--json"],
        ["progress", "done", "education-audit", "--json"],
        ["progress", "undo", "education-audit", "--json"],
        ["profile", "set", "--background", "operations", "--json"],
        ["profile", "show", "--json"],
        ["profile", "list", "--json"],
        ["profile", "path", "--json"],
        ["profile", "reset", "--yes", "--json"],
        ["cohort", "--json"],
        ["estimate", "--what-if", "degree=master", "--what-if", "cert=lean", "--json"],
        ["plan", "--format", "json"],
        ["estimate", "--input", "cohort.jsonl"],  # one row: one line, one document
    ],
    ids=" ".join,
)
def test_json_output_does_not_import_rich(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "cohort.jsonl").write_text('{"id": 1, "degree": "master"}\n', encoding="utf-8")
    result = probe(args, tmp_path)
    doc = json.loads(str(result["out"]))  # the command really ran and printed its document
    assert doc["schema_version"] == 1
    assert result["rich"] == [], f"pomplan {' '.join(args)} imported {result['rich']}"
    # pomplan's parameters skip Typer's pydantic-based conversion (cli._Verbatim).
    assert result["pydantic"] is False, f"pomplan {' '.join(args)} imported pydantic"


def test_version_does_not_import_rich(tmp_path: Path) -> None:
    result = probe(["--version"], tmp_path)
    assert str(result["out"]).startswith("pomplan ")
    assert result["rich"] == []


def _console_script() -> list[str]:
    script = shutil.which("pomplan", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("no pomplan console script beside this Python")
    return [sys.executable, "-X", "importtime", script]


ENTRY_POINTS = {
    "pomplan": _console_script,
    "python -m pomplan": lambda: [sys.executable, "-X", "importtime", "-m", "pomplan"],
}


def imported(entry: str, args: list[str], cwd: Path) -> tuple[int, str, set[str]]:
    """Run a real entry point under ``-X importtime``: exit status, stdout, imported modules."""
    proc = subprocess.run(
        [*ENTRY_POINTS[entry](), *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    lines = [line for line in proc.stderr.splitlines() if line.startswith("import time:")]
    modules = {line.rsplit("|", 1)[1].strip() for line in lines[1:]}  # the first is a header
    return proc.returncode, proc.stdout, modules


def _third_party(modules: set[str]) -> list[str]:
    roots = ("typer", "click", "rich", "pydantic")
    return sorted(m for m in modules if m.split(".")[0] in roots)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_alone_imports_no_cli_library(entry: str, flag: str, tmp_path: Path) -> None:
    """``pomplan --version`` answers before Typer, Click or Rich is imported."""
    code, out, modules = imported(entry, [flag], tmp_path)
    assert code == 0
    assert out == f"pomplan {pomplan.__version__}\n"
    assert re.fullmatch(r"pomplan \d+\.\d+\.\d+\n", out)
    assert "pomplan" in modules  # the probe does see imports
    assert _third_party(modules) == []
    assert "pomplan.cli" not in modules


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_version_with_other_arguments_goes_to_typer(entry: str, tmp_path: Path) -> None:
    """The control: anything more than the bare flag is the Typer app's, as before."""
    code, out, modules = imported(entry, ["--profile", "default", "--version"], tmp_path)
    assert (code, out) == (0, f"pomplan {pomplan.__version__}\n")
    assert "typer" in modules
    code, out, _ = imported(entry, ["--version", "--json"], tmp_path)
    assert (code, out) == (2, "")


def test_human_estimate_does_import_rich(tmp_path: Path) -> None:
    """The positive control: the probe does see Rich when a path uses it."""
    result = probe(["estimate", "--background", "data-analysis"], tmp_path)
    assert "Estimated time" in str(result["out"])
    assert "rich" in result["rich"]
    assert "rich.console" in result["rich"]


def test_typer_alone_would_import_pydantic(tmp_path: Path) -> None:
    """The control for the pydantic check: without pomplan's hook, Typer does import it."""
    code = (
        "import contextlib, io, sys, typer\n"
        "app = typer.Typer()\n"
        "@app.command()\n"
        "def main(name: str = 'x') -> None:\n"
        "    print(name)\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    app(['--name', 'y'], standalone_mode=False)\n"
        "print('pydantic' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.strip() == "True", proc.stderr
