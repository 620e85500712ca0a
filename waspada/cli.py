"""The `waspada` command: every stage of the pipeline behind one entry point."""

from __future__ import annotations

import logging
import os
import sys
import traceback

import click

from store.errors import WaspadaError
from waspada import __version__
from waspada.commands import COMMANDS


class WaspadaGroup(click.Group):
    """A group that turns library errors into one line and an exit code, unless --debug."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except WaspadaError as error:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader went away (`waspada ... | head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:  # a path that cannot be read or written: name it, no traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"Error: {where}{error.strerror or error}", err=True)
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 - the CLI edge: one line, not a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {type(error).__name__}: {error} (run with --debug for details)", err=True)
            sys.exit(1)


@click.group(cls=WaspadaGroup)
@click.version_option(__version__, prog_name="waspada")
@click.option("--debug", is_flag=True, help="Show full tracebacks and debug logs.")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: bool) -> None:
    """Waspada: an early-warning monitor for social conflict in Indonesian regional news.

    Crawl regional outlets into one SQLite database, tag conflict, themes,
    regions and impact, and write a daily digest of emerging tensions.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


for command in COMMANDS:
    cli.add_command(command)
