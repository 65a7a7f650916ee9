-- systems past due on $day: the three overdue_ schedule statuses (status_named_on,
-- etl/sql/schedule.sql), pairs with no report included, most days past due first
select
    municipality_code,
    municipality_ja,
    municipality_en,
    region,
    kind,
    business_id,
    business_order,
    business_ja,
    business_en,
    stage,
    schedule_status,
    special_support,
    target_date,
    due_date,
    date_diff('day', due_date, $day::date) as days_past_due,
    vendor,
    as_of
from status_named_on($day::date)
where starts_with(schedule_status, 'overdue_')
order by days_past_due desc, municipality_code, business_order
