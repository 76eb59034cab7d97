"""`python -m sim` is the same as the `carelab` command."""

from sim.cli.main import main

main()
