"""Run the CLI as ``python -m sidecar``."""

from sidecar.cli import main

main()
