"""The `python -m cli` command line run in a real subprocess against one database file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT


def run_etl(*args: str, db: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command line with HYOJUNKA_DB set to `db`; output as bytes, two minutes at most."""
    env = {**os.environ, "HYOJUNKA_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, env=env, cwd=cwd, timeout=120)


def run_etl_text(*args: str, db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command line from the project's folder, with further environment `env`; output as text."""
    full = {**os.environ, "HYOJUNKA_DB": str(db), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=full, cwd=ROOT, timeout=120
    )


def run_etl_slow(*args: str, db: Path) -> subprocess.CompletedProcess:
    """The command line for the commands that render (sheets, decks); output as bytes, five minutes at most."""
    env = {**os.environ, "HYOJUNKA_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, env=env, timeout=300)
