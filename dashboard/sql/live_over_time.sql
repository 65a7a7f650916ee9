-- systems live and in scope at the end of each week, one business or all ($business = '').
-- In scope is every pair of the jurisdiction but those not applicable on that day: a pair with no
-- report yet is in scope from the start, so the line does not ramp up as reports arrive.
-- Each pair's history is first collapsed to its changes. Most pairs move one way only (not live,
-- then live; in scope throughout or never), so one hash aggregate gives their single change; only
-- the few pairs that went back, or moved in or out of scope, have their reports walked in order.
-- The weekly series is then a running sum over these changes, not a status_on() per week.
with history as (
    select r.municipality_code, r.business_id, r.as_of, r.stage, r.submission_id, r.row_number
    from v_status_history as r
    where ($business = '' or r.business_id = $business)
        and r.municipality_code in (select code from municipalities)
),
pairs as (
    select
        municipality_code,
        business_id,
        min(as_of) as first_day,
        min(as_of) filter (where stage = 'live') as first_live,
        max(as_of) filter (where stage <> 'live') as last_not_live,
        bool_and(stage = 'not_applicable') as never_in_scope,
        bool_or(stage = 'not_applicable') as ever_out_of_scope
    from history
    group by municipality_code, business_id
),
one_way as (
    select *
    from pairs
    where (first_live is null or last_not_live is null or last_not_live < first_live)
        and (never_in_scope or not ever_out_of_scope)
),
one_way_changes as (
    select first_day as day, 0 as d_live, 1 as d_out_of_scope
    from one_way
    where never_in_scope
    union all
    select first_live as day, 1 as d_live, 0 as d_out_of_scope
    from one_way
    where first_live is not null
),
walked as (
    select
        h.as_of,
        (h.stage = 'live')::integer as live,
        (h.stage = 'not_applicable')::integer as out_of_scope,
        lag((h.stage = 'live')::integer, 1, 0) over pair_history as prev_live,
        lag((h.stage = 'not_applicable')::integer, 1, 0) over pair_history as prev_out_of_scope
    from history as h
    anti join one_way as o using (municipality_code, business_id)
    window pair_history as (
        partition by h.municipality_code, h.business_id
        order by h.as_of, h.submission_id, h.row_number
    )
),
walked_changes as (
    select as_of as day, live - prev_live as d_live, out_of_scope - prev_out_of_scope as d_out_of_scope
    from walked
    where live <> prev_live or out_of_scope <> prev_out_of_scope
),
changes as (
    select day, sum(d_live) as d_live, sum(d_out_of_scope) as d_out_of_scope
    from (select * from one_way_changes union all select * from walked_changes)
    group by day
),
running as (
    select
        day,
        sum(d_live) over (order by day) as live,
        sum(d_out_of_scope) over (order by day) as out_of_scope
    from changes
),
bounds as (
    select min(first_day) as first_day
    from pairs
),
jurisdiction as (
    select
        (select count(*) from municipalities)
        * (select count(*) from businesses where $business = '' or business_id = $business) as n_pairs
),
weeks as (
    select ($end::date - 7 * w.i::integer) as week
    from bounds, range(0, date_diff('day', bounds.first_day, $end::date) // 7 + 1) as w(i)
    where bounds.first_day is not null
)
select
    w.week,
    coalesce(r.live, 0)::integer as live,
    (j.n_pairs - coalesce(r.out_of_scope, 0))::integer as in_scope
from weeks as w
cross join jurisdiction as j
asof left join running as r on w.week >= r.day
order by w.week
