"""Run pomplan as ``python -m pomplan``."""

from pomplan.cli import main

main()
