-- each vendor x business on $day: how many municipalities it serves and how many of those are behind
-- (the overdue_ schedule statuses; status_named_on, etl/sql/schedule.sql)
select
    trim(vendor) as vendor,
    business_id,
    any_value(business_order) as business_order,
    any_value(business_ja) as business_ja,
    any_value(business_en) as business_en,
    count(distinct municipality_code) as n_municipalities,
    count(*) filter (where schedule_status = 'live') as n_live,
    count(*) filter (where starts_with(schedule_status, 'overdue_')) as n_overdue,
    count(*) filter (where special_support and schedule_status <> 'live') as n_special,
    string_agg(municipality_ja, '、' order by municipality_code) as municipalities_ja,
    string_agg(municipality_en, ', ' order by municipality_code) as municipalities_en
from status_named_on($day::date)
where schedule_status <> 'not_applicable' and nullif(trim(vendor), '') is not null
group by trim(vendor), business_id
order by n_municipalities desc, vendor, business_order
