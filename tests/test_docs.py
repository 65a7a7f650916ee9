"""The documents a newcomer reads stay true to the code: every command and option of the real click
group is in docs/commands.md, every setting and environment variable in docs/settings.md, the README
stays short and every docs/ link in it (and between the docs) leads to a file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from cli.main import cli
from etl import reference

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
README_MAX_LINES = 200
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
HEADING = re.compile(r"^### `(hyojunka(?: [a-z][a-z-]*)*)`\s*$", re.M)
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)  # code blocks and spans: their brackets are not links
ENV_NAME = re.compile(r"HYOJUNKA_[A-Z0-9]+(?:_[A-Z0-9]+)*")
# where the code reads its environment variables (this file names none of its own)
ENV_SOURCES = (
    "cli",
    "etl",
    "access",
    "notify",
    "dashboard",
    "documents",
    "schemas",
    "bench",
    "tests",
    "Makefile",
    ".ci",
    ".streamlit",
)


def commands(group: click.Group = cli, path: tuple[str, ...] = ("hyojunka",)) -> Iterator[tuple[str, click.Command]]:
    """Every command and subcommand of the click group, as 'hyojunka token issue', depth first."""
    for name, command in sorted(group.commands.items()):
        here = (*path, name)
        yield " ".join(here), command
        if isinstance(command, click.Group):
            yield from commands(command, here)


def option_names(command: click.Command) -> list[str]:
    """The long names of a command's options (`--db`, `--silent-days`), --help left out."""
    return [
        max(param.opts, key=len)
        for param in command.params
        if isinstance(param, click.Option) and "--help" not in param.opts
    ]


def sections(text: str) -> dict[str, str]:
    """docs/commands.md cut at its '### `hyojunka …`' headings: command -> the text under its heading."""
    marks = list(HEADING.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return {m.group(1): text[m.end() : end] for m, end in zip(marks, ends, strict=True)}


def test_the_walk_finds_the_commands_and_options() -> None:
    found = dict(commands())
    assert {"hyojunka init", "hyojunka token issue", "hyojunka submissions show", "hyojunka costs arrangement"} <= set(
        found
    )
    assert "--silent-days" in option_names(found["hyojunka remind"])
    assert len(found) >= 30


def test_every_command_and_option_is_in_docs_commands() -> None:
    documented = sections((DOCS / "commands.md").read_text(encoding="utf-8"))
    missing = [name for name, _ in commands() if name not in documented]
    assert not missing, f"commands without a '### `…`' section in docs/commands.md: {missing}"
    unlisted = [
        f"{name} {option}"
        for name, command in commands()
        for option in option_names(command)
        if not re.search(rf"`{re.escape(option)}(?![\w-])", documented[name])
    ]
    assert not unlisted, f"options missing from their command's section in docs/commands.md: {unlisted}"
    extra = sorted(set(documented) - {name for name, _ in commands()})
    assert not extra, f"docs/commands.md documents commands the command line does not have: {extra}"


def test_every_setting_is_in_docs_settings() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    keys = reference.settings()["key"].tolist()
    assert "national_deadline" in keys and "recent_report_days" in keys
    missing = [key for key in keys if not re.search(rf"^\| `{re.escape(key)}` \|", text, re.M)]
    assert not missing, f"settings of data/reference/settings.csv without their row in docs/settings.md: {missing}"


def environment_variables() -> set[str]:
    """Every HYOJUNKA_* name the project's code, tests and build files mention."""
    names: set[str] = set()
    for source in ENV_SOURCES:
        top = ROOT / source
        files = [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file()]
        for file in files:
            if file.resolve() == Path(__file__).resolve() or file.suffix in (".pyc", ".duckdb", ".png", ".xlsx"):
                continue
            try:
                names.update(ENV_NAME.findall(file.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                continue
    return names


def test_every_environment_variable_is_in_docs_settings() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    names = environment_variables()
    assert {"HYOJUNKA_DB", "HYOJUNKA_SESSION_HOURS", "HYOJUNKA_SMTP_HOST"} <= names
    rows = "\n".join(line for line in text.splitlines() if line.startswith("| `"))  # the tables' first cells
    missing = sorted(name for name in names if name not in rows)
    assert not missing, f"environment variables missing from docs/settings.md: {missing}"


def test_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; at most {README_MAX_LINES}"


def test_readme_links_every_doc_and_every_link_leads_to_a_file() -> None:
    links = LINK.findall(CODE.sub("", README.read_text(encoding="utf-8")))
    to_docs = [link for link in links if link.startswith("docs/")]
    broken = [link for link in to_docs if not (ROOT / link).is_file()]
    assert not broken, f"README.md links to missing files: {broken}"
    unlinked = sorted(p.name for p in DOCS.glob("*.md") if f"docs/{p.name}" not in to_docs)
    assert not unlinked, f"docs/ files README.md does not link to: {unlinked}"


@pytest.mark.parametrize("doc", sorted(p.name for p in DOCS.glob("*.md")))
def test_links_between_docs_lead_to_files(doc: str) -> None:
    links = LINK.findall(CODE.sub("", (DOCS / doc).read_text(encoding="utf-8")))
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    broken = [link for link in local if not (DOCS / link).exists()]
    assert not broken, f"docs/{doc} links to missing files: {broken}"
