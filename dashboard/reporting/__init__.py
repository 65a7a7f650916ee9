"""Reporting for the sign-in, report and admin pages: pure functions of a connection and parameters,
no widgets. The parts, in the order a report goes through them:

1. `access`: store access. Short-lived connections, the queries of one municipality's own data, the
   one write (`submit`, which is `etl.ingest.ingest_bytes`, and `file_once`, which files it unless
   the municipality filed the same bytes before) and `check`, which is `etl.ingest.check`: the
   read-and-check that ingest runs before it stores. Also the few store facts the pages need (today
   in Tokyo, a file's digest and format, the template, token revocation) so that pages never import
   `etl`.
2. `form`: the 20 businesses, the form prefilled from the latest accepted status (`etl.prefill`, the
   template's prefill too), and the form's values turned into a submission's rows and bytes.
3. `dry_run`: the preview. `access.check` on a read-only connection, nothing kept, with the cells as
   written, the changes against the last accepted report, the rows left unchanged (whose warnings
   stand) and `Places`: where each row is as the user sees it (CSV line, Excel row and sheet).
4. `tables`: what a municipality reads: labels in its language, findings (errors first, at their
   places, standing warnings one line per kind), marked cells, changes and its history.
5. `admin`: what the CIO office reads: coverage, rejected submissions, the audit trail, tokens.
6. `office` (imported by name, beside `reminders`): what the CIO office runs the round with: the
   admin log, the settings it can change, the weekly digest and the receipts.

`values` holds one value's canonical text, shared by all of them. Each part imports only the ones
before it. The names below are re-exported so that callers can write `reporting.preview(...)`.
"""

from __future__ import annotations

from dashboard.reporting.access import (
    MIMES,
    Filed,
    Principal,
    RawFile,
    StoreBusy,
    UserError,
    check,
    connection,
    digest,
    earlier_submission,
    file_format,
    file_once,
    history,
    issue_token,
    latest_own,
    municipalities,
    raw_file,
    read_file,
    reissue_token,
    revoke_token,
    sql,
    submission_findings,
    submit,
    template,
    today,
    token_listing,
)
from dashboard.reporting.admin import (
    admin_history,
    audit_table,
    audit_trail,
    coverage,
    coverage_table,
    live_tokens,
    recent_report_days,
    rejected,
    rejected_table,
    superseded,
    tokens_table,
)
from dashboard.reporting.dry_run import (
    Places,
    Preview,
    diff,
    places_of,
    places_of_submission,
    preview,
    stored_places,
    unchanged_rows,
)
from dashboard.reporting.form import (
    DIFF_FIELDS,
    FORM_FIELDS,
    MAX_CHARS,
    business_name,
    businesses,
    form_bytes,
    form_filename,
    form_frame,
    last_as_of,
    no_change_frame,
    prefill,
)
from dashboard.reporting.tables import (
    ERROR_FILL,
    OUTCOME_LABELS,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    SOURCE_LABELS,
    WARNING_FILL,
    cell_marks,
    cells_view,
    changes_table,
    column_label,
    findings_table,
    history_table,
    label,
    marked_cells,
    ordered,
    rows_note,
    standing_lines,
    value_label,
    when,
)
from dashboard.reporting.values import (
    iso,
    number,
    plain,
    row_number,
    slash_date,
    text,
)
from etl.prefill import DEFAULT_GOV_CLOUD, DEFAULT_STAGE

__all__ = [
    "DEFAULT_GOV_CLOUD",
    "DEFAULT_STAGE",
    "DIFF_FIELDS",
    "ERROR_FILL",
    "FORM_FIELDS",
    "Filed",
    "MAX_CHARS",
    "MIMES",
    "OUTCOME_LABELS",
    "Places",
    "Preview",
    "Principal",
    "RawFile",
    "SEVERITY_LABELS",
    "SEVERITY_ORDER",
    "SOURCE_LABELS",
    "StoreBusy",
    "UserError",
    "WARNING_FILL",
    "admin_history",
    "audit_table",
    "audit_trail",
    "business_name",
    "businesses",
    "cell_marks",
    "cells_view",
    "changes_table",
    "check",
    "column_label",
    "connection",
    "coverage",
    "recent_report_days",
    "coverage_table",
    "diff",
    "digest",
    "earlier_submission",
    "file_format",
    "file_once",
    "findings_table",
    "form_bytes",
    "form_filename",
    "form_frame",
    "history",
    "history_table",
    "iso",
    "issue_token",
    "label",
    "last_as_of",
    "latest_own",
    "live_tokens",
    "marked_cells",
    "municipalities",
    "no_change_frame",
    "number",
    "ordered",
    "places_of",
    "places_of_submission",
    "plain",
    "prefill",
    "preview",
    "raw_file",
    "read_file",
    "rejected",
    "rejected_table",
    "reissue_token",
    "revoke_token",
    "row_number",
    "rows_note",
    "slash_date",
    "sql",
    "standing_lines",
    "stored_places",
    "submission_findings",
    "submit",
    "superseded",
    "template",
    "text",
    "today",
    "token_listing",
    "tokens_table",
    "unchanged_rows",
    "value_label",
    "when",
]
