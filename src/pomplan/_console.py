"""The console script's entry point (``python -m pomplan`` comes here too).

``pomplan --version`` (or ``-V``) alone is answered before Typer, Click and Rich are imported;
any other arguments, ``--version`` among others included, go to the Typer app. A Ctrl-C while
pomplan is still starting exits 130 quietly.
"""

from __future__ import annotations

import os
import sys

VERSION_ARGS = (["--version"], ["-V"])


def version_only(args: list[str]) -> int | None:
    """Print the version if ``args`` ask for it and nothing else; return the exit status, or
    None when the arguments are the Typer app's to handle."""
    if args not in VERSION_ARGS:
        return None
    from pomplan import __version__

    try:
        sys.stdout.write(f"pomplan {__version__}\n")
        sys.stdout.flush()
    except BrokenPipeError:  # as the app does: the closed pipe is not reported
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


def main() -> None:
    code = version_only(sys.argv[1:])
    if code is not None:
        raise SystemExit(code)
    try:
        from pomplan.cli import main as run
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()
