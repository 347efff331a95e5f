"""The console script's entry point: a Ctrl-C while pomplan is still starting exits 130 quietly."""

from __future__ import annotations


def main() -> None:
    try:
        from pomplan.cli import main as run
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()
