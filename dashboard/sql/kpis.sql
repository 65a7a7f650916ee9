-- the overview's headline figures on $day and on $before, in one pass over the history: each pair's
-- status on a day is its newest report with as_of <= that day (status_on's rule, as an arg_max
-- aggregate, which is far cheaper than a window over the whole history)
with reports as (
    select
        r.municipality_code,
        r.business_id,
        r.as_of,
        {'as_of': r.as_of, 'stage': r.stage, 'target_date': r.target_date, 'gov_cloud': r.gov_cloud,
         'special_support': r.special_support} as status,
        {'as_of': r.as_of, 'submission_id': r.submission_id, 'row_number': r.row_number} as newest
    from v_status_history as r
    where r.as_of <= $day::date
        and r.municipality_code in (select code from municipalities)
),
pairs as (
    select
        municipality_code,
        business_id,
        arg_max(status, newest) as on_day,
        arg_max(status, newest) filter (where as_of <= $before::date) as on_before
    from reports
    group by municipality_code, business_id
),
statuses as (
    select 'day' as moment, $day::date as day, municipality_code, business_id, unnest(on_day)
    from pairs
    union all
    select 'before' as moment, $before::date as day, municipality_code, business_id, unnest(on_before)
    from pairs
    where on_before is not null
),
moments as (
    select * from (values ('day'), ('before')) as t(moment)
)
select
    m.moment,
    count(s.stage) filter (where s.stage <> 'not_applicable') as in_scope,
    count(s.stage) filter (where s.stage = 'live') as live,
    count(distinct s.municipality_code) filter (
        where s.business_id = 'resident_registry' and s.stage = 'live'
    ) as registry_live,
    (select count(*) from municipalities) as n_municipalities,
    count(s.stage) filter (where s.gov_cloud = 'running') as cloud_running,
    count(s.stage) filter (where s.special_support and s.stage <> 'not_applicable') as special_support,
    count(s.stage) filter (
        where s.stage in ('not_started', 'planning', 'fit_gap', 'procurement', 'migration')
        and s.target_date < s.day
        and not s.special_support
    ) as overdue,
    count(distinct s.municipality_code) filter (where s.as_of > s.day - 30) as reported_30d
from moments as m
left join statuses as s on s.moment = m.moment
group by m.moment
