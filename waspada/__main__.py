"""`python -m waspada` runs the command line."""

from waspada.cli import cli

cli()
