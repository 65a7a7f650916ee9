-- bring latest_status up to date with one submission's rows (newer as_of wins; ties go to the later submission)
merge into latest_status as latest
using (select * from status_reports where submission_id = $submission_id) as incoming
on latest.municipality_code = incoming.municipality_code and latest.business_id = incoming.business_id
when matched and incoming.as_of >= latest.as_of then update set
    submission_id = incoming.submission_id,
    row_number = incoming.row_number,
    as_of = incoming.as_of,
    stage = incoming.stage,
    target_date = incoming.target_date,
    go_live_date = incoming.go_live_date,
    gov_cloud = incoming.gov_cloud,
    special_support = incoming.special_support,
    special_support_reason = incoming.special_support_reason,
    pmo_progress = incoming.pmo_progress,
    vendor = incoming.vendor,
    notes = incoming.notes
when not matched then insert (
    municipality_code, business_id, submission_id, row_number, as_of, stage, target_date,
    go_live_date, gov_cloud, special_support, special_support_reason, pmo_progress, vendor, notes
) values (
    incoming.municipality_code, incoming.business_id, incoming.submission_id, incoming.row_number,
    incoming.as_of, incoming.stage, incoming.target_date, incoming.go_live_date, incoming.gov_cloud,
    incoming.special_support, incoming.special_support_reason, incoming.pmo_progress, incoming.vendor,
    incoming.notes
);
