"""Hostile files against the real ingest: each refused with its finding, within a memory and time
budget measured on a separate process, nothing applied, the rejected submission and its bytes kept."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from etl import database, ingest, read, store, template
from etl.bounded.text import json_depth
from schemas.vocabulary.contract import COLUMNS, FINDING_VALUE_MAX, MAX_BYTES, MAX_CELL_CHARS
from tests.support.factories import csv_bytes, json_bytes, valid_row, xlsx_bytes
from tests.support.hostile_files import BOMBS

ROOT = Path(__file__).resolve().parents[1]
PEAK_RSS_MB = 300
SECONDS = 5.0

# the child: its peak RSS reset first (a child's high-water mark starts at its parent's at the fork),
# then the imports, then one ingest through the real store; the time is the ingest's alone
CHILD = """
import json, sys, time
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
from etl import ingest
raw = open(sys.argv[1], "rb").read()
start = time.perf_counter()
out = ingest.ingest_bytes(raw, filename=sys.argv[2], submitter="test", db=sys.argv[3])
elapsed = time.perf_counter() - start
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, "outcome": out.receipt.outcome,
                  "id": out.receipt.submission_id, "codes": out.findings["code"].tolist(),
                  "values": out.findings["value"].tolist()}))
"""


def run_ingest(raw: bytes, filename: str, db: Path, tmp_path: Path) -> dict:
    """Ingest in a child process; its report with the time of the ingest and the child's peak RSS."""
    file = tmp_path / filename
    file.write_bytes(raw)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(file), filename, str(db)], capture_output=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "h.duckdb"
    database.init(path)
    return path


# each bomb is measured in a child process; the everyday run takes one of each kind (XLSX grid, XLSX
# strings, CSV), CI all of them
EVERYDAY_BOMBS = {"far_row", "huge_shared_string", "wide_csv"}


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=[] if name in EVERYDAY_BOMBS else [pytest.mark.slow]) for name in BOMBS]
)
def test_bomb_is_refused_within_budget_and_kept(name, db, tmp_path):
    build, filename, code = BOMBS[name]
    raw = build()
    # built small (the wide CSV is the largest, 1.9 MB): the damage is in what they unfold to
    assert len(raw) < 2 * 1024 * 1024
    report = run_ingest(raw, filename, db, tmp_path)
    assert report["outcome"] == "rejected"
    assert code in report["codes"], report["codes"]
    assert report["seconds"] < SECONDS, report
    assert report["peak_mb"] < PEAK_RSS_MB, f"{name}: peak RSS {report['peak_mb']:.0f} MB"
    assert all(v is None or len(v) <= FINDING_VALUE_MAX for v in report["values"])
    with store.connect(db, read_only=True) as con:
        kept, size = con.execute("select raw, size_bytes from submissions where id = ?", [report["id"]]).fetchone()
        applied = con.execute("select count(*) from status_reports where submission_id = ?", [report["id"]]).fetchone()
    assert bytes(kept) == raw and size == len(raw)
    assert applied[0] == 0


def test_a_long_cell_value_is_clipped_in_its_finding(tmp_path):
    db = tmp_path / "t.duckdb"
    database.init(db)
    out = ingest.ingest_bytes(csv_bytes([valid_row(stage="x" * 3000)]), filename="r.csv", db=db)
    value = out.findings.loc[out.findings["code"] == "stage_unknown", "value"].item()
    assert len(value) == FINDING_VALUE_MAX and value.endswith("…")
    with store.connect(db, read_only=True) as con:
        stored = con.execute("select max(length(value)) from findings").fetchone()[0]
    assert stored <= FINDING_VALUE_MAX


# --- text hygiene: characters that hide, reorder or split text ---------------------------------


@pytest.mark.parametrize(
    ("column", "text", "code", "point"),
    [
        ("vendor", "ベンダ\x00A", "text_control_character", "U+0000"),
        ("notes", "memo\x07", "text_control_character", "U+0007"),
        ("vendor", "\u202eAテンベ", "text_bidi_control", "U+202E"),
        ("vendor", "ベンダ\u2067A", "text_bidi_control", "U+2067"),
        ("notes", "a\u200bb", "text_zero_width", "U+200B"),
        ("vendor", "ベンダ\ufeffA", "text_zero_width", "U+FEFF"),
        ("vendor", "ベンダ\u2060A", "text_zero_width", "U+2060"),
        ("municipality_code", "13101\u200d6", "text_zero_width", "U+200D"),
        ("vendor", "ベンダA\r=cmd|' /C calc'!A0", "text_line_break", "U+000D"),
        ("vendor", "ベンダA\nベンダB", "text_line_break", "U+000A"),
    ],
)
def test_hidden_or_reordering_characters_are_errors_naming_the_code_point(column, text, code, point):
    result = read.read(json_bytes([valid_row(**{column: text})]), "r.json")
    found = [f for f in result.findings if f["code"] == code]
    assert len(found) == 1, result.findings
    assert (found[0]["row"], found[0]["column"], found[0]["value"], found[0]["severity"]) == (1, column, point, "error")
    assert point in found[0]["message_ja"] and point in found[0]["message_en"]


def test_a_line_break_in_notes_is_allowed_and_kept():
    result = read.read(json_bytes([valid_row(notes="一行目\r\n二行目")]), "r.json")
    assert result.findings == []
    assert result.frame.loc[0, "notes"] == "一行目\r\n二行目"


def test_hygiene_errors_reject_the_submission(tmp_path):
    db = tmp_path / "t.duckdb"
    database.init(db)
    out = ingest.ingest_bytes(json_bytes([valid_row(vendor="\u202eXYZ")]), filename="r.json", db=db)
    assert out.receipt.outcome == "rejected"
    assert "text_bidi_control" in set(out.findings["code"])


# --- duplicate and ambiguous headers -----------------------------------------------------------


def _csv_with_header(header: list[str], values: list[str]) -> bytes:
    return (",".join(header) + "\n" + ",".join(values) + "\n").encode()


@pytest.mark.parametrize(
    "extra",
    ["municipality_code", "団体コード", "団体コード "],
)
def test_a_column_given_twice_is_refused(extra):
    row = valid_row()
    header = [*COLUMNS, extra]
    values = [str(row[c]) for c in COLUMNS] + ["131024"]
    result = read.read(_csv_with_header(header, values), "r.csv")
    assert result.frame is None
    assert [(f["code"], f["column"]) for f in result.findings] == [("column_duplicated", "municipality_code")]
    assert extra.strip() in result.findings[0]["value"]


def test_a_column_given_twice_in_a_workbook_or_json_is_refused():
    row = valid_row()
    xlsx = xlsx_bytes([[row[c] for c in COLUMNS] + ["131024"]], [*COLUMNS, "団体コード"])
    assert [f["code"] for f in read.read(xlsx, "r.xlsx").findings] == ["column_duplicated"]
    both = json_bytes([{**row, "団体コード": "131024"}])
    assert [f["code"] for f in read.read(both, "r.json").findings] == ["column_duplicated"]
    repeated = b'[{"municipality_code": "131016", "municipality_code": "131024"}]'
    found = read.read(repeated, "r.json").findings
    assert [(f["code"], f["value"]) for f in found] == [("json_key_duplicated", "municipality_code")]


# --- formulas without a saved result, widths, lengths ---------------------------------------


def test_a_formula_cell_without_a_saved_result_is_refused_naming_the_cell():
    row = valid_row()
    values = [row[c] for c in COLUMNS]
    values[COLUMNS.index("pmo_progress")] = "=50+50"  # openpyxl writes the formula, no result
    result = read.read(xlsx_bytes([values], COLUMNS), "r.xlsx")
    assert result.frame is None
    assert [(f["code"], f["value"]) for f in result.findings] == [("formula_without_value", "J2")]
    assert "J2" in result.findings[0]["message_ja"]


def test_too_many_columns_in_json_and_a_long_cell_in_csv_are_refused():
    wide = json_bytes([{**valid_row(), **{f"extra{i}": "1" for i in range(30)}}])
    assert [f["code"] for f in read.read(wide, "r.json").findings] == ["too_many_columns"]
    long = read.read(csv_bytes([valid_row(), valid_row(notes="n" * (MAX_CELL_CHARS + 1))]), "r.csv")
    assert [(f["code"], f["row"], f["column"]) for f in long.findings] == [("cell_too_long", 2, "notes")]


def test_json_depth_is_measured_without_parsing():
    assert json_depth('[{"a": "[[[[[[[[[[[["}]') == 2
    assert json_depth('{"a": "\\"[[[[", "b": [[1]]}') == 3
    assert json_depth("") == 0


def test_the_project_template_passes_the_bounds():
    """Our own workbook (200 formatted rows for hand entry, a hidden sheet of choices) reads."""
    frame = pd.DataFrame([valid_row(vendor="=1+1", notes="@x")], columns=COLUMNS)
    raw = template.to_xlsx(frame)
    result = read.read(raw, "t.xlsx")
    assert result.frame is not None, result.findings


# --- files over the size limit: refused before their bytes are stored --------------------------


def test_the_server_upload_limit_is_the_file_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def _kept(db: Path, submission_id: int) -> tuple:
    with store.connect(db, read_only=True) as con:
        return con.execute(
            "select outcome, size_bytes, sha256, octet_length(raw), raw_kept from submissions where id = ?",
            [submission_id],
        ).fetchone()


def test_an_oversized_file_is_recorded_by_size_and_first_bytes_not_kept(tmp_path):
    db = tmp_path / "t.duckdb"
    database.init(db)
    raw = csv_bytes([valid_row()]) + b"x" * (MAX_BYTES + 10)
    out = ingest.ingest_bytes(raw, filename="big.csv", submitter="test", db=db)
    assert out.receipt.outcome == "rejected"
    assert out.findings["code"].tolist() == ["file_too_large"]
    digest = hashlib.sha256(raw[: store.HEAD_BYTES]).hexdigest()
    assert _kept(db, out.receipt.submission_id) == ("rejected", len(raw), digest, 0, False)


def test_the_command_line_reads_only_the_head_of_an_oversized_file(tmp_path):
    db = tmp_path / "t.duckdb"
    database.init(db)
    big = tmp_path / "big.csv"
    with big.open("wb") as stream:
        stream.write(csv_bytes([valid_row()]))
        stream.truncate(30 * 1024 * 1024)  # 30 MB, sparse
    run = [sys.executable, "-m", "cli", "ingest", str(big), "--db", str(db), "--report", "json"]
    done = subprocess.run(run, capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1, done.stderr.decode()
    (report,) = json.loads(done.stdout)
    assert [f["code"] for f in report["findings"]] == ["file_too_large"]
    head = big.read_bytes()[: store.HEAD_BYTES]
    assert _kept(db, report["submission_id"]) == (
        "rejected",
        30 * 1024 * 1024,
        hashlib.sha256(head).hexdigest(),
        0,
        False,
    )
    show = [sys.executable, "-m", "cli", "submissions", "--db", str(db), "show", str(report["submission_id"]), "--raw"]
    shown = subprocess.run(show, capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert shown.returncode != 0 and b"not kept" in shown.stderr


@pytest.mark.parametrize(
    ("raw", "name", "code"),
    [
        (b'[{"pmo_progress": ' + b"9" * 5000 + b"}]", "r.json", "file_unreadable"),  # past int conversion
        (b'{"rows": {"a": [' + b"[" * 50 + b"]" * 50 + b"]}}", "r.json", "json_too_deep"),
        (b"[1, 2]", "r.json", "file_unreadable"),
    ],
)
def test_every_json_failure_is_a_finding(raw, name, code):
    assert [f["code"] for f in read.read(raw, name).findings] == [code]


def test_a_nul_byte_in_a_csv_is_an_error_naming_it():
    row = valid_row()
    header = ",".join(COLUMNS)
    values = ",".join(str(row[c]) if c != "vendor" else "ベンダ\x00A" for c in COLUMNS)
    found = read.read(f"{header}\n{values}\n".encode(), "r.csv").findings
    assert [(f["code"], f["column"], f["value"]) for f in found] == [("text_control_character", "vendor", "U+0000")]
