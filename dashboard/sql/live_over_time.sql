-- systems live (and in scope) at the end of each week, one business or all ($business = '').
-- Each pair's history is first collapsed to its changes (became live / left live, entered / left
-- scope), so the weekly series is a running sum over a few events, not a status_on() per week.
with history as (
    select r.municipality_code, r.business_id, r.as_of, r.stage, r.submission_id, r.row_number
    from status_reports as r
    where ($business = '' or r.business_id = $business)
        and r.municipality_code in (select code from municipalities)
),
flags as (
    select
        as_of,
        (stage = 'live')::integer as live,
        (stage <> 'not_applicable')::integer as in_scope,
        lag((stage = 'live')::integer, 1, 0) over pair_history as prev_live,
        lag((stage <> 'not_applicable')::integer, 1, 0) over pair_history as prev_in_scope
    from history
    window pair_history as (
        partition by municipality_code, business_id
        order by as_of, submission_id, row_number
    )
),
changes as (
    select as_of as day, sum(live - prev_live) as d_live, sum(in_scope - prev_in_scope) as d_in_scope
    from flags
    where live <> prev_live or in_scope <> prev_in_scope
    group by as_of
),
running as (
    select
        day,
        sum(d_live) over (order by day) as live,
        sum(d_in_scope) over (order by day) as in_scope
    from changes
),
bounds as (
    select min(as_of) as first_day
    from history
),
weeks as (
    select ($end::date - 7 * w.i::integer) as week
    from bounds, range(0, date_diff('day', bounds.first_day, $end::date) // 7 + 1) as w(i)
    where bounds.first_day is not null
)
select
    w.week,
    coalesce(r.live, 0)::integer as live,
    coalesce(r.in_scope, 0)::integer as in_scope
from weeks as w
asof left join running as r on w.week >= r.day
order by w.week
