-- systems past due on $day: the three overdue_ schedule statuses (etl/sql/schedule.sql), pairs with
-- no report included, most days past due first
select
    s.municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    m.region,
    m.kind,
    s.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    s.stage,
    s.schedule_status,
    s.special_support,
    s.target_date,
    s.due_date,
    date_diff('day', s.due_date, $day::date) as days_past_due,
    s.vendor,
    s.as_of
from schedule_on($day::date) as s
join municipalities as m on m.code = s.municipality_code
join businesses as b on b.business_id = s.business_id
where starts_with(s.schedule_status, 'overdue_')
order by days_past_due desc, s.municipality_code, b.display_order
