-- one municipality's 20 systems on $day in business order, reported or not (never the notes), with
-- each system's due date and schedule status (etl/sql/schedule.sql)
select
    s.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    s.stage,
    s.as_of,
    s.target_date,
    s.due_date,
    s.schedule_status,
    s.go_live_date,
    s.gov_cloud,
    s.special_support,
    s.special_support_reason,
    s.pmo_progress,
    s.vendor
from schedule_on($day::date) as s
join businesses as b on b.business_id = s.business_id
where s.municipality_code = $code
order by b.display_order
