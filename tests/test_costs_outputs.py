"""Operating costs in the outputs: the deck's cost slide (aggregates only, withheld under five), the
A4 sheet's cost line (only on a sheet made with costs), `hyojunka template` and `export --costs`."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from documents import costs as cost_outputs
from documents import deck, fonts, sheet
from etl import database, store
from etl.costs import ingest as cost_ingest
from schemas.vocabulary.costs import COST_SHEET
from tests.support.costs import CODES, MARKS, costs_of
from tests.support.databases import build_small
from tests.support.images import needs_browser


def _db(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "costs.duckdb"
    database.init(path)
    build_small(path)
    assert cost_ingest.ingest_frame(costs_of(CODES[:n]), source="json", db=path).accepted
    return path


def test_the_slide_withholds_under_five_and_shows_the_figures_from_five(tmp_path):
    few = _db(tmp_path / "few", 3)
    with store.connect(few, read_only=True) as con:
        title, fig, note = cost_outputs.slide_parts(cost_outputs.slide_data(con), "en")
    assert fig is None and "Fewer than 5" in note and "3 reported" in note
    many = _db(tmp_path / "many", 6)
    with store.connect(many, read_only=True) as con:
        title, fig, note = cost_outputs.slide_parts(cost_outputs.slide_data(con), "ja")
    base = sum(b for b, _ in MARKS.values())
    latest = sum(v for _, v in MARKS.values())
    assert fig is not None and f"{latest / base:.2f}×" in note and "6 団体" in note
    # the figure carries the target and the dated national figures as lines, and no yen
    shapes = fig.layout.shapes
    assert any(abs(s.x0 - 0.7) < 1e-9 for s in shapes)
    assert any(abs(s.x0 - 1.6) < 1e-9 for s in shapes)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "2025-05-28" in texts and "2025-01-31" in texts
    assert not any(str(v) in fig.to_json() for pair in MARKS.values() for v in pair)


def test_the_sheet_carries_its_own_costs_only_when_made_with_them(tmp_path):
    db = _db(tmp_path, 6)
    code = CODES[0]
    with_costs = sheet.sheet_data(db, code, lang="ja", costs=True)
    plain = sheet.sheet_data(db, code, lang="ja")
    base, latest = MARKS[code]
    assert (
        with_costs.cost_line is not None
        and f"{base:,}" in with_costs.cost_line
        and f"{latest:,}" in with_costs.cost_line
    )
    assert plain.cost_line is None
    try:
        font = fonts.noto_cjk()
    except Exception:  # the font is a system package; the sheet tests say so where it matters
        pytest.skip("Noto Sans CJK is not installed")
    html = sheet.sheet_html(with_costs, base_url="http://localhost:8501", font=font)
    assert f"{base:,}" in html
    assert f"{base:,}" not in sheet.sheet_html(plain, base_url="http://localhost:8501", font=font)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, check=False)


def test_template_and_export_from_the_command_line(tmp_path):
    db = _db(tmp_path, 6)
    out = tmp_path / "t.xlsx"
    result = _cli("template", CODES[0], "--db", str(db), "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert COST_SHEET in book.sheetnames
    plain = _cli("export", "--costs", "--db", str(db))
    assert plain.returncode == 0, plain.stderr.decode()
    frame = pd.read_csv(io.BytesIO(plain.stdout), dtype=str, encoding="utf-8-sig")
    assert "municipality_code" not in frame.columns
    assert not any(str(v) in plain.stdout.decode("utf-8-sig") for pair in MARKS.values() for v in pair)
    private = _cli("export", "--costs", "--include-municipal-costs", "--db", str(db))
    assert str(MARKS[CODES[0]][0]) in private.stdout.decode("utf-8-sig")
    ingest = _cli("costs", "ingest", str(tmp_path / "missing.csv"), "--db", str(db))
    assert ingest.returncode == 2 and b"Traceback" not in ingest.stderr


@pytest.mark.slow
@needs_browser
def test_the_deck_has_its_cost_slide(tmp_path):
    db = _db(tmp_path, 6)
    pptx = Presentation(io.BytesIO(deck.render_deck(db, lang="en")))
    slides = dict(zip(deck.SLIDES, pptx.slides, strict=True))
    names = [shape.name for shape in slides["costs"].shapes]
    assert "chart_costs" in names
    text = " ".join(shape.text_frame.text for shape in slides["costs"].shapes if shape.has_text_frame)
    assert "Cost-weighted ratio" in text and "Operating costs against FY2018" in text
