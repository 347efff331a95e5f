"""Run pomplan as ``python -m pomplan``: the console script's entry, which answers a bare
``--version`` before importing the CLI."""

from pomplan._console import main

main()
