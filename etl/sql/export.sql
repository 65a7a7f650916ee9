-- every pair of the jurisdiction on $day with names: its status (stage 'no_report' where none has
-- arrived), due date and schedule status; the private notes only for those who asked for them
-- (status_named_private_on, etl/sql/schedule.sql)
select
    municipality_code,
    municipality_ja,
    municipality_en,
    kind,
    region,
    business_id,
    business_ja,
    business_en,
    as_of,
    stage,
    target_date,
    due_date,
    schedule_status,
    go_live_date,
    gov_cloud,
    special_support,
    special_support_reason,
    pmo_progress,
    vendor,
    submission_id,
    case when $include_notes then notes end as notes
from status_named_private_on($day::date)
order by municipality_code, business_order
