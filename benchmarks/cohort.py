"""Cohort benchmark: ``pomplan cohort`` against ``pomplan profile list`` over the same profiles.

The script makes a temporary ``POMPLAN_HOME`` holding ``--profiles`` saved profiles (200 by
default) of seeded random values, a third of them with a few milestones ticked, and runs both
commands over it, text and ``--json``, in the same session: each command first once with its
output checked, then ``--rounds`` rounds, the order alternating from round to round, stdout to
``/dev/null``. Reported: the median wall time of each and the ratio cohort / profile list,
checked against the target (2.0 by default). It measures and reports; it exits 0 unless a
command fails or writes the wrong output.

Run from the repository root:

    .venv/bin/python benchmarks/cohort.py
    .venv/bin/python benchmarks/cohort.py --profiles 200 --rounds 15 --json-out cohort.json

Standard library only; it runs the interpreter given by ``--python`` (default: this one),
which must have pomplan installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import bench_env, fingerprint, finish

TARGET = 2.0  # cohort at most twice the time of profile list over the same profiles
TODAY = "2026-06-01"  # pinned, so that every run plans the same day

DEGREES = ("none", "bachelor-other", "bachelor", "master", "mba")
BACKGROUNDS = (
    "project-management",
    "business-analysis",
    "product-management",
    "data-analysis",
    "customer-success",
    "operations",
    "engineering",
    "general-business",
    "unrelated",
)
CERTS = ("lean", "agile", "project-management", "data-analytics")
TICKS = ("education-audit", "network-community", "learning-sources", "skills-process-map")


def make_home(home: Path, count: int, seed: int) -> int:
    """``count`` profiles under ``home``, a third with progress; returns how many distinct
    sets of values they hold (people with the same values could share an estimate)."""
    rng = random.Random(seed)
    (home / "profiles").mkdir(parents=True)
    (home / "progress").mkdir(parents=True)
    distinct = set()
    for number in range(count):
        name = f"person-{number:03d}"
        values = {
            "degree": rng.choice(DEGREES),
            "background": rng.choice(BACKGROUNDS),
            "experience_years": rng.choice((0, 1, 2, 3, 4, 5, 8)),
            "hours_per_week": rng.choice((5, 8, 10, 15, 20)),
        }
        certs = rng.sample(CERTS, rng.choice((0, 0, 1, 2)))
        distinct.add((*values.values(), tuple(sorted(certs))))
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(500))
        lines = ["schema_version = 1"]
        lines += [f"{k} = {json.dumps(v)}" for k, v in values.items()]
        lines.append(f"certifications = {json.dumps(certs)}")
        lines.append(f"start = {start.isoformat()}")
        (home / "profiles" / f"{name}.toml").write_text("\n".join(lines) + "\n", "utf-8")
        if number % 3 == 0:
            ticked = rng.sample(TICKS, rng.randint(1, len(TICKS)))
            done = {
                i: (start + dt.timedelta(days=30 * (n + 1))).isoformat()
                for n, i in enumerate(ticked)
            }
            doc = {"schema_version": 1, "profile": name, "done": done}
            (home / "progress" / f"{name}.json").write_text(json.dumps(doc), "utf-8")
    return len(distinct)


def check(python: str, env: dict[str, str], count: int) -> None:
    """Each command once, its output read back: every profile listed, no problem."""
    for args in (("profile", "list"), ("cohort",)):
        out = subprocess.run(
            [python, "-m", "pomplan", *args, "--json"], env=env, capture_output=True, timeout=120
        )
        if out.returncode != 0:
            sys.exit(f"pomplan {' '.join(args)} failed: {out.stderr.decode()[:500]}")
        doc = json.loads(out.stdout)
        rows = doc["profiles"]
        if len(rows) != count or any(r.get("problem") for r in rows):
            sys.exit(f"pomplan {' '.join(args)}: expected {count} readable profiles")


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(python: str, env: dict[str, str], args: tuple[str, ...]) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU time is the one to trust on a busy machine)."""
    cpu, begin = _cpu(), time.perf_counter()
    code = subprocess.call(
        [python, "-m", "pomplan", *args], env=env, stdout=subprocess.DEVNULL, timeout=120
    )
    elapsed = time.perf_counter() - begin
    if code != 0:
        sys.exit(f"pomplan {' '.join(args)} exited {code}")
    return elapsed, _cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target", type=float, default=TARGET)
    parser.add_argument("--json-out")
    opts = parser.parse_args()
    package = subprocess.run(
        [opts.python, "-c", "import pomplan, os; print(os.path.dirname(pomplan.__file__))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    before = fingerprint(package)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        distinct = make_home(home, opts.profiles, opts.seed)
        env = bench_env()
        env["POMPLAN_HOME"] = str(home)
        env["POMPLAN_TODAY"] = TODAY
        check(opts.python, env, opts.profiles)
        pairs = {
            "text": (("profile", "list"), ("cohort",)),
            "json": (("profile", "list", "--json"), ("cohort", "--json")),
        }
        times: dict[str, dict[str, list[tuple[float, float]]]] = {
            k: {"list": [], "cohort": []} for k in pairs
        }
        for number in range(opts.rounds):
            for form, (listing, cohort) in pairs.items():
                order = [("list", listing), ("cohort", cohort)]
                for label, args in order if number % 2 == 0 else order[::-1]:
                    times[form][label].append(timed(opts.python, env, args))
    print(f"{opts.profiles} profiles ({distinct} distinct sets of values), {opts.rounds} rounds")
    results: dict[str, Any] = {}
    for form, measured in times.items():
        figures = {}
        for what, index in (("wall", 0), ("cpu", 1)):
            listing = statistics.median(t[index] for t in measured["list"]) * 1000
            cohort = statistics.median(t[index] for t in measured["cohort"]) * 1000
            ratio = cohort / listing
            mark = "PASS" if ratio <= opts.target else "OVER"
            print(
                f"{form:4} {what:4}  profile list {listing:7.1f} ms   cohort {cohort:7.1f} ms   "
                f"ratio {ratio:.2f}x  {mark} (target {opts.target}x)"
            )
            figures[what] = {"profile_list_ms": listing, "cohort_ms": cohort, "ratio": ratio}
        results[form] = figures
    doc = {
        "date": dt.date.today().isoformat(),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "profiles": opts.profiles,
        "distinct": distinct,
        "rounds": opts.rounds,
        "target": opts.target,
        "results": results,
        "pomplan_changed_during_run": fingerprint(package) != before,
    }
    return finish(doc, fingerprint(package) != before, package, opts.json_out)


if __name__ == "__main__":
    raise SystemExit(main())
