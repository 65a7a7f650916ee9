"""The report page's shared parts: the review of a checked submission (errors first, new warnings one
by one, standing warnings one line per kind, marked cells, changes, the confirmation), filing it,
and its receipt, each shown where the control that caused it is and scrolled into view. Widgets
only; the data comes from `dashboard.reporting`."""

from __future__ import annotations

import json
import logging
from functools import partial

import streamlit as st

from dashboard import auth, view
from dashboard.i18n import lang, tr
from dashboard.reporting import access, dry_run, office, tables, values
from documents import receipt as receipt_pdf

log = logging.getLogger(__name__)

PENDING, RECEIPT, FORM_FOR, DONE_SHA = "report_pending", "report_receipt", "report_form_for", "report_done_sha"
SCROLL = "report_scroll_to"  # the key of the container to bring into view after this run


def scroll_here(key: str) -> None:
    """Bring the container with this key into view once it is drawn (the next run only)."""
    st.session_state[SCROLL] = key


def _scroll() -> None:
    """Scroll to the container asked for by `scroll_here`, once."""
    target = st.session_state.pop(SCROLL, None)
    if not target:
        return
    selector = json.dumps(f".st-key-{target}")
    # the page's own script (st.html runs it in the page, not in an iframe): wait for the element,
    # then scroll whichever container holds it; a counter makes each request a new element
    nonce = st.session_state["report_scroll_nonce"] = st.session_state.get("report_scroll_nonce", 0) + 1
    st.html(
        f"""<script data-nonce="{nonce}">
(() => {{
  let tries = 0;
  const go = () => {{
    const el = document.querySelector({selector});
    if (el) {{ el.scrollIntoView({{block: "center"}}); return; }}
    if (++tries < 50) setTimeout(go, 100);
  }};
  go();
}})();
</script>""",
        unsafe_allow_javascript=True,
    )


def show_receipt(kind: str) -> None:
    """The receipt of the submission made from `kind` (id, outcome, sha256, counts), where it was made."""
    receipt = st.session_state.get(RECEIPT)
    if not receipt or receipt.get("kind") != kind:
        return
    with st.container(key="report_receipt", border=True):
        body = tr(
            f"提出番号 **#{receipt['submission_id']}**　行数 {receipt['n_rows']}　警告 {receipt['n_warnings']}"
            f"　エラー {receipt['n_errors']}\n\nsha256: `{receipt['sha256']}`",
            f"Submission **#{receipt['submission_id']}**, {receipt['n_rows']} rows, {receipt['n_warnings']}"
            f" warnings, {receipt['n_errors']} errors\n\nsha256: `{receipt['sha256']}`",
        )
        if receipt.get("earlier"):
            st.info(
                tr(
                    f"同じ内容は提出 #{receipt['submission_id']} として受付済みです（結果: "
                    f"{tables.label(tables.OUTCOME_LABELS[receipt['outcome']], 'ja')}）。二重には提出しません。",
                    f"The same content was already received as submission #{receipt['submission_id']} (outcome: "
                    f"{tables.label(tables.OUTCOME_LABELS[receipt['outcome']], 'en')}); it is not filed twice.",
                )
                + "\n\n"
                + body,
                icon=":material/info:",
            )
        elif receipt["outcome"] == "accepted":
            st.success(
                tr("受け付けました。公開ページに反映されています。", "Accepted: the public pages show it now.")
                + "\n\n"
                + body,
                icon=":material/check_circle:",
            )
        elif receipt["outcome"] == "duplicate":
            st.info(
                tr(
                    f"同じ内容は受付済みです（提出 #{receipt['duplicate_of']}）。二重には反映しません。",
                    f"The same content was already accepted (submission #{receipt['duplicate_of']});"
                    " it is not applied twice.",
                )
                + "\n\n"
                + body,
                icon=":material/info:",
            )
        else:
            st.error(
                tr(
                    "却下として記録しました。何も反映されていません。指摘を直して、もう一度提出してください。",
                    "Filed as rejected: nothing was applied. Fix what was found and submit again.",
                )
                + "\n\n"
                + body,
                icon=":material/block:",
            )
            found = receipt.get("findings")
            if found is not None and len(found):
                language = lang()
                st.markdown(tr("**直すこと**（エラーが先）", "**What to fix** (errors first)"))
                if receipt.get("places") is not None:
                    view.plain_caption(tables.rows_note(receipt["places"], language))
                with st.container(key="report_receipt_findings"):
                    view.plain_table(tables.findings_table(found, language, receipt.get("places")), hide_index=True)
        _receipt_pdf(receipt)
    _scroll()


def _receipt_pdf(receipt: dict) -> None:
    """The receipt (受付票) as a PDF to file, made when asked for; and whether it was mailed."""
    language = lang()
    st.download_button(
        tr("受付票（PDF）をダウンロード", "Download the receipt (PDF)"),
        partial(receipt_pdf.render_receipt, int(receipt["submission_id"]), receipt.get("code"), lang=language),
        file_name=receipt_pdf.file_name(int(receipt["submission_id"]), language),
        mime="application/pdf",
        key="report_receipt_pdf",
        icon=":material/receipt_long:",
        on_click="ignore",
    )
    mailed = receipt.get("mailed")
    if mailed:
        st.caption(tr(f"受付票を {mailed} にメールで送りました。", f"The receipt was mailed to {mailed}."))


def _mail_receipt(submission_id: int, code: str) -> str | None:
    """Mail the receipt to the municipality's contacts where the setting says so; the addresses, or None.
    A failure is logged and never stops the filing."""
    try:
        if not office.receipt_mail_on():
            return None
        pdf = receipt_pdf.render_receipt(submission_id, code, lang="ja")
        sent = office.mail_receipt(submission_id, code, pdf)
    except Exception:  # the submission is filed whatever the mail does; the log keeps why
        log.exception("receipt #%d not mailed", submission_id)
        return None
    if sent is None or sent.error:
        if sent is not None:
            log.warning("receipt #%d not mailed: %s", submission_id, sent.error)
        return None
    return ", ".join(sent.to)


def do_submit(preview: dry_run.Preview, principal: access.Principal, code: str, kind: str) -> None:
    """File the previewed bytes (exactly those, once) and keep the receipt for the next run."""
    filed = access.file_once(
        preview.raw, filename=preview.filename, source=preview.source, submitter=auth.submitter(principal), code=code
    )
    r = filed.receipt
    st.session_state[RECEIPT] = {
        "kind": kind,
        "earlier": filed.earlier,
        "submission_id": r.submission_id,
        "outcome": r.outcome,
        "sha256": r.sha256,
        "n_rows": r.n_rows,
        "n_errors": r.n_errors,
        "n_warnings": r.n_warnings,
        "duplicate_of": r.duplicate_of,
        # a rejected receipt repeats what was found, at the rows the review showed
        "findings": preview.findings if r.outcome == "rejected" else None,
        "places": preview.places,
        "code": code,
        "mailed": None if filed.earlier else _mail_receipt(r.submission_id, code),
    }
    st.session_state[DONE_SHA] = r.sha256
    st.session_state.pop(PENDING, None)
    if r.outcome != "rejected":
        st.session_state.pop(FORM_FOR, None)  # reload the form from the new latest status
    scroll_here("report_receipt")


def _verdict(preview: dry_run.Preview) -> None:
    """One line on top of the review: errors block, new warnings need reading, or all clear."""
    n_new, n_standing = len(preview.new_warnings), len(preview.standing_warnings)
    if preview.n_errors:
        st.error(
            tr(
                f"エラーが {preview.n_errors} 件あります（まだ提出していません）。下の行を直してください。"
                "エラーのままでは反映できません。",
                f"{preview.n_errors} errors (nothing is filed yet): fix the rows below. Nothing can be applied"
                " while there are errors.",
            ),
            icon=":material/block:",
        )
    elif n_new:
        st.warning(
            tr(
                f"新しい警告が {n_new} 件あります。内容を確認のうえ、確認欄にチェックして提出してください。",
                f"{n_new} new warnings: read them, tick the acknowledgement and submit.",
            ),
            icon=":material/warning:",
        )
    elif n_standing:
        st.info(
            tr(
                f"エラーはありません。前回から変わらない警告が {n_standing} 件あります（下にまとめています）。",
                f"No errors. {n_standing} warnings stand unchanged since the last accepted report (summed up below).",
            ),
            icon=":material/info:",
        )
    else:
        st.success(tr("エラー・警告はありません。", "No errors or warnings."), icon=":material/check_circle:")
    if preview.duplicate_of:
        st.info(
            tr(
                f"同じ内容は提出 #{preview.duplicate_of} として受付済みです。提出しても二重には提出されません。",
                f"This content was already received as submission #{preview.duplicate_of};"
                " submitting it again files nothing new.",
            )
        )


def _findings(preview: dry_run.Preview, kind: str, language: str) -> None:
    """Errors, then new warnings one by one (full messages, wrapped), then standing ones by kind."""
    shown = preview.findings[~preview.findings.index.isin(preview.standing_warnings.index)]
    if len(shown):
        st.markdown(tr("**指摘事項**（エラーが先）", "**Findings** (errors first)"))
        view.plain_caption(tables.rows_note(preview.places, language))
        with st.container(key=f"review_findings_{kind}"):
            view.plain_table(tables.findings_table(shown, language, preview.places), hide_index=True)
    lines = tables.standing_lines(preview.standing_warnings, preview.places, language)
    if lines:
        st.markdown(tr("**前回から変わらない警告**", "**Warnings standing since the last accepted report**"))
        with st.container(key=f"review_standing_{kind}"):
            view.plain_list(lines)
    if preview.cells is not None and (preview.n_errors or len(preview.new_warnings)):
        with st.expander(tr("提出内容（赤: エラー、黄: 警告）", "Submitted rows (red: error, amber: warning)")):
            st.dataframe(
                tables.marked_cells(preview, language, localise=preview.source == "form"),
                key=f"review_cells_{kind}",
                width="stretch",
            )


def _changes(preview: dry_run.Preview, kind: str, language: str) -> None:
    """What this report changes against the last accepted one."""
    st.markdown(tr("**前回の受付済み報告からの変更**", "**Changes against the last accepted report**"))
    before = preview.previous_as_of
    st.caption(
        tr(
            f"前回の基準日: {values.slash_date(before) or 'なし（初回報告）'}",
            f"Last accepted as-of date: {values.slash_date(before) or 'none (first report)'}",
        )
    )
    if len(preview.changes):
        st.dataframe(
            tables.changes_table(preview.changes, language, preview.places),
            key=f"review_changes_{kind}",
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(tr("内容の変更はありません（基準日のみ更新）。", "No change in content (only the as-of date)."))


def _actions(preview: dry_run.Preview, principal: access.Principal, code: str, kind: str) -> None:
    """Submit (with the acknowledgement new warnings need), submit despite errors, or cancel."""
    if preview.n_errors:
        ack, label = False, tr("この内容で提出する", "Submit this report")
    elif len(preview.new_warnings):
        ack = st.checkbox(
            tr("警告の内容を確認しました。このまま提出します。", "I have read the warnings and submit as it is."),
            key=f"review_ack_{kind}",
        )
        label = tr("この内容で提出する", "Submit this report")
    elif len(preview.standing_warnings):  # known already: the button itself is the acknowledgement
        ack, label = True, tr("前回と同じ警告を確認して提出する", "Acknowledge the standing warnings and submit")
    else:
        ack, label = True, tr("この内容で提出する", "Submit this report")
    left, right = st.columns([4, 1])
    go = left.button(label, key=f"review_submit_{kind}", type="primary", disabled=bool(preview.n_errors) or not ack)
    if right.button(tr("取り消す", "Cancel"), key=f"review_cancel_{kind}"):
        st.session_state.pop(PENDING, None)
        st.rerun()
    despite = False
    if preview.n_errors:
        # a secondary action, folded away and confirmed: filing a file with errors applies nothing
        with st.expander(tr("エラーのまま記録だけ残す", "Keep a record despite the errors")):
            st.warning(
                tr(
                    "エラーのまま提出しても、何も反映されません。ファイルは「却下」として記録され、東京都 CIO 室に"
                    "受け取ったまま残るだけです。反映させるには、指摘を直してもう一度提出してください。",
                    "Filed with errors, nothing will be applied: the file is only recorded as rejected and kept "
                    "by the CIO office as received. To apply it, fix what was found and submit again.",
                )
            )
            sure = st.checkbox(
                tr("何も反映されないことを確認しました", "I understand nothing will be applied"),
                key=f"review_rejected_confirm_{kind}",
            )
            despite = st.button(
                tr("却下として記録する", "Record it as rejected"),
                key=f"review_submit_rejected_{kind}",
                disabled=not sure,
            )
    # checked again here: a disabled button is a hint, not a guard
    despite = despite and bool(st.session_state.get(f"review_rejected_confirm_{kind}"))
    if (go and not preview.n_errors and ack) or despite:
        do_submit(preview, principal, code, kind)
        st.rerun()


def review(kind: str, principal: access.Principal, code: str) -> None:
    """The checked submission where it was checked: verdict, findings, changes, then confirm."""
    pending = st.session_state.get(PENDING)
    if not pending or pending["kind"] != kind:
        show_receipt(kind)
        return
    preview: dry_run.Preview = pending["preview"]
    language = lang()
    with st.container(key=f"review_{kind}", border=True):
        st.subheader(tr("確認", "Check"))
        _verdict(preview)
        if len(preview.findings):
            _findings(preview, kind, language)
        if not preview.n_errors:
            _changes(preview, kind, language)
        _actions(preview, principal, code, kind)
    _scroll()


def start_review(preview: dry_run.Preview, kind: str) -> None:
    """Keep a checked submission for review beside its control and scroll to it."""
    st.session_state[PENDING] = {"kind": kind, "preview": preview}
    st.session_state.pop(RECEIPT, None)
    scroll_here(f"review_{kind}")
