"""The one vocabulary: labels live in schemas/vocabulary/ (and the reference CSVs), nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl import reference, store
from schemas.vocabulary.contract import RESIDENT_REGISTRY, STAGES, UNDER_WAY
from schemas.vocabulary.labels import LABELS, label
from schemas.vocabulary.language import in_lang, lang_column

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "schemas" / "vocabulary"


def _code_files() -> list[Path]:
    files = [*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("documents/**/*.py"), *ROOT.glob("etl/**/*.py")]
    files += [*ROOT.glob("schemas/**/*.py")]
    files += [*ROOT.glob("dashboard/**/*.sql"), *ROOT.glob("etl/**/*.sql")]
    return sorted(f for f in files if VOCABULARY not in f.parents)


def _japanese_labels() -> set[str]:
    labels = {ja for pairs in LABELS.values() for ja, _ in pairs.values()}
    labels -= {ja for ja, _ in LABELS["column"].values()}  # headers are also words of messages
    labels |= set(reference.businesses()["name_ja"])
    return {word for word in labels if len(word) >= 2}  # 市, 町, 村 alone are words, not labels


def test_no_code_label_is_written_outside_the_vocabulary():
    labels = _japanese_labels()
    pattern = re.compile("[\"'](" + "|".join(re.escape(word) for word in sorted(labels, key=len)[::-1]) + ")[\"']")
    found = [
        f"{path.relative_to(ROOT)}:{n}: {match.group(1)}"
        for path in _code_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in pattern.finditer(line)
    ]
    assert not found, "labels written outside schemas/vocabulary/:\n" + "\n".join(found)


def test_the_scan_finds_a_label_literal(tmp_path: Path):
    # the scan's own pattern catches a stage label written as a literal (the test above can fail)
    labels = _japanese_labels()
    pattern = re.compile("[\"'](" + "|".join(re.escape(word) for word in labels) + ")[\"']")
    # the scan reads every code file but the vocabulary's own, which do hold the labels
    scanned, own = _code_files(), sorted(VOCABULARY.glob("*.py"))
    assert ROOT / "schemas" / "status_report.py" in scanned and ROOT / "dashboard" / "i18n.py" in scanned
    assert own and not set(own) & set(scanned)
    assert pattern.search((VOCABULARY / "contract.py").read_text(encoding="utf-8"))
    assert pattern.search('x = "' + STAGES["planning"][0] + '"')
    assert pattern.search("where name_ja = '" + reference.businesses()["name_ja"][0] + "'")


def test_sql_carries_no_under_way_list_or_registry_literal():
    for path in [*ROOT.glob("dashboard/**/*.sql"), *ROOT.glob("etl/**/*.sql")]:
        sql = path.read_text(encoding="utf-8")
        assert not re.search(r"business_id\s*(=|in)\s*\(?'resident_registry'", sql), path
        assert not re.search(r"in \('not_started',", sql), path


@pytest.mark.parametrize(
    ("kind", "code", "lang", "expected"),
    [
        ("stage", "live", "ja", "標準準拠システム稼働"),
        ("stage", "no_report", "en", "No report"),
        ("gov_cloud", "running", "en", "Running"),
        ("special_support_reason", 4, "ja", "事業者のリソース不足"),
        ("special_support_reason", 2.0, "en", "Custom-built system"),
        ("special_support_reason", None, "en", ""),
        ("region", "tama", "en", "Tama"),
        ("stage", "unheard_of", "ja", "unheard_of"),
    ],
)
def test_label(kind, code, lang, expected):
    assert label(kind, code, lang) == expected


def test_in_lang_and_lang_column():
    assert in_lang(("業務", "Business"), "en") == "Business"
    assert in_lang(("業務", "Business"), "ja") == "業務"
    assert in_lang(("業務", "Business"), "fr") == "業務"  # Japanese first
    assert lang_column("business", "en") == "business_en"


def test_init_writes_the_labels_table_and_the_macros_read_it(tmp_db):
    with store.connect(tmp_db, read_only=True) as con:
        stages = con.execute("select stage, stage_ja, stage_en from v_stage_order order by stage_order").fetchall()
        under_way = con.execute(
            "select code from labels where kind = 'stage' and is_under_way(code) order by display_order"
        ).fetchall()
        registry = con.execute("select business_id from businesses where is_resident_registry(business_id)").fetchall()
    assert stages == [(code, ja, en) for code, (ja, en) in STAGES.items()]
    assert [r[0] for r in under_way] == UNDER_WAY
    assert registry == [(RESIDENT_REGISTRY,)]
