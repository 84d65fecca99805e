"""`python -m symbp` runs the command line."""

from .cli import main

main()
