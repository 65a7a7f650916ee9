-- each vendor x business: how many municipalities it serves and how many of those are behind
select
    trim(vendor) as vendor,
    business_id,
    any_value(business_order) as business_order,
    any_value(business_ja) as business_ja,
    any_value(business_en) as business_en,
    count(distinct municipality_code) as n_municipalities,
    count(*) filter (where stage = 'live') as n_live,
    count(*) filter (
        where stage in ('not_started', 'planning', 'fit_gap', 'procurement', 'migration')
        and target_date < $day::date and not special_support
    ) as n_overdue,
    count(*) filter (where special_support and stage <> 'live') as n_special,
    string_agg(municipality_ja, '、' order by municipality_code) as municipalities_ja,
    string_agg(municipality_en, ', ' order by municipality_code) as municipalities_en
from v_latest_status
where stage <> 'not_applicable' and nullif(trim(vendor), '') is not null
group by trim(vendor), business_id
order by n_municipalities desc, vendor, business_order
