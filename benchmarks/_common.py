"""What the benchmarks share: the environment they run pomplan in, and their last steps."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def bench_env() -> dict[str, str]:
    """This environment, without what would change what pomplan does or how fast it starts."""
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "80"
    for name in list(env):
        if name.startswith("POMPLAN_"):
            env.pop(name)  # POMPLAN_RULES would swap the rules, POMPLAN_DEBUG the error path
    for name in (
        "PYTHONDONTWRITEBYTECODE",  # bytecode caches stay warm, as for a real user
        "PYTHONPROFILEIMPORTTIME",
        "PYTHONSTARTUP",
        "PYTHONMALLOC",
        "PYTHONTRACEMALLOC",
        "FORCE_COLOR",
    ):
        env.pop(name, None)
    return env


def fingerprint(package: str) -> list[tuple[str, int, int]]:
    """Size and mtime of every installed file: a re-install mid-run shows up here."""
    root = Path(package)
    return sorted(
        (str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def finish(doc: dict[str, Any], changed: bool, package: str, json_out: str | None) -> int:
    """Warn if pomplan was re-installed during the run, and write the JSON results if asked."""
    if changed:
        print(
            f"\nWARNING: pomplan's files in {package} changed during the run (re-installed?);"
            " these figures mix two versions: run again.",
            file=sys.stderr,
        )
    if json_out:
        Path(json_out).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"\nwritten: {json_out}")
    return 0
