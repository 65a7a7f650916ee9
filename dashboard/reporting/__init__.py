"""Reporting for the sign-in, report and admin pages: pure functions of a connection and parameters,
no widgets. The parts, in the order a report goes through them:

1. `access`: store access. Short-lived connections, the queries of one municipality's own data, the
   one write (`submit`, which is `etl.ingest.ingest_bytes`) and `check`, which is `etl.ingest.check`:
   the read-and-check that ingest runs before it stores. Also the few store facts the pages need
   (today in Tokyo, a file's digest and format, the template, token revocation) so that pages never
   import `etl`.
2. `form`: the 20 businesses, the form prefilled from the latest accepted status, and the form's
   values turned into a submission's rows and bytes.
3. `dry_run`: the preview. `access.check` on a read-only connection, nothing kept, with the cells as
   written and the changes against the last accepted report.
4. `tables`: what a municipality reads: labels in its language, findings, marked cells, changes and
   its history.
5. `admin`: what the CIO office reads: coverage, rejected submissions, the audit trail, tokens.

`values` holds one value's canonical text, shared by all of them. Each part imports only the ones
before it. The names below are re-exported so that callers can write `reporting.preview(...)`.
"""

from __future__ import annotations

from dashboard.reporting.access import (
    MIMES,
    Principal,
    RawFile,
    StoreBusy,
    check,
    connection,
    digest,
    file_format,
    history,
    latest_own,
    municipalities,
    raw_file,
    revoke_token,
    sql,
    submission_findings,
    submit,
    template,
    today,
)
from dashboard.reporting.admin import (
    audit_table,
    audit_trail,
    coverage,
    coverage_table,
    live_tokens,
    rejected,
    rejected_table,
    tokens_table,
)
from dashboard.reporting.dry_run import Preview, diff, preview
from dashboard.reporting.form import (
    DEFAULT_GOV_CLOUD,
    DEFAULT_STAGE,
    DIFF_FIELDS,
    FORM_FIELDS,
    business_name,
    businesses,
    form_bytes,
    form_frame,
    last_as_of,
    no_change_frame,
    prefill,
)
from dashboard.reporting.tables import (
    ERROR_FILL,
    OUTCOME_LABELS,
    SEVERITY_LABELS,
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
    value_label,
    when,
)

__all__ = [
    "DEFAULT_GOV_CLOUD",
    "DEFAULT_STAGE",
    "DIFF_FIELDS",
    "ERROR_FILL",
    "FORM_FIELDS",
    "MIMES",
    "OUTCOME_LABELS",
    "SEVERITY_LABELS",
    "SOURCE_LABELS",
    "WARNING_FILL",
    "Preview",
    "Principal",
    "RawFile",
    "StoreBusy",
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
    "coverage_table",
    "diff",
    "digest",
    "file_format",
    "findings_table",
    "form_bytes",
    "form_frame",
    "history",
    "history_table",
    "label",
    "last_as_of",
    "latest_own",
    "live_tokens",
    "marked_cells",
    "municipalities",
    "no_change_frame",
    "prefill",
    "preview",
    "raw_file",
    "rejected",
    "rejected_table",
    "revoke_token",
    "sql",
    "submission_findings",
    "submit",
    "template",
    "today",
    "tokens_table",
    "value_label",
    "when",
]
