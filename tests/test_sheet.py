"""The municipality sheet (カルテ): one A4 page whose text holds the same figures as `hyojunka export`.

The database is the small one of tests/test_queries.py, built through the real ETL into a jurisdiction
of its three municipalities, so that `--all` stays quick. The sheets are made by the real command line
in a subprocess, read back with pypdf and rendered with Debian's pdftoppm.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard.shape.municipality import live_steps, standing
from documents import common, fonts, sheet
from etl import database, paths
from schemas.vocabulary.contract import OVERDUE_STATUSES
from schemas.vocabulary.labels import cloud_label, schedule_label, stage_label
from tests.support.cli import run_etl_slow
from tests.support.codes import CHIYODA, HACHIOJI, TOSHIMA
from tests.support.databases import build_small
from tests.support.images import needs_browser, png_size
from tests.support.paths import SCREENSHOTS

NOTE = "内部メモ: 公開しない"  # every row of the small database carries it; no sheet may show it
BASE = "https://hyojunka.example.jp/app"
A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small history in a jurisdiction of its three municipalities."""
    folder = tmp_path_factory.mktemp("sheet")
    tokyo = pd.read_csv(paths.REFERENCE_DIR / "municipalities_tokyo.csv", dtype=str)
    three = folder / "three.csv"
    tokyo[tokyo["code"].isin([CHIYODA, HACHIOJI, TOSHIMA])].to_csv(three, index=False)
    path = folder / "small.duckdb"
    database.init(path, pd.read_csv(three, dtype=str))
    return build_small(path)


@pytest.fixture(scope="module")
def exported(small: Path) -> pd.DataFrame:
    """What `hyojunka export --format json` says of every reported pair (it lists the pairs with no
    report too, as stage no_report)."""
    result = run_etl_slow("export", "--format", "json", db=small)
    assert result.returncode == 0, result.stderr.decode()
    frame = pd.DataFrame(json.loads(result.stdout))
    return frame[frame["stage"] != "no_report"]


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


def test_standing_against_hand_counts():
    summary = pd.DataFrame(
        {
            "municipality_code": ["a", "b", "c", "d"],
            "n_live": [1, 1, 0, 0],
            "n_in_scope": [3, 3, 1, 0],  # d has not reported: outside ranks and medians
            "share_live": [1 / 3, 1 / 3, 0.0, None],
            "n_cloud_running": [1, 1, 0, 0],
            "n_overdue": [0, 1, 1, 0],
            "last_report": pd.to_datetime(["2025-01-06", "2025-01-06", "2025-01-06", None]),
        }
    )
    rows = standing(summary, "a").set_index("measure")
    assert rows.at["share_live", "value"] == pytest.approx(1 / 3)
    assert rows.at["share_live", "all"] == pytest.approx(2 / 7)
    assert rows.at["share_live", "median"] == pytest.approx(1 / 3)
    assert rows.at["share_live", "rank"] == 1 and rows.at["share_live", "n_ranked"] == 3
    assert rows.at["overdue", "all"] == 2 and rows.at["overdue", "rank"] == 1
    assert standing(summary, "c").set_index("measure").at["share_live", "rank"] == 3
    assert standing(summary, "d")["rank"].isna().all()


def test_live_steps_count_the_latest_report_per_business():
    history = pd.DataFrame(
        {
            "as_of": ["2025-01-06", "2025-01-06", "2025-03-03", "2025-03-03"],
            "business_id": ["rr", "tax", "rr", "tax"],
            "business_order": [1, 2, 1, 2],
            "stage": ["planning", "not_applicable", "live", "not_applicable"],
        }
    )
    steps = live_steps(history)
    assert steps["live"].tolist() == [0, 1]
    assert steps["in_scope"].tolist() == [1, 1]


def test_public_page_url_and_setting(monkeypatch):
    assert common.public_page_url(BASE + "/", CHIYODA) == f"{BASE}/municipality?muni={CHIYODA}"
    assert common.public_page_url(BASE, CHIYODA, "en").endswith("muni=131016&lang=en")
    monkeypatch.setenv(common.BASE_URL_ENV, "https://env.example.jp/")
    assert common.base_url() == "https://env.example.jp"
    assert common.base_url("https://flag.example.jp") == "https://flag.example.jp"


def test_noto_cjk_is_found_by_fontconfig_and_a_missing_font_is_a_clear_error(monkeypatch):
    if not shutil.which("fc-match"):
        pytest.skip("no fontconfig")
    found = fonts.noto_cjk()
    assert found.family == fonts.FAMILY and found.path.exists()
    monkeypatch.setattr(fonts, "FAMILY", "No Such Font Family Anywhere")
    with pytest.raises(fonts.FontMissing) as err:
        fonts.noto_cjk()
    assert "fonts-noto-cjk" in err.value.message_ja and "fonts-noto-cjk" in err.value.message_en


@needs_browser
@pytest.mark.slow  # a PDF rendered through the chart browser
def test_sheet_holds_the_export_figures_on_one_a4_page(small, exported, tmp_path):
    out = tmp_path / "chiyoda.pdf"
    result = run_etl_slow("sheet", CHIYODA, "--out", str(out), "--base-url", BASE, db=small)
    assert result.returncode == 0, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()  # nor at exit, when the chart browser closes
    reader, text = pdf_text(out.read_bytes())
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=0.5)
    assert "千代田区" in text and CHIYODA in text
    lines = text.splitlines()
    mine = exported[exported["municipality_code"] == CHIYODA]
    assert len(mine) >= 3  # its reported businesses (and, where the export lists them, the unreported)
    for row in mine.itertuples():
        line = next(line for line in lines if line.strip().startswith(row.business_ja))
        assert stage_label(row.stage, "ja") in line
        assert schedule_label(row.schedule_status, "ja") in line
        for value in (row.due_date, row.go_live_date, row.vendor):
            if isinstance(value, str):
                assert value.replace("-", "/") in line, (value, line)  # the page's one date format
        assert cloud_label(row.gov_cloud, "ja") in line
    assert "1 / 20" in text  # live / in scope (no report included), as the municipality page and the overview count
    data = sheet.sheet_data(small, CHIYODA)
    n_overdue = int(data.systems["schedule_status"].isin(OVERDUE_STATUSES).sum())
    assert n_overdue == 19  # past the national deadline every system but the live registry is overdue
    cards = next(i for i, line in enumerate(lines) if "期限超過" in line)  # no part is called by the total's word
    assert str(n_overdue) in lines[cards + 1].split()
    # the QR code's address, printed under it (wrapped over lines)
    assert f"{BASE}/municipality?muni={CHIYODA}" in "".join(text.split())
    assert "データ基準日 2025/03/03" in text
    assert NOTE not in text


@needs_browser
@pytest.mark.slow  # a PDF rendered through the chart browser
def test_sheet_in_english(small, exported, tmp_path):
    out = tmp_path / "chiyoda_en.pdf"
    assert run_etl_slow("sheet", CHIYODA, "--lang", "en", "--out", str(out), db=small).returncode == 0
    _, text = pdf_text(out.read_bytes())
    assert "Chiyoda" in text and "Data as of 2025/03/03" in text
    assert stage_label("live", "en") in text


@needs_browser
@pytest.mark.slow  # a PDF rendered through the chart browser
def test_every_sheet_into_a_folder_and_a_page_rendered_with_pdftoppm(small, exported, tmp_path):
    folder = tmp_path / "sheets"
    result = run_etl_slow("sheet", "--all", "--out", str(folder), db=small)
    assert result.returncode == 0, result.stderr.decode()
    files = sorted(p.name for p in folder.iterdir())
    assert files == [f"hyojunka_sheet_{c}_2025-03-03.pdf" for c in (CHIYODA, HACHIOJI, TOSHIMA)]
    _, text = pdf_text((folder / files[1]).read_bytes())
    assert "八王子市" in text and NOTE not in text
    if not shutil.which("pdftoppm"):
        pytest.skip("no pdftoppm (poppler-utils)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "sheet_hachioji"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", str(folder / files[1]), str(target)], check=True, timeout=120
    )
    width, height = png_size(target.with_suffix(".png").read_bytes())
    assert height / width == pytest.approx(297 / 210, rel=0.01)


@pytest.mark.slow  # a PDF rendered through the chart browser
def test_unknown_code_and_missing_argument_are_clear_errors(small, tmp_path):
    result = run_etl_slow("sheet", "999999", "--out", str(tmp_path / "x.pdf"), db=small)
    assert result.returncode == 2
    assert "999999" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
    result = run_etl_slow("sheet", "--out", str(tmp_path / "x.pdf"), db=small)
    assert result.returncode == 2 and "--all" in result.stderr.decode()
    assert not (tmp_path / "x.pdf").exists()


def test_sheet_data_matches_the_export(small, exported):
    data = sheet.sheet_data(small, HACHIOJI, lang="ja")
    mine = exported[exported["municipality_code"] == HACHIOJI].set_index("business_ja")
    shown = data.systems.set_index("business")
    assert len(shown) == 20 and set(mine.index) <= set(shown.index)
    for business, row in mine.iterrows():
        assert shown.at[business, "stage"] == row["stage"]
        assert shown.at[business, "schedule_status"] == row["schedule_status"]
        for column in ("due_date", "go_live_date", "vendor"):
            expected = row[column] if isinstance(row[column], str) else ""
            assert shown.at[business, column] == expected, (business, column)


def _qr_codes(pdf: Path, folder: Path) -> list[str]:
    """The QR codes on a PDF's first page as zbarimg decodes them from its rendering."""
    missing = [tool for tool in ("pdftoppm", "zbarimg") if not shutil.which(tool)]
    if missing:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{missing} not installed: make browser-deps installs poppler-utils and zbar-tools")
        pytest.skip(f"{missing} not installed")
    target = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(target)], check=True, timeout=120)
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(target.with_suffix(".png"))], capture_output=True, text=True, timeout=60
    )
    return [line for line in done.stdout.splitlines() if line.strip()]


@needs_browser
@pytest.mark.slow  # a PDF rendered through the chart browser
@pytest.mark.parametrize("how", ["flag", "environment"])
def test_the_qr_code_decodes_to_the_municipalitys_public_page(small, tmp_path, how):
    out = tmp_path / "hachioji.pdf"
    if how == "flag":
        result = run_etl_slow("sheet", HACHIOJI, "--lang", "en", "--out", str(out), "--base-url", BASE + "/", db=small)
        expected = common.public_page_url(BASE, HACHIOJI, "en")
    else:
        env = {**os.environ, "HYOJUNKA_DB": str(small), common.BASE_URL_ENV: "https://public.example.jp/tokyo"}
        result = subprocess.run(
            [sys.executable, "-m", "cli", "sheet", HACHIOJI, "--out", str(out)],
            capture_output=True,
            env=env,
            timeout=300,
        )
        expected = common.public_page_url("https://public.example.jp/tokyo", HACHIOJI, "ja")
    assert result.returncode == 0, result.stderr.decode()
    assert "warning" not in result.stderr.decode().lower()
    assert _qr_codes(out, tmp_path) == [expected]


@needs_browser
@pytest.mark.slow  # a PDF rendered through the chart browser
def test_without_a_public_address_the_sheet_says_so_and_the_command_warns(small, tmp_path):
    out = tmp_path / "chiyoda.pdf"
    env = {k: v for k, v in os.environ.items() if k != common.BASE_URL_ENV} | {"HYOJUNKA_DB": str(small)}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "sheet", CHIYODA, "--out", str(out)], capture_output=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr.decode()
    err = result.stderr.decode()
    assert "HYOJUNKA_PUBLIC_URL" in err and "--base-url" in err and "warning" in err
    _, text = pdf_text(out.read_bytes())
    flat = "".join(text.split())
    assert "公開アドレスが設定されていない" in flat and "localhost" not in flat
    assert _qr_codes(out, tmp_path) == []  # no code pointing anywhere
