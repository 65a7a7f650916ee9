"""The column registry (schemas/fields.py): each report column once, and every list of the report's
columns derived from it. The contract's lists equal the registry's; every column has its rules (or
says why it has none); and a throw-away column added to the registry flows from a CSV to the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from datetime import date
from pathlib import Path
from typing import get_args

import pandas as pd
import pytest

from dashboard.reporting import form as report_form
from dashboard.reporting import values
from etl import export, ingest, paths, read, store, template, validate
from schemas import fields as registry
from schemas import status_report
from schemas.fields import FIELDS, Field, Kind
from schemas.vocabulary import contract

ROOT = Path(__file__).resolve().parent.parent
CHIYODA = "131016"


def valid_row(**overrides: str) -> dict[str, str]:
    """A row that passes every rule: Chiyoda's resident registry, live on the Government Cloud (its own
    here, not the factories', so that it names the registry's columns as they are when it runs)."""
    row = {f.name: "" for f in FIELDS}
    row.update(
        municipality_code=CHIYODA,
        business_id="resident_registry",
        as_of="2026-11-01",
        stage="live",
        target_date="2026-01-31",
        go_live_date="2026-01-05",
        gov_cloud="running",
        special_support="false",
        pmo_progress="100",
        vendor="テストベンダ",
    )
    return {**row, **overrides}


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """Rows as a CSV file with the Japanese headers, as the template writes them."""
    return pd.DataFrame(rows, columns=contract.COLUMNS).rename(columns=contract.HEADERS_JA).to_csv(index=False).encode()


# --- the contract's lists are the registry's ------------------------------------------------------


def test_the_contract_lists_are_the_registrys():
    assert contract.COLUMNS == [f.name for f in FIELDS]
    assert len(set(contract.COLUMNS)) == len(FIELDS)
    assert contract.REQUIRED_COLUMNS == [f.name for f in FIELDS if f.required]
    assert contract.OPTIONAL_COLUMNS == [f.name for f in FIELDS if not f.required]
    assert contract.STATUS_FIELDS == [f.name for f in FIELDS if f.role == "status"]
    assert contract.PUBLIC_COLUMNS == [f.name for f in FIELDS if f.public]
    assert contract.HEADERS_JA == {f.name: f.header_ja for f in FIELDS}
    assert contract.HEADERS_EN == {f.name: f.header_en for f in FIELDS}
    assert contract.VENDOR_MAX == registry.field("vendor").max_chars == 100
    assert contract.NOTES_MAX == registry.field("notes").max_chars == 1000
    # derived by what each column is, never cut by position
    source = (ROOT / "schemas" / "vocabulary" / "contract.py").read_text(encoding="utf-8")
    assert "COLUMNS[" not in source


def test_the_report_as_it_stands_today():
    # the registry holds the twelve columns the report has had: deriving changed none of the lists
    assert contract.COLUMNS[:3] == ["municipality_code", "business_id", "as_of"]
    assert contract.REQUIRED_COLUMNS == contract.COLUMNS[:9]
    assert contract.STATUS_FIELDS == contract.COLUMNS[3:]
    assert contract.OPTIONAL_COLUMNS == ["pmo_progress", "vendor", "notes"]
    assert [f.name for f in FIELDS if not f.public] == ["notes"]


def test_the_derived_lists_follow_the_registry():
    assert list(status_report.descriptions()) == contract.COLUMNS
    assert report_form.FORM_FIELDS == contract.STATUS_FIELDS
    assert report_form.MAX_CHARS == {"vendor": 100, "notes": 1000}
    assert values.NUMBERS == {"special_support_reason", "pmo_progress"}
    public = [c for c in export.EXPORT_COLUMNS if c in contract.COLUMNS]
    assert public == contract.PUBLIC_COLUMNS and "notes" not in export.EXPORT_COLUMNS
    assert export.export_columns(include_notes=True)[-1] == "notes"
    assert set(export.DATE_COLUMNS) == {"as_of", "target_date", "go_live_date", "due_date"}


# --- every column has a check, or says why not ------------------------------------------------


def unruled(fields: list[Field], rule_columns: dict[str, str]) -> list[str]:
    """What is wrong between the registry's rule references and the schema's rules: a column whose
    rules differ from those reported against it, a column with neither a rule nor a reason, a rule
    reported against no column of the registry."""
    problems = []
    for f in fields:
        checked = {name for name, col in rule_columns.items() if col == f.name}
        if set(f.rules) != checked:
            problems.append(f"{f.name}: the registry names {sorted(f.rules)}, the schema has {sorted(checked)}")
        if not f.rules and not f.unchecked:
            problems.append(f"{f.name}: no rule, and no reason why it has none")
        if f.rules and f.unchecked:
            problems.append(f"{f.name}: has rules and says it is unchecked")
    names = {f.name for f in fields}
    problems += [
        f"{rule}: reported against {col}, not in the registry" for rule, col in rule_columns.items() if col not in names
    ]
    return problems


def test_every_column_has_its_rules():
    assert unruled(FIELDS, status_report.RULE_COLUMNS) == []
    # each column's length limit is a rule of its own
    for f in FIELDS:
        if f.max_chars is not None:
            assert f"{f.name}_too_long" in f.rules


def test_a_column_missing_from_the_rules_fails():
    silent = Field("silent", "無言", "Silent", kind="text", store_type="varchar", rules=(), description="-")
    assert unruled([*FIELDS, silent], status_report.RULE_COLUMNS) == ["silent: no rule, and no reason why it has none"]
    claimed = Field(
        "claimed", "主張", "Claimed", kind="text", store_type="varchar", rules=("claimed_bad",), description="-"
    )
    assert unruled([*FIELDS, claimed], status_report.RULE_COLUMNS)[0].startswith("claimed: the registry names")
    # a rule of the schema that the registry does not name for its column fails too
    without_vendor = [f for f in FIELDS if f.name != "vendor"]
    assert unruled(without_vendor, status_report.RULE_COLUMNS) == [
        "vendor_too_long: reported against vendor, not in the registry"
    ]
    explained = Field(
        "explained",
        "説明",
        "Explained",
        kind="text",
        store_type="varchar",
        rules=(),
        description="-",
        unchecked="free text",
    )
    assert unruled([*FIELDS, explained], status_report.RULE_COLUMNS) == []


def test_every_kind_normaliser_and_store_type_is_known():
    kinds = set(get_args(Kind))
    steps = read.normalisers()
    for f in FIELDS:
        assert f.kind in kinds, f.name
        assert f.normaliser is None or f.normaliser in steps, f.name
    typed = validate.typed(pd.DataFrame({f.name: [""] for f in FIELDS}))  # every store type has a pandas one
    assert list(typed.columns) == contract.COLUMNS
    assert {f.name for f in dataclass_fields(Field)} >= {"name", "header_ja", "header_en", "kind", "store_type"}


# --- SQL column lists expanded from the registry ----------------------------------------------


def test_sql_placeholders_expand_to_the_registrys_lists():
    assert paths.expand("select {{ status_columns }} from t") == f"select {', '.join(contract.COLUMNS)} from t"
    assert paths.expand("{{ l.public_status_columns }}") == ", ".join(f"l.{c}" for c in contract.PUBLIC_COLUMNS)
    assert paths.expand("{{status_fields = incoming.status_fields}}") == ", ".join(
        f"{c} = incoming.{c}" for c in contract.STATUS_FIELDS
    )
    assert paths.expand("no placeholder {x}") == "no placeholder {x}"
    with pytest.raises(KeyError):
        paths.expand("{{ unheard_of }}")
    with pytest.raises(ValueError):
        paths.expand("{{ status_fields = incoming.status_columns }}")
    for name in ("upsert_latest.sql", "rebuild_latest.sql", "views.sql", "prefill.sql"):
        text = paths.sql(name)
        assert "{{" not in text, name
        assert "pmo_progress" in text, name
    # the public view never carries a private column
    history = paths.sql("views.sql").split("create or replace view v_status_history")[1].split(";")[0]
    assert "notes" not in history and "vendor" in history


# --- a throw-away column, from a CSV to the store -----------------------------------------------

EXTRA = Field(
    "staff_count",
    "担当職員数",
    "Staff count",
    kind="int",
    store_type="integer",
    rules=(),
    unchecked="a throw-away column of this test",
    description="how many staff work on the migration",
    required=False,
    normaliser="int",
)


def _refresh_contract() -> None:
    # the contract's lists updated in place, so that every module holding them sees the change
    for name, value in contract.derived(FIELDS).items():
        target = getattr(contract, name)
        if isinstance(target, list):
            target[:] = value
        else:
            target.clear()
            target.update(value)


@contextmanager
def registry_with(extra: Field, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The registry with one more column for the block (the registry list and the contract's lists
    changed in place, the store's own copy of the columns replaced), then as it was."""
    FIELDS.append(extra)
    try:
        _refresh_contract()
        monkeypatch.setattr(store, "STATUS_COLUMNS", list(contract.COLUMNS))  # store.py copies the list
        yield
    finally:
        FIELDS.remove(extra)
        _refresh_contract()


def test_a_new_column_flows_from_a_csv_to_the_store(tmp_db, monkeypatch):
    """What the registry alone carries a new column through, with nothing else written for it but the
    store's `alter table` (a migration in real life, its type from the registry): the reader's header
    map (its Japanese header), its normalising step (full-width digits, `4.0` → `4`), the pandera
    schema (a column with its description), `typed` (the store's integer type), the insert into
    status_reports, the upsert into latest_status (both a new pair and an update), the views
    v_latest_status and the public v_status_history, the prefill (prefill.sql) and from it the
    template's rows and the form's values back into a submission's cells, and the export (`hyojunka
    export`: etl/sql/export.sql over status_named_private_on and schedule_on, etl/sql/schedule.sql, whose
    column lists come from the registry too) with its rows.
    """
    with registry_with(EXTRA, monkeypatch):
        with store.connect() as con:
            for table in ("status_reports", "latest_status"):
                con.execute(f"alter table {table} add column {EXTRA.name} {EXTRA.store_type}")
            store.migrate(con)  # the views again, now with the column
        assert "staff_count" in read.STATUS_CONTRACT.columns and read.STATUS_CONTRACT.columns[-1] == "staff_count"
        assert "staff_count" in status_report.status_report_schema(validate_context()).columns
        assert report_form.FORM_FIELDS[-1] == "staff_count"

        first = csv_bytes([valid_row(staff_count="３")])
        assert "担当職員数" in first.decode("utf-8").splitlines()[0]
        out = ingest.ingest_bytes(first, filename="a.csv", submitter_code=CHIYODA)
        assert out.accepted, out.findings.to_string()
        later = csv_bytes([valid_row(as_of="2026-11-02", staff_count="4.0")])
        assert ingest.ingest_bytes(later, filename="b.csv", submitter_code=CHIYODA).accepted

        with store.connect(read_only=True) as con:
            history = con.execute("select staff_count from status_reports order by submission_id").fetchall()
            latest = con.execute("select staff_count from latest_status").fetchall()
            public = con.execute("select staff_count from v_status_history order by submission_id").fetchall()
            view = con.execute("select staff_count from v_latest_status").fetchall()
            assert history == public == [(3,), (4,)]
            assert latest == view == [(4,)]
            grid = con.execute("select staff_count from v_status_grid where staff_count is not null").fetchall()
            assert grid == [(4,)]
            assert con.execute(
                "select data_type from information_schema.columns where column_name = 'staff_count' limit 1"
            ).fetchone() == ("INTEGER",)
            assert "staff_count" in export.export_columns()
            exported = export.latest(con, day=date(2026, 11, 3))
            assert exported["staff_count"].dropna().tolist() == [4]
            csv_header = export.render(con, "csv", day=date(2026, 11, 3)).decode("utf-8-sig").splitlines()[0]
            assert '"staff_count"' in csv_header.split(",")

        header = template.to_csv(pd.DataFrame(columns=contract.COLUMNS)).decode("utf-8-sig").splitlines()[0]
        assert header.split(",")[-1].strip('"') == "担当職員数"
        with store.connect(read_only=True) as con:
            # the template and the form start from the latest value
            rows = template.prefill(con, CHIYODA, date(2026, 11, 3))
            assert rows["staff_count"].dropna().tolist() == [4]
            form = report_form.prefill(con, CHIYODA)
        own = form[form["reported"]].to_dict("records")
        assert report_form.form_frame(CHIYODA, date(2026, 11, 3), own)["staff_count"].tolist() == ["4"]
    # the registry as it was
    assert contract.COLUMNS[-1] == "notes" and "staff_count" not in contract.HEADERS_JA
    assert "staff_count" not in export.export_columns()


def validate_context() -> status_report.Context:
    with store.connect(read_only=True) as con:
        return validate.context_from_store(con, None)
