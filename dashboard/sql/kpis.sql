-- the overview's headline figures on $day and on $before, summed from progress_on (etl/sql/schedule.sql:
-- the same per-municipality figures the map, the sheet, the deck and the static edition read, so every
-- ratio has the one denominator: every pair of the jurisdiction but the not-applicable ones, no report
-- included) and the recent reporters from last_reports (the one recent_report_days window)
with progress as (
    select 'day' as moment, * from progress_on($day::date)
    union all
    select 'before' as moment, * from progress_on($before::date)
),
recent as (
    select 'day' as moment, count(*) filter (where recent) as reported_recent from last_reports($day::date)
    union all
    select 'before' as moment, count(*) filter (where recent) from last_reports($before::date)
),
counts as (
    select
        moment,
        count(*) filter (where registry_live) as registry_live,
        count(*) as n_municipalities,
        sum(n_cloud_running) as cloud_running,
        sum(n_special) as special_support,
        sum(n_in_scope) as in_scope,
        sum(n_live) as live,
        sum(n_overdue) as overdue,
        sum(n_overdue_deadline) as overdue_deadline,
        sum(n_overdue_special) as overdue_special,
        sum(n_overdue_target) as overdue_target,
        sum(n_overdue_no_report) as overdue_no_report
    from progress
    group by moment
)
select c.*, r.reported_recent
from counts as c
join recent as r using (moment)
