-- rebuild the derived latest_status table from the append-only history
delete from latest_status;
insert into latest_status
select
    municipality_code, business_id, submission_id, row_number, as_of, stage, target_date,
    go_live_date, gov_cloud, special_support, special_support_reason, pmo_progress, vendor, notes
from status_reports
qualify row_number() over (
    partition by municipality_code, business_id
    order by as_of desc, submission_id desc, row_number desc
) = 1;
