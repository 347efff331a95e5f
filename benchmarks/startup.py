"""Start-up benchmark: ``pomplan estimate`` against a minimal Typer app, in one run.

The floor is a minimal Typer app this script writes to a temporary directory: one command with a
``--json`` flag; the human branch imports Rich and prints a small table and a few lines of text,
the JSON branch prints ``json.dumps`` of a dict of similar size and never imports Rich. Both it and
pomplan run under the same interpreter, in the same environment, interleaved round by round, so
drift (CPU frequency, other load, cache state) hits both alike. The result is a ratio of medians,
pomplan / floor, checked against the target (1.10 by default). Nothing here is a pass/fail test:
the script measures and reports, and exits 0 unless a command fails to run.

Run from the repository root:

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --rounds 80 --json-out startup.json

Standard library only; it runs the interpreter given by ``--python`` (default: this one), which
must have pomplan installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import bench_env, fingerprint, finish

TARGET = 1.10
PROFILE = ["--background", "data-analysis"]

FLOOR_APP = '''\
"""A minimal Typer app: the start-up floor pomplan is measured against."""

import json as json_module
import sys

import typer

app = typer.Typer()  # the defaults a minimal app gets (pomplan keeps them too)

ROWS = [
    ("Baseline", "3", "6", "Typical span for someone with a relevant degree."),
    ("Degree: bachelor", "0", "0", "A relevant bachelor's is what the baseline assumes."),
    ("Background", "+0.25", "+1", "Analysis is an asset; strategy still needs building."),
    ("Years in it", "0", "0", "Time already spent counts, weighted and capped."),
    ("Path fit", "-0.25", "-0.5", "Metrics roles use your analysis skills from day one."),
    ("Certifications", "0", "0", "None given, so none counted."),
    ("Hours per week", "0", "0", "5 to 8 hours a week is the pace the baseline assumes."),
    ("Your range", "3", "6.5", "years"),
]


@app.command()
def estimate(json: bool = typer.Option(False, "--json", help="Write JSON.")) -> None:
    """Print a small report."""
    if json:
        doc = {
            "schema_version": 1,
            "profile": {"degree": "bachelor", "background": "data-analysis", "path": "auto"},
            "adjustments": [
                {"label": label, "low": low, "high": high, "reason": why}
                for label, low, high, why in ROWS
            ],
            "years": {"low": 3, "high": 6.5},
            "months": {"low": 36, "high": 78},
        }
        sys.stdout.write(json_module.dumps(doc, indent=2, ensure_ascii=False) + "\\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, emoji=False)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Rule", overflow="fold", max_width=26)
    table.add_column("Low", justify="right", no_wrap=True)
    table.add_column("High", justify="right", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=1)
    for label, low, high, why in ROWS:
        table.add_row(Text(label), low, high, Text(why))
    console.print(Text.assemble(("Estimated time: ", "bold"), ("3 to 6.5 years", "bold green")))
    console.print(Text("Path: data-analysis, the shortest for your profile"))
    console.print(Text("degree bachelor; background data-analysis", style="dim"))
    console.print(table)
    console.print(Text("An estimate, not a promise.", style="dim"))


if __name__ == "__main__":
    app()
'''


@dataclass
class Case:
    key: str
    label: str
    argv: list[str]
    floor: str | None = None  # key of the case this one is compared with
    json_output: bool = False
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)


def console_script(python: str) -> str | None:
    """The ``pomplan`` script installed next to ``python`` (a venv's bin/), if there is one."""
    bindir = Path(python).parent  # not resolved: a venv's python is a symlink out of the venv
    for name in ("pomplan", "pomplan.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def make_cases(python: str, floor: Path, script: str | None) -> list[Case]:
    estimate = ["estimate", *PROFILE]
    cases = [
        Case("bare", "python -c pass (interpreter only)", [python, "-c", "pass"]),
        Case("floor-json", "floor: typer app --json", [python, str(floor), "--json"], None, True),
        Case("floor-human", "floor: typer app (rich)", [python, str(floor)]),
        Case(
            "m-json",
            "python -m pomplan estimate --json",
            [python, "-m", "pomplan", *estimate, "--json"],
            "floor-json",
            True,
        ),
        Case(
            "m-human",
            "python -m pomplan estimate",
            [python, "-m", "pomplan", *estimate],
            "floor-human",
        ),
    ]
    if script:
        cases += [
            Case(
                "script-json",
                "pomplan estimate --json (console script)",
                [script, *estimate, "--json"],
                "floor-json",
                True,
            ),
            Case(
                "script-human",
                "pomplan estimate (console script)",
                [script, *estimate],
                "floor-human",
            ),
        ]
    return cases


def installed(python: str, env: dict[str, str]) -> tuple[str, str]:
    """pomplan's version and package directory, as ``python`` sees it."""
    code = "import os, pomplan; print(pomplan.__version__, os.path.dirname(pomplan.__file__))"
    proc = subprocess.run(
        [python, "-c", code], env=env, capture_output=True, text=True, cwd=tempfile.gettempdir()
    )
    if proc.returncode != 0:
        sys.exit(f"{python}: cannot import pomplan\n{proc.stderr.strip()}")
    version, where = proc.stdout.strip().split(maxsplit=1)
    return version, where


def check(case: Case, env: dict[str, str], cwd: str) -> None:
    """Run once, capturing output, to be sure the command works before it is timed."""
    proc = subprocess.run(case.argv, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{case.label}: exit {proc.returncode}\n{proc.stderr.strip()}")
    if case.json_output:
        try:
            json.loads(proc.stdout)
        except json.JSONDecodeError as exc:
            sys.exit(f"{case.label}: output is not JSON ({exc})")
    elif case.key != "bare" and not proc.stdout.strip():
        sys.exit(f"{case.label}: printed nothing")


def timed_run(case: Case, env: dict[str, str], cwd: str) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter_ns()
    code = subprocess.call(case.argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    wall = time.perf_counter_ns() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        sys.exit(f"{case.label}: exit {code} during timing")
    case.wall_ms.append(wall / 1e6)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    case.cpu_ms.append(cpu * 1e3)


def p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


# -X importtime ---------------------------------------------------------------------------------


def importtime(argv: list[str], env: dict[str, str], cwd: str) -> dict[str, tuple[int, int]]:
    """{module: (self us, cumulative us)} from one ``-X importtime`` run of a Python command."""
    cmd = [argv[0], "-X", "importtime", *argv[1:]]
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    times: dict[str, tuple[int, int]] = {}
    for line in proc.stderr.decode(errors="replace").splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, cumulative, name = (
            part.strip() for part in line.replace(":", "|", 1).split("|")
        )
        times[name] = (int(self_us), int(cumulative))
    return times


def merged(runs: list[dict[str, tuple[int, int]]]) -> dict[str, float]:
    """Median self time (ms) of each module over several importtime runs."""
    names = {name for run in runs for name in run}
    return {
        name: statistics.median(run[name][0] for run in runs if name in run) / 1000
        for name in names
    }


def import_report(
    case: Case, floor_case: Case, env: dict[str, str], cwd: str, repeats: int
) -> dict[str, Any]:
    runs = [importtime(case.argv, env, cwd) for _ in range(repeats)]
    floor_runs = [importtime(floor_case.argv, env, cwd) for _ in range(repeats)]
    own = merged(runs)
    floor_own = merged(floor_runs)
    rich = sorted(n for n in own if n == "rich" or n.startswith("rich."))
    ours = sorted(
        ((n, ms) for n, ms in own.items() if n.split(".")[0] == "pomplan"),
        key=lambda item: -item[1],
    )
    extra = sorted(
        ((n, ms) for n, ms in own.items() if n not in floor_own and n.split(".")[0] != "pomplan"),
        key=lambda item: -item[1],
    )
    cumulative = [run.get("pomplan.cli", (0, 0))[1] / 1000 for run in runs]
    return {
        "rich_imported": bool(rich),
        "rich_modules": len(rich),
        "modules": len(own),
        "floor_modules": len(floor_own),
        "pomplan_cli_cumulative_ms": round(statistics.median(cumulative), 2),
        "pomplan_self_total_ms": round(sum(ms for _, ms in ours), 2),
        "top_pomplan_self_ms": [[n, round(ms, 2)] for n, ms in ours[:10]],
        "extra_vs_floor_count": len(extra),
        "extra_vs_floor_self_total_ms": round(sum(ms for _, ms in extra), 2),
        "top_extra_vs_floor_self_ms": [[n, round(ms, 2)] for n, ms in extra[:10]],
    }


# Main ------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter to run (default: this one); pomplan must be installed",
    )
    parser.add_argument("--rounds", type=int, default=40, help="timed rounds (default 40)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first (default 2)")
    parser.add_argument(
        "--importtime-runs",
        type=int,
        default=3,
        help="-X importtime runs per command, medians taken (default 3; 0 skips)",
    )
    parser.add_argument("--target", type=float, default=TARGET, help="ratio target (default 1.10)")
    parser.add_argument(
        "--no-script", action="store_true", help="skip the installed console script"
    )
    parser.add_argument("--json-out", metavar="FILE", help="also write the results here as JSON")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.warmup < 0 or args.importtime_runs < 0:
        parser.error("--rounds must be at least 1; --warmup and --importtime-runs at least 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = bench_env()
    script = None if args.no_script else console_script(args.python)
    info = subprocess.run(
        [args.python, "-c", "import sys, platform; print(platform.python_version(), sys.prefix)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split(maxsplit=1)
    version, package = installed(args.python, env)
    before = fingerprint(package)
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="pomplan-startup-") as tmp:
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR_APP, encoding="utf-8")
        cases = make_cases(args.python, floor, script)
        by_key = {c.key: c for c in cases}
        for case in cases:
            check(case, env, tmp)
        for _ in range(args.warmup):
            for case in cases:
                timed_run(case, env, tmp)
        for case in cases:
            case.wall_ms.clear()
            case.cpu_ms.clear()
        # Interleaved: every round runs each command once, the order rotating round by round.
        for r in range(args.rounds):
            shift = r % len(cases)
            for case in cases[shift:] + cases[:shift]:
                timed_run(case, env, tmp)
        imports: dict[str, Any] = {}
        if args.importtime_runs:
            for key, floor_key in (("m-json", "floor-json"), ("m-human", "floor-human")):
                imports[key] = import_report(
                    by_key[key], by_key[floor_key], env, tmp, args.importtime_runs
                )

    elapsed = time.monotonic() - started
    changed = fingerprint(package) != before
    results = []
    for case in cases:
        row: dict[str, Any] = {
            "key": case.key,
            "label": case.label,
            "argv": [Path(case.argv[0]).name, *case.argv[1:]],
            "median_ms": round(statistics.median(case.wall_ms), 2),
            "p90_ms": round(p90(case.wall_ms), 2),
            "min_ms": round(min(case.wall_ms), 2),
            "cpu_median_ms": round(statistics.median(case.cpu_ms), 2),
            "wall_ms": [round(v, 3) for v in case.wall_ms],
        }
        if case.floor:
            base = by_key[case.floor]
            ratio = statistics.median(case.wall_ms) / statistics.median(base.wall_ms)
            paired = statistics.median(
                a / b for a, b in zip(case.wall_ms, base.wall_ms, strict=True)
            )
            cpu_ratio = statistics.median(case.cpu_ms) / statistics.median(base.cpu_ms)
            row.update(
                vs=case.floor,
                ratio=round(ratio, 3),
                paired_ratio=round(paired, 3),
                cpu_ratio=round(cpu_ratio, 3),
                extra_ms=round(
                    statistics.median(case.wall_ms) - statistics.median(base.wall_ms), 2
                ),
                verdict="PASS" if ratio <= args.target else "OVER",
            )
        results.append(row)

    doc = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": info[0],
        "prefix": info[1].strip(),
        "executable": args.python,
        "pomplan": version,
        "pomplan_dir": package,
        "pomplan_changed_during_run": changed,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "rounds": args.rounds,
        "warmup": args.warmup,
        "target": args.target,
        "seconds": round(elapsed, 1),
        "results": results,
        "imports": imports,
    }
    print_report(doc)
    return finish(doc, changed, package, args.json_out)


def print_report(doc: dict[str, Any]) -> None:
    print(
        f"pomplan {doc['pomplan']} start-up: Python {doc['python']} ({doc['executable']}), "
        f"{doc['cpus']} CPUs, "
        f"{doc['rounds']} interleaved rounds after {doc['warmup']} warm-up, {doc['seconds']} s"
    )
    print(f"wall time per run, ms; ratio = median / floor median; target <= {doc['target']:.2f}x\n")
    print(
        f"{'command':<42} {'median':>7} {'p90':>7} {'cpu':>7}  {'ratio':>6} "
        f"{'paired':>6}  {'+ms':>6}  mark"
    )
    for row in doc["results"]:
        line = (
            f"{row['label']:<42} {row['median_ms']:>7.1f} {row['p90_ms']:>7.1f} "
            f"{row['cpu_median_ms']:>7.1f}"
        )
        if "ratio" in row:
            line += (
                f"  {row['ratio']:>5.3f}x {row['paired_ratio']:>5.3f}x "
                f"{row['extra_ms']:>+6.1f}  {row['verdict']}"
            )
        print(line)
    for key, rep in doc["imports"].items():
        label = "estimate --json" if key == "m-json" else "estimate (human)"
        rich = f"YES ({rep['rich_modules']} modules)" if rep["rich_imported"] else "no"
        print(
            f"\n-X importtime, python -m pomplan {label}: rich imported: {rich}; "
            f"{rep['modules']} modules (floor {rep['floor_modules']}); "
            f"pomplan.cli cumulative {rep['pomplan_cli_cumulative_ms']:.1f} ms"
        )
        print(f"  pomplan's own modules, self time (total {rep['pomplan_self_total_ms']:.1f} ms):")
        for name, ms in rep["top_pomplan_self_ms"]:
            print(f"    {ms:>6.2f} ms  {name}")
        print(
            f"  other modules the floor does not import: {rep['extra_vs_floor_count']}, "
            f"{rep['extra_vs_floor_self_total_ms']:.1f} ms self; the top ten:"
        )
        for name, ms in rep["top_extra_vs_floor_self_ms"]:
            print(f"    {ms:>6.2f} ms  {name}")


if __name__ == "__main__":
    sys.exit(main())
