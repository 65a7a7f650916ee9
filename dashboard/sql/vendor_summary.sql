-- each vendor: systems and municipalities served, and the systems behind schedule
-- (overdue, or designated for special support and not yet live)
select
    trim(vendor) as vendor,
    count(*) as n_systems,
    count(distinct municipality_code) as n_municipalities,
    count(distinct business_id) as n_businesses,
    count(*) filter (where stage = 'live') as n_live,
    count(*) filter (
        where stage in ('not_started', 'planning', 'fit_gap', 'procurement', 'migration')
        and target_date < $day::date and not special_support
    ) as n_overdue,
    count(*) filter (where special_support and stage <> 'live') as n_special
from v_latest_status
where stage <> 'not_applicable' and nullif(trim(vendor), '') is not null
group by trim(vendor)
order by n_overdue + n_special desc, n_systems desc, vendor
