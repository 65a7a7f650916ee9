"""Page parts for operating costs outside the cost page: the municipality page's cost block (its yen
only to itself, the CIO office, or when the deployment publishes them) and the report page's cost tab."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from dashboard import auth, data, view
from dashboard.i18n import tr
from dashboard.shape import costs as cost_shape
from etl.costs import settings
from schemas.vocabulary.costs import COST_TEXT
from schemas.vocabulary.language import in_lang

log = logging.getLogger(__name__)


def may_see(code: str) -> bool:
    """Whether this session may see one municipality's yen."""
    principal = auth.current()
    return cost_shape.may_see_municipality(
        principal.role if principal else None,
        principal.municipality_code if principal else None,
        code,
        settings.publish_per_municipality(),
    )


def municipality_costs(ctx: view.PageContext, code: str) -> None:
    """The municipality page's operating costs: its businesses' FY2018 and latest year, and its ratio."""
    st.subheader(tr("運用経費", "Operating costs"))
    if not may_see(code):
        st.caption(
            tr(
                "団体ごとの運用経費は、その団体と都 CIO 室だけが見られます（ログインすると表示）。"
                "都内の集計は「運用経費」ページにあります。",
                "A municipality's operating costs are shown to that municipality and the CIO office only (sign in). "
                "The jurisdiction's figures are on the Operating costs page.",
            )
        )
        return
    own = data.cost_of_municipality(ctx.db, ctx.version, code)
    if own.empty:
        st.info(tr("運用経費の報告はまだありません。", "No cost report yet."))
        return
    compared = own[own["ratio"].notna()]
    base = float(compared["baseline_total"].sum()) if len(compared) else 0.0
    ratio = float(compared["current_total"].sum()) / base if base else None
    target = settings.target_ratio()
    c1, c2 = st.columns(2)
    with c1.container(border=True, key="muni_cost_ratio"):
        st.metric(
            in_lang(COST_TEXT["ratio"], ctx.lang),
            "—" if ratio is None else f"{ratio:.2f}×",
            help=tr(f"目標 {target:.2f}倍（3割減）", f"Target {target:.2f}× (30 % less)"),
        )
    with c2.container(border=True, key="muni_cost_pairs"):
        st.metric(in_lang(COST_TEXT["n_pairs"], ctx.lang), f"{len(compared)} / {len(own)}")
    view.table(cost_shape.own_table(own, ctx.lang), "muni_costs", ctx, filename=f"costs_{code}")


def _findings_table(findings: pd.DataFrame, lang: str, header_row: int) -> pd.DataFrame:
    shown = findings.copy()
    shown["row"] = [None if pd.isna(r) else int(r) + header_row for r in shown["row"]]
    msg = "message_en" if lang == "en" else "message_ja"
    return shown[["severity", "row", "column", msg]].rename(
        columns={
            "severity": tr("重要度", "Severity"),
            "row": tr("行", "Row"),
            "column": tr("列", "Column"),
            msg: tr("内容", "Message"),
        }
    )


def _check_and_file(principal: object, code: str, raw: bytes, filename: str, source: str, key: str) -> None:
    """Check the bytes (nothing kept), show the findings, and file them when asked."""
    from etl import store
    from etl.costs import ingest as cost_ingest

    with store.connect(data.probe().db, read_only=True) as con:
        checked = cost_ingest.check(raw, con=con, filename=filename, source=source, submitter_code=code)
    lang = "en" if tr("ja", "en") == "en" else "ja"
    errors = int((checked.findings["severity"] == "error").sum())
    warnings = int((checked.findings["severity"] == "warning").sum())
    if len(checked.findings):
        (st.error if errors else st.warning)(
            tr(
                f"エラー {errors} 件、警告 {warnings} 件（{checked.n_rows} 行）",
                f"{errors} errors, {warnings} warnings ({checked.n_rows} rows)",
            )
        )
        st.dataframe(_findings_table(checked.findings, lang, checked.result.header_row), hide_index=True)
    else:
        st.success(tr(f"問題はありません（{checked.n_rows} 行）。", f"No findings ({checked.n_rows} rows)."))
    label = (
        tr("エラーのまま提出（不受理として記録）", "File it anyway (kept as rejected)")
        if errors
        else tr("提出", "Submit")
    )
    if st.button(label, key=f"{key}_file"):
        outcome = cost_ingest.ingest_bytes(
            raw,
            filename=filename,
            source=source,
            submitter=auth.submitter(principal),  # type: ignore[arg-type]
            submitter_code=code,
            db=data.probe().db,
        )
        r = outcome.receipt
        st.success(
            tr(
                f"受付番号 #{r.submission_id}: {r.outcome}（{r.n_rows} 行、エラー {r.n_errors}、警告 {r.n_warnings}）",
                f"Cost submission #{r.submission_id}: {r.outcome} ({r.n_rows} rows, {r.n_errors} errors, "
                f"{r.n_warnings} warnings)",
            )
        )


def cost_tab(principal: object, code: str) -> None:
    """The report page's cost tab: a prefilled form of this year's figures, or a file (CSV, JSON, or the
    template's 運用経費 sheet); checked first, then filed like the status reports."""
    from etl import clock, store
    from etl.costs.ingest import ingest_frame  # noqa: F401 (the same path as the command line)
    from etl.costs.prefill import cost_prefill
    from etl.costs.template import sheet_frame

    st.caption(
        tr(
            "円単位の整数で入力します（空欄は 0）。昨年度の数値が入っています。数値のない行は取り込みません。",
            "Whole yen (blank is 0). Last year's figures are filled in; rows without any figure are skipped.",
        )
    )
    with store.connect(data.probe().db, read_only=True) as con:
        prefilled = cost_prefill(con, code, clock.today())
    edited = st.data_editor(
        sheet_frame(prefilled),
        hide_index=True,
        num_rows="dynamic",
        disabled=["municipality_code"],
        key="cost_form_editor",
    )
    if st.button(tr("内容を確認", "Check"), key="cost_form_check"):
        st.session_state["cost_form_raw"] = (
            edited.astype(object)
            .where(edited.notna(), None)
            .to_json(orient="records", force_ascii=False, date_format="iso")
            .encode("utf-8")
        )
    raw = st.session_state.get("cost_form_raw")
    if raw:
        name = f"form_costs_{code}_{clock.today():%Y%m%d}.json"
        _check_and_file(principal, code, raw, name, "form", "cost_form")
    st.divider()
    upload = st.file_uploader(
        tr("運用経費のファイル（CSV・JSON・テンプレートの Excel）", "A cost file (CSV, JSON or the template's Excel)"),
        type=["csv", "json", "xlsx"],
        key="cost_upload",
    )
    if upload is not None:
        raw_file = upload.getvalue()
        from etl.costs.read import detect_format

        _check_and_file(principal, code, raw_file, upload.name, detect_format(raw_file, upload.name), "cost_upload")
