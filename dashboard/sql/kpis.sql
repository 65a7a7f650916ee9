-- the overview's headline figures on $day and on $before. Scope, live and lateness come from
-- schedule_on (etl/sql/schedule.sql: every pair of the jurisdiction, no report included, the one
-- lateness definition); the other figures from one pass over the history, each pair's status on a
-- day being its newest report with as_of <= that day (status_on's rule as an arg_max aggregate)
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
),
schedule as (
    select 'day' as moment, stage, schedule_status from schedule_on($day::date)
    union all
    select 'before' as moment, stage, schedule_status from schedule_on($before::date)
),
schedule_counts as (
    select
        moment,
        count(*) filter (where schedule_status <> 'not_applicable') as in_scope,
        count(*) filter (where schedule_status = 'live') as live,
        count(*) filter (where starts_with(schedule_status, 'overdue_')) as overdue,
        count(*) filter (where schedule_status = 'overdue_deadline') as overdue_deadline,
        count(*) filter (where schedule_status = 'overdue_special') as overdue_special,
        count(*) filter (where schedule_status = 'overdue_target') as overdue_target,
        count(*) filter (where starts_with(schedule_status, 'overdue_') and stage = 'no_report') as overdue_no_report
    from schedule
    group by moment
),
status_counts as (
    select
        m.moment,
        count(distinct s.municipality_code) filter (
            where is_resident_registry(s.business_id) and s.stage = 'live'
        ) as registry_live,
        (select count(*) from municipalities) as n_municipalities,
        count(s.stage) filter (where s.gov_cloud = 'running') as cloud_running,
        count(s.stage) filter (where s.special_support and s.stage <> 'not_applicable') as special_support,
        count(distinct s.municipality_code) filter (where s.as_of > s.day - 30) as reported_30d
    from moments as m
    left join statuses as s on s.moment = m.moment
    group by m.moment
)
select c.*, k.* exclude (moment)
from status_counts as c
join schedule_counts as k using (moment)
