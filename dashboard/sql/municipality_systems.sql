-- one municipality's 20 systems on $day in business order, reported or not (never the notes), with
-- each system's due date and schedule status (status_named_on, etl/sql/schedule.sql)
select
    business_id,
    business_order,
    business_ja,
    business_en,
    stage,
    as_of,
    target_date,
    due_date,
    schedule_status,
    go_live_date,
    gov_cloud,
    special_support,
    special_support_reason,
    pmo_progress,
    vendor
from status_named_on($day::date)
where municipality_code = $code
order by business_order
