"""Run pomplan as ``python -m pomplan``."""

from pomplan._console import main

main()
