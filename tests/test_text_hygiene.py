"""One text hygiene rule (etl.hygiene) for reports, contacts, token labels and releases: invisible
characters refused with their code point named, and every message and the command line's echo
showing a value's control characters escaped."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from access import tokens
from etl import database, hygiene, read
from etl import findings as fnd
from notify import contacts
from tests.support.codes import CHIYODA
from tests.support.factories import csv_bytes, json_bytes, valid_row

ROOT = Path(__file__).resolve().parents[1]

# each made one vendor read as six identical-looking ones on the public vendor list
INVISIBLE = [
    ("\u2063", "U+2063"),  # invisible separator
    ("\u00ad", "U+00AD"),  # soft hyphen
    ("\u034f", "U+034F"),  # combining grapheme joiner
    ("\ufe0f", "U+FE0F"),  # variation selector 16
    ("\U000e0020", "U+E0020"),  # tag space
    ("\U000e0101", "U+E0101"),  # variation selector 18
    ("\u1160", "U+1160"),  # Hangul jungseong filler
]


@pytest.mark.parametrize(("ch", "point"), INVISIBLE)
@pytest.mark.parametrize("column", ["vendor", "municipality_code", "notes"])
def test_invisible_characters_are_errors_naming_the_code_point(ch, point, column):
    value = "東都データ" + ch + "サービス" if column != "municipality_code" else CHIYODA + ch
    result = read.read(json_bytes([valid_row(**{column: value})]), "r.json")
    found = [f for f in result.findings if f["code"] == "text_invisible"]
    assert [(f["row"], f["column"], f["value"], f["severity"]) for f in found] == [(1, column, point, "error")]
    assert point in found[0]["message_ja"] and point in found[0]["message_en"]


def test_every_format_character_is_refused():
    """Unicode's whole format category (Cf), not a list of the ones seen so far."""
    missing = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) == "Cf" and hygiene.first_refused(chr(cp)) is None
    ]
    assert missing == []
    for cp in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0), *range(0x80, 0x85), *range(0x86, 0xA0)]:
        assert hygiene.first_refused(chr(cp)) is not None, f"U+{cp:04X}"
    # what a name may hold: Japanese, a dakuten, a full-width space, an ideographic iteration mark
    for text in ["東都データサービス", "か\u3099", "日本\u3000電気", "佐々木", "ＮＥＣ", "Fujitsu Japan"]:
        assert hygiene.first_refused(text) is None


def test_one_rule_for_contacts_and_token_labels():
    for ch, point in INVISIBLE:
        problem = contacts._text_problem("情報政策課" + ch)
        assert problem is not None and point in problem[0] and point in problem[1]
        with pytest.raises(tokens.InvalidLabel) as refused:
            tokens.clean_label("情報政策課" + ch)
        assert point in refused.value.ja


def test_messages_show_control_characters_escaped():
    ja, en = fnd.message("stage_unknown", "live\x1b]2;pwned\x07\u202e", "stage")
    assert "\x1b" not in ja + en and "\x07" not in ja + en and "\u202e" not in ja + en
    assert "live\\x1b]2;pwned\\x07\\u202e" in ja and "live\\x1b]2;pwned\\x07\\u202e" in en
    ja, en = fnd.message("stage_unknown", "\x9b31m\U000e0020", "stage")
    assert "\\u009b31m\\udb40\\udc20" in ja + en
    assert hygiene.printable("a\x1bb\tc") == "a\\x1bb\\x09c"


def test_the_command_line_echoes_no_terminal_escape(tmp_path):
    db = tmp_path / "t.duckdb"
    database.init(db)
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([valid_row(stage="\x1b]2;pwned\x07live", vendor="\x9b31mred")]))
    done = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    out = done.stdout + done.stderr
    assert "不受理" in out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b]2;pwned\\x07" in out
