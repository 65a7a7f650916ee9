"""The `hyojunka` command line's root group and entry point (`cli.main:main`; `python -m cli`): init, ingest,
demo, export, template, submissions, token, official, reconcile, sheet, deck, forecast.

The commands, by what they work on, are in `reports` (the municipalities' status reports), `official`
(the official releases), `outputs` (the sheet, the static site, the deck), `admin` (tokens, contacts,
reminders), `costs` (the cost report) and `forecast` (the go-live forecast).
"""

from __future__ import annotations

import io
import sys

import click

from cli import admin, costs, forecast, official, outputs, reports
from cli.common import EXIT_USAGE
from etl.errors import UserError
from etl.hygiene import printable_lines


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
    admin.digest,
    costs.costs,
    forecast.forecast,
):
    cli.add_command(command)


class _EscapingText(io.TextIOWrapper):
    """The terminal's text stream with every control and invisible character a stored value may hold
    escaped (`\\x1b`, `\\u202e`): whatever a command prints, no escape sequence reaches the terminal."""

    def write(self, text: str) -> int:
        super().write(printable_lines(text))
        return len(text)


def _escaping(stream: object) -> object:
    buffer = getattr(stream, "buffer", None)
    if buffer is None or isinstance(stream, _EscapingText):
        return stream  # not a real terminal stream (a test's capture): left as it is
    stream.flush()  # type: ignore[attr-defined]
    return _EscapingText(
        buffer,
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors=getattr(stream, "errors", None) or "strict",
        line_buffering=bool(getattr(stream, "line_buffering", False)),
        write_through=True,
    )


def main() -> None:
    """Entry point: run the command line, turning unexpected failures into a message and exit 2."""
    sys.stdout = _escaping(sys.stdout)
    sys.stderr = _escaping(sys.stderr)
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
