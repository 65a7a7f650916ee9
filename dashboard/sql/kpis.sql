-- the overview's headline figures on one day, from the status every pair had on that day
with status as (
    select s.*
    from status_on($day::date) as s
    join municipalities as m on m.code = s.municipality_code
),
jurisdiction as (
    select count(*) as n_municipalities
    from municipalities
)
select
    count(*) filter (where stage <> 'not_applicable') as in_scope,
    count(*) filter (where stage = 'live') as live,
    count(distinct municipality_code) filter (
        where business_id = 'resident_registry' and stage = 'live'
    ) as registry_live,
    any_value(j.n_municipalities) as n_municipalities,
    count(*) filter (where gov_cloud = 'running') as cloud_running,
    count(*) filter (where special_support and stage <> 'not_applicable') as special_support,
    count(*) filter (
        where stage in ('not_started', 'planning', 'fit_gap', 'procurement', 'migration')
        and target_date < $day::date
        and not special_support
    ) as overdue,
    count(distinct municipality_code) filter (where as_of > $day::date - 30) as reported_30d
from jurisdiction as j
left join status on true
