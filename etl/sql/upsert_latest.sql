-- bring latest_status up to date with one submission's rows (newer as_of wins; ties go to the later submission)
insert into latest_status
select
    municipality_code, business_id, submission_id, row_number, as_of, stage, target_date,
    go_live_date, gov_cloud, special_support, special_support_reason, pmo_progress, vendor, notes
from status_reports
where submission_id = $submission_id
on conflict (municipality_code, business_id) do update set
    submission_id = excluded.submission_id,
    row_number = excluded.row_number,
    as_of = excluded.as_of,
    stage = excluded.stage,
    target_date = excluded.target_date,
    go_live_date = excluded.go_live_date,
    gov_cloud = excluded.gov_cloud,
    special_support = excluded.special_support,
    special_support_reason = excluded.special_support_reason,
    pmo_progress = excluded.pmo_progress,
    vendor = excluded.vendor,
    notes = excluded.notes
where excluded.as_of >= latest_status.as_of;
