-- each vendor x business on $day: how many municipalities it serves and how many of those are behind
-- (the overdue_ schedule statuses, etl/sql/schedule.sql)
select
    trim(s.vendor) as vendor,
    s.business_id,
    any_value(b.display_order) as business_order,
    any_value(b.name_ja) as business_ja,
    any_value(b.name_en) as business_en,
    count(distinct s.municipality_code) as n_municipalities,
    count(*) filter (where s.schedule_status = 'live') as n_live,
    count(*) filter (where starts_with(s.schedule_status, 'overdue_')) as n_overdue,
    count(*) filter (where s.special_support and s.schedule_status <> 'live') as n_special,
    string_agg(m.name_ja, '、' order by s.municipality_code) as municipalities_ja,
    string_agg(m.name_en, ', ' order by s.municipality_code) as municipalities_en
from schedule_on($day::date) as s
join municipalities as m on m.code = s.municipality_code
join businesses as b on b.business_id = s.business_id
where s.schedule_status <> 'not_applicable' and nullif(trim(s.vendor), '') is not null
group by trim(s.vendor), s.business_id
order by n_municipalities desc, vendor, business_order
