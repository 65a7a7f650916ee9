"""The everyday run keeps its longest build from one run to the next (tests/support/shared.py `kept`):
reused only while what it is made of is the same, built again and replaced when anything changed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.support import shared


def _project(root: Path) -> Path:
    (root / "etl").mkdir(parents=True)
    (root / "etl" / "demo.py").write_text("SEED = 7\n")
    (root / "data").mkdir()
    (root / "data" / "codes.csv").write_text("code\n131016\n")
    return root


def _builder(calls: list[Path]):
    def build(path: Path) -> Path:
        calls.append(path)
        with duckdb.connect(str(path)) as con:
            con.execute("create table built as select ? as n", [len(calls)])
        return path

    return build


def _n(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select n from built").fetchall()[0][0]


def test_the_key_follows_every_byte_and_name_of_the_sources_but_not_a_database_beside_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    monkeypatch.setattr(shared, "ROOT", root)
    first = shared.made_of_key()
    assert shared.made_of_key() == first
    (root / "data" / "hyojunka.duckdb").write_bytes(b"a database the run itself made")
    assert shared.made_of_key() == first
    (root / "etl" / "demo.py").write_text("SEED = 8\n")
    changed = shared.made_of_key()
    assert changed != first
    (root / "etl" / "demo.py").rename(root / "etl" / "history.py")
    assert shared.made_of_key() not in {first, changed}


def test_a_kept_build_is_copied_while_its_sources_stay_and_rebuilt_once_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    monkeypatch.setattr(shared, "ROOT", root)
    folder, calls = tmp_path / "kept", []
    build = _builder(calls)

    assert _n(shared.kept(folder, "demo", build, tmp_path / "run1.duckdb")) == 1
    assert _n(shared.kept(folder, "demo", build, tmp_path / "run2.duckdb")) == 1
    assert calls == [tmp_path / "run1.duckdb"], "the second run copied what the first kept"
    assert len(list(folder.glob("demo-*.duckdb"))) == 1

    (root / "data" / "codes.csv").write_text("code\n131016\n131024\n")
    assert _n(shared.kept(folder, "demo", build, tmp_path / "run3.duckdb")) == 2
    assert [p.name for p in folder.iterdir()] == [f"demo-{shared.made_of_key()}.duckdb"], "the old one replaced"


def test_without_a_folder_every_run_builds(tmp_path: Path) -> None:
    calls: list[Path] = []
    build = _builder(calls)
    for run in (1, 2):
        assert _n(shared.kept(None, "demo", build, tmp_path / f"run{run}.duckdb")) == run
    assert len(calls) == 2
