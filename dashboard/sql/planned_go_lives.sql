-- planned go-lives from the latest reports: live systems by their go-live day, the rest by target day
with planned as (
    select
        case when stage = 'live' then go_live_date else target_date end as day,
        special_support
    from v_latest_status
    where stage <> 'not_applicable'
        and ($business = '' or business_id = $business)
),
per_day as (
    select day, count(*) as n, count(*) filter (where special_support) as n_special
    from planned
    where day is not null
    group by day
)
select
    day,
    n,
    sum(n) over (order by day)::integer as planned_cumulative,
    sum(n_special) over (order by day)::integer as special_cumulative
from per_day
order by day
