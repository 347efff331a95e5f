"""Batch benchmark: ``pomplan estimate --input FILE`` against a plain JSON Lines copy, in one run.

The input is a JSON Lines file of random but seeded profiles that this script writes to a
temporary directory, one JSON object a line, some keys left out at random. The floor is a
stdlib-only script, also written there, that reads the same file line by line, parses each line
with ``json.loads`` and writes it back with ``json.dumps`` plus a ``row`` number: the least any
JSON Lines in, JSON Lines out tool has to do. Both run under the same interpreter, in the same
environment, their rounds alternating, with stdout sent to ``/dev/null`` (each is first run once
with its output read back and checked: one valid JSON line per input row, in order).

Reported: wall time (median of the rounds), rows/s and the ratio of medians pomplan / floor,
checked against the target (3.0 by default); then the peak RSS of each process at a small and a
big input (10,000 and 1,000,000 rows by default) and pomplan's ratio big / small, checked
against 1.2. Nothing here is a pass/fail test: the script measures and reports, and exits 0
unless a command fails to run or writes the wrong output.

Run from the repository root:

    .venv/bin/python benchmarks/batch.py
    .venv/bin/python benchmarks/batch.py --quick
    .venv/bin/python benchmarks/batch.py --rows 20000 --skip-memory --json-out batch.json

Standard library only; it runs the interpreter given by ``--python`` (default: this one), which
must have pomplan installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import bench_env, fingerprint, finish

TARGET = 3.0  # pomplan's wall time at most 3x the floor's
MEMORY_TARGET = 1.2  # pomplan's peak RSS at the big input at most 1.2x that at the small one
ROWS = 100_000
SMALL_MEMORY_ROWS = 10_000
MEMORY_ROWS = 1_000_000
ROUNDS = 5
OMIT = 0.1  # the chance that a row leaves out any one key other than id

# Realistic values: whole years mostly, a half year for a new starter, now and then a long career.
EXPERIENCE = (0, 0.5, *range(1, 21), 25, 30)
COMMON_HOURS = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20)

FLOOR_SCRIPT = '''\
"""The floor: read JSON Lines, parse each line, write it back with a row number. Stdlib only."""

import json
import sys


def main() -> None:
    write = sys.stdout.write
    number = 0
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            number += 1
            doc = json.loads(line)
            doc["row"] = number
            write(json.dumps(doc, ensure_ascii=False) + "\\n")


main()
'''

# Peak RSS is read with wait4() on the measured process. Linux counts into a child's ru_maxrss
# the RSS of the address space it replaced at exec, which for a spawned child is its parent's:
# a child of this script (which may hold more) would report at least this script's peak. So each
# measured command is spawned by this tiny wrapper instead, whose own RSS is no more than a bare
# interpreter's; that sets the lowest peak a command can show (reported as "python -c pass").
RSS_WRAPPER = '''\
"""Run argv[2:] with stdout to argv[1]; print its exit code, peak RSS, CPU and wall time."""

import os
import sys
import time

out, argv = sys.argv[1], sys.argv[2:]
actions = [(os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
print(code, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, wall)
'''

VOCABULARY = """\
import json
import os
from pomplan import __version__, model
try:
    from pomplan.batch_cells import CACHE_SIZE
except ImportError:
    CACHE_SIZE = None
print(json.dumps({
    "version": __version__,
    "package": os.path.dirname(model.__file__),
    "degrees": list(model.DEGREES),
    "backgrounds": list(model.BACKGROUNDS),
    "paths": list(model.PATH_CHOICES),
    "certifications": list(model.CERTIFICATIONS),
    "cache_size": CACHE_SIZE,
}))
"""


@dataclass
class Runs:
    key: str
    label: str
    argv: list[str]
    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)


# Input --------------------------------------------------------------------------------------


def profiles(vocab: dict[str, Any], seed: int) -> Iterator[dict[str, Any]]:
    """An endless stream of rows: a seeded Random, so every run writes the same rows."""
    rng = random.Random(seed)
    number = 0
    while True:
        number += 1
        hours = rng.choice(COMMON_HOURS) if rng.random() < 0.7 else rng.randint(1, 80)
        row: dict[str, Any] = {
            "id": f"p{number:07d}",
            "degree": rng.choice(vocab["degrees"]),
            "background": rng.choice(vocab["backgrounds"]),
            "experience_years": rng.choice(EXPERIENCE),
            "path": rng.choice(vocab["paths"]),
            "certifications": rng.sample(vocab["certifications"], rng.randint(0, 2)),
            "hours_per_week": hours,
        }
        for key in list(row)[1:]:
            if rng.random() < OMIT:
                del row[key]  # not given: pomplan takes the reference value
        yield row


def write_inputs(
    vocab: dict[str, Any], seed: int, sizes: set[int], counted: int, tmp: Path
) -> tuple[dict[int, Path], int]:
    """One file per size, all in one pass: a smaller file is the start of a bigger one.

    Also counts the distinct profiles (rows less their id) in the first ``counted`` rows: the
    key of pomplan's cache of estimates is built from them.
    """
    paths = {n: tmp / f"rows-{n}.jsonl" for n in sizes}
    handles = {n: paths[n].open("w", encoding="utf-8") for n in sizes}
    seen: set[str] = set()
    try:
        rows = profiles(vocab, seed)
        for i in range(1, max(sizes) + 1):
            line = json.dumps(next(rows)) + "\n"
            for n, handle in handles.items():
                if i <= n:
                    handle.write(line)
            if i <= counted:
                seen.add(line.partition(",")[2])  # the id comes first; "" if it is all there is
    finally:
        for handle in handles.values():
            handle.close()
    return paths, len(seen)


# Running ------------------------------------------------------------------------------------


def check(runs: Runs, rows: int, env: dict[str, str], cwd: str, pomplan: bool) -> int:
    """Run once with the output read back: one JSON line per row, in order, ids kept.

    Returns the number of error records (rows pomplan could not estimate).
    """
    errors = 0
    count = 0
    with (
        tempfile.TemporaryFile() as err,
        subprocess.Popen(runs.argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=err) as proc,
    ):
        assert proc.stdout is not None
        for line in proc.stdout:
            count += 1
            try:
                doc = json.loads(line)
            except ValueError as exc:
                proc.kill()
                sys.exit(f"{runs.label}: output line {count} is not JSON ({exc})")
            if doc.get("row") != count or doc.get("id") != f"p{count:07d}":
                proc.kill()
                sys.exit(f"{runs.label}: output line {count} is row {doc.get('row')!r}")
            if pomplan and ("error" in doc or "years" not in doc):
                errors += 1
        proc.wait()
        err.seek(0)
        stderr = err.read().decode(errors="replace").strip()
    if proc.returncode != 0:
        sys.exit(f"{runs.label}: exit {proc.returncode}\n{stderr}")
    if count != rows:
        sys.exit(f"{runs.label}: wrote {count} lines for {rows} rows\n{stderr}")
    return errors


def timed_run(runs: Runs, env: dict[str, str], cwd: str) -> None:
    start = time.perf_counter()
    proc = subprocess.Popen(runs.argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    runs.wall_s.append(time.perf_counter() - start)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{runs.label}: exit {code} during timing")
    runs.cpu_s.append(usage.ru_utime + usage.ru_stime)


def peak_rss(
    python: str, wrapper: Path, argv: list[str], env: dict[str, str], cwd: str, label: str
) -> dict[str, float]:
    """Peak RSS (MiB), CPU and wall seconds of one run of ``argv``, through the wrapper."""
    proc = subprocess.run(
        [python, str(wrapper), os.devnull, *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.exit(f"{label}: the RSS wrapper failed\n{proc.stderr.strip()}")
    code, maxrss, cpu, wall = proc.stdout.split()
    if int(code) != 0:
        sys.exit(f"{label}: exit {code} while measuring memory")
    kib = int(maxrss) / 1024 if sys.platform == "darwin" else int(maxrss)  # macOS: bytes
    return {
        "peak_rss_mib": round(kib / 1024, 1),
        "cpu_s": round(float(cpu), 3),
        "wall_s": float(wall),
    }


# Main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter to run (default: this one); pomplan must be installed",
    )
    parser.add_argument("--rows", type=int, help=f"rows for the throughput part (default {ROWS:,})")
    parser.add_argument("--rounds", type=int, help=f"timed rounds (default {ROUNDS})")
    parser.add_argument(
        "--memory-rows",
        type=int,
        help=f"the big input for peak RSS (default {MEMORY_ROWS:,}; the small one is "
        f"{SMALL_MEMORY_ROWS:,})",
    )
    parser.add_argument("--skip-memory", action="store_true", help="skip the peak-RSS part")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 2,000 rows, 3 rounds, 20,000 memory rows (flags given still win)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed for the input rows (default 1)")
    parser.add_argument(
        "--target", type=float, default=TARGET, help=f"time ratio target (default {TARGET})"
    )
    parser.add_argument(
        "--memory-target",
        type=float,
        default=MEMORY_TARGET,
        help=f"peak RSS ratio target, big / small (default {MEMORY_TARGET})",
    )
    parser.add_argument("--json-out", metavar="FILE", help="also write the results here as JSON")
    args = parser.parse_args(argv)
    quick = args.quick
    if args.rows is None:
        args.rows = 2_000 if quick else ROWS
    if args.rounds is None:
        args.rounds = 3 if quick else ROUNDS
    if args.memory_rows is None:
        args.memory_rows = 20_000 if quick else MEMORY_ROWS
    if args.rows < 1 or args.rounds < 1:
        parser.error("--rows and --rounds must be at least 1")
    if not args.skip_memory and args.memory_rows <= SMALL_MEMORY_ROWS:
        parser.error(f"--memory-rows must be over {SMALL_MEMORY_ROWS:,}, the small size")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = bench_env()
    proc = subprocess.run(
        [args.python, "-c", VOCABULARY],
        env=env,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    if proc.returncode != 0:
        sys.exit(f"{args.python}: cannot import pomplan\n{proc.stderr.strip()}")
    vocab = json.loads(proc.stdout)
    python_version = subprocess.run(
        [args.python, "-c", "import platform; print(platform.python_version())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    before = fingerprint(vocab["package"])
    started = time.monotonic()
    sizes = {args.rows}
    if not args.skip_memory:
        sizes |= {SMALL_MEMORY_ROWS, args.memory_rows}

    with tempfile.TemporaryDirectory(prefix="pomplan-batch-") as tmp:
        floor_py = Path(tmp) / "floor.py"
        floor_py.write_text(FLOOR_SCRIPT, encoding="utf-8")
        wrapper = Path(tmp) / "rss.py"
        wrapper.write_text(RSS_WRAPPER, encoding="utf-8")
        t0 = time.monotonic()
        inputs, distinct = write_inputs(vocab, args.seed, sizes, args.rows, Path(tmp))
        generated = time.monotonic() - t0

        def argv_for(n: int) -> dict[str, list[str]]:
            return {
                "floor": [args.python, str(floor_py), str(inputs[n])],
                "pomplan": [args.python, "-m", "pomplan", "estimate", "--input", str(inputs[n])],
            }

        commands = argv_for(args.rows)
        cases = [
            Runs("floor", "floor: json.loads + json.dumps per line", commands["floor"]),
            Runs("pomplan", "python -m pomplan estimate --input", commands["pomplan"]),
        ]
        check(cases[0], args.rows, env, tmp, pomplan=False)
        error_rows = check(cases[1], args.rows, env, tmp, pomplan=True)
        # Rounds alternate which command goes first, so drift hits both alike.
        for r in range(args.rounds):
            for case in cases if r % 2 == 0 else cases[::-1]:
                timed_run(case, env, tmp)

        memory: list[dict[str, Any]] = []
        if not args.skip_memory:
            bare = peak_rss(args.python, wrapper, [args.python, "-c", "pass"], env, tmp, "bare")
            memory.append({"key": "bare", "label": "python -c pass", "rows": 0, **bare})
            for n in sorted({SMALL_MEMORY_ROWS, args.memory_rows}):
                for key, cmd in argv_for(n).items():
                    measured = peak_rss(args.python, wrapper, cmd, env, tmp, f"{key} {n} rows")
                    memory.append({"key": key, "label": key, "rows": n, **measured})

    elapsed = time.monotonic() - started
    changed = fingerprint(vocab["package"]) != before
    floor, subject = cases
    ratio = statistics.median(subject.wall_s) / statistics.median(floor.wall_s)
    paired = statistics.median(a / b for a, b in zip(subject.wall_s, floor.wall_s, strict=True))
    cpu_ratio = statistics.median(subject.cpu_s) / statistics.median(floor.cpu_s)
    results = []
    for case in cases:
        median = statistics.median(case.wall_s)
        results.append(
            {
                "key": case.key,
                "label": case.label,
                "median_s": round(median, 3),
                "min_s": round(min(case.wall_s), 3),
                "max_s": round(max(case.wall_s), 3),
                "cpu_median_s": round(statistics.median(case.cpu_s), 3),
                "rows_per_s": round(args.rows / median),
                "us_per_row": round(median / args.rows * 1e6, 2),
                "wall_s": [round(v, 4) for v in case.wall_s],
            }
        )
    memory_summary: dict[str, Any] = {}
    if memory:
        by = {(m["key"], m["rows"]): m for m in memory}
        for key in ("pomplan", "floor"):
            small = by[key, SMALL_MEMORY_ROWS]["peak_rss_mib"]
            big = by[key, args.memory_rows]["peak_rss_mib"]
            memory_summary[key] = {
                "ratio": round(big / small, 3),
                "extra_mib": round(big - small, 1),
            }
        memory_summary["verdict"] = (
            "PASS" if memory_summary["pomplan"]["ratio"] <= args.memory_target else "OVER"
        )

    doc = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": python_version,
        "executable": args.python,
        "pomplan": vocab["version"],
        "pomplan_dir": vocab["package"],
        "pomplan_changed_during_run": changed,
        "pomplan_cache_size": vocab["cache_size"],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "seed": args.seed,
        "rows": args.rows,
        "distinct_profiles": distinct,
        "error_rows": error_rows,
        "rounds": args.rounds,
        "target": args.target,
        "memory_target": args.memory_target,
        "generate_s": round(generated, 1),
        "seconds": round(elapsed, 1),
        "results": results,
        "ratio": round(ratio, 3),
        "paired_ratio": round(paired, 3),
        "cpu_ratio": round(cpu_ratio, 3),
        "verdict": "PASS" if ratio <= args.target else "OVER",
        "memory_small_rows": SMALL_MEMORY_ROWS,
        "memory_rows": None if args.skip_memory else args.memory_rows,
        "memory": memory,
        "memory_summary": memory_summary,
    }
    print_report(doc)
    return finish(doc, changed, vocab["package"], args.json_out)


def print_report(doc: dict[str, Any]) -> None:
    distinct = doc["distinct_profiles"]
    cache = doc["pomplan_cache_size"]
    print(
        f"pomplan {doc['pomplan']} batch: Python {doc['python']} ({doc['executable']}), "
        f"{doc['cpus']} CPUs, {doc['seconds']} s in all ({doc['generate_s']} s writing the input)"
    )
    print(
        f"input: {doc['rows']:,} JSON Lines rows, seed {doc['seed']}, "
        + (f"{distinct:,} distinct profiles" if distinct is not None else "")
        + (f" (pomplan caches {cache:,})" if cache else "")
        + f"; pomplan error records: {doc['error_rows']}"
    )
    print(
        f"\nthroughput: {doc['rounds']} alternating rounds, stdout to /dev/null; "
        f"ratio = median / floor median; target <= {doc['target']:.2f}x\n"
    )
    print(
        f"{'command':<42} {'median s':>9} {'min s':>7} {'max s':>7} {'cpu s':>7} "
        f"{'rows/s':>9} {'us/row':>7}"
    )
    for row in doc["results"]:
        print(
            f"{row['label']:<42} {row['median_s']:>9.3f} {row['min_s']:>7.3f} "
            f"{row['max_s']:>7.3f} {row['cpu_median_s']:>7.3f} {row['rows_per_s']:>9,} "
            f"{row['us_per_row']:>7.2f}"
        )
    print(
        f"\npomplan / floor: {doc['ratio']:.2f}x (paired {doc['paired_ratio']:.2f}x, "
        f"CPU time {doc['cpu_ratio']:.2f}x)  {doc['verdict']}"
    )
    if not doc["memory"]:
        return
    print(
        f"\npeak RSS, one run each, stdout to /dev/null; pomplan's ratio = "
        f"{doc['memory_rows']:,} rows / {doc['memory_small_rows']:,} rows; "
        f"target <= {doc['memory_target']:.2f}x\n"
    )
    print(f"{'command':<42} {'rows':>10} {'peak MiB':>9} {'cpu s':>8} {'rows/s':>9}")
    for m in doc["memory"]:
        label = {
            "bare": "python -c pass (the lowest peak shown)",
            "floor": "floor",
            "pomplan": "python -m pomplan estimate --input",
        }[m["key"]]
        speed = f"{m['rows'] / m['wall_s']:>9,.0f}" if m["rows"] else f"{'':>9}"
        print(f"{label:<42} {m['rows']:>10,} {m['peak_rss_mib']:>9.1f} {m['cpu_s']:>8.2f} {speed}")
    s = doc["memory_summary"]
    print(
        f"\npomplan big / small: {s['pomplan']['ratio']:.2f}x "
        f"({s['pomplan']['extra_mib']:+.1f} MiB)  {s['verdict']}; "
        f"floor: {s['floor']['ratio']:.2f}x ({s['floor']['extra_mib']:+.1f} MiB)"
    )


if __name__ == "__main__":
    sys.exit(main())
