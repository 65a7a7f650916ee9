"""The `hyojunka` command line: init, ingest, demo, export, template, submissions, token, official, reconcile, sheet, deck,
forecast.

The root group and the entry point live here; the commands, by what they work on, in `reports`
(the municipalities' status reports), `official` (the official releases), `outputs` (the sheet, the
static site, the deck), `admin` (tokens, contacts, reminders) and `forecast` (the go-live forecast).
"""

from __future__ import annotations

import sys

import click

from etl.cli import admin, forecast, official, outputs, reports
from etl.cli.common import EXIT_USAGE
from etl.errors import UserError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """hyojunka (標準化): status reports of municipal core systems into DuckDB."""


for command in (
    reports.init,
    reports.ingest,
    reports.demo,
    reports.export,
    reports.template,
    reports.submissions,
    admin.token,
    official.official,
    official.reconcile,
    outputs.sheet,
    outputs.publish,
    outputs.deck,
    admin.contacts,
    admin.remind,
    forecast.forecast,
):
    cli.add_command(command)


def main() -> None:
    """Entry point: run the command line, turning unexpected failures into a message and exit 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except UserError as exc:
        click.echo(f"{exc.ja} / {exc.en}", err=True)
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
    except Exception as exc:  # a message, never a traceback, reaches the user
        click.echo(f"エラー / error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
