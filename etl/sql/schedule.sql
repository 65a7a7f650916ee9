-- Schedule status: the one definition of lateness, used by every page, the export and the tests.
-- Recreated on every migrate, after views.sql (it reads status_on).
--
-- D is the national deadline from the settings table (data/reference/settings.csv).
-- due_date: a special-support system's target_date (its new date); otherwise the earlier of
-- target_date and D; no target date counts as due on D. Live and not-applicable systems have none.
-- schedule_status of a pair on day T, exactly one of:
--   live, not_applicable
--   overdue_deadline        not special-support, not live, T > D
--   overdue_special         special-support, not live, due_date < T
--   overdue_target          not special-support, not live, T <= D, own target_date < T
--   after_deadline_planned  not special-support, not live, T <= D, target_date > D
--   on_track                every other system not live (due_date >= T)
-- A pair with no report on T is in scope from the start: stage 'no_report', not special-support,
-- no target date, so due on D; it is on_track until D and overdue_deadline after it.

create or replace macro national_deadline() as (
    coalesce(
        (select value::date from settings where key = 'national_deadline'),
        error('settings has no national_deadline: run hyojunka init')
    )
);

create or replace macro schedule_on(day) as table
with
deadline as (
    select national_deadline() as d
),
pairs as (
    select m.code as municipality_code, b.business_id
    from municipalities as m
    cross join businesses as b
),
reported as (
    select
        s.municipality_code,
        s.business_id,
        s.as_of,
        s.stage,
        s.target_date,
        s.go_live_date,
        s.gov_cloud,
        s.special_support,
        s.special_support_reason,
        s.pmo_progress,
        s.vendor,
        s.submission_id
    from status_on(day) as s
),
statuses as (
    select
        p.municipality_code,
        p.business_id,
        coalesce(r.stage, 'no_report') as stage,
        coalesce(r.special_support, false) as special_support,
        r.special_support_reason,
        r.target_date,
        r.go_live_date,
        r.gov_cloud,
        r.pmo_progress,
        r.vendor,
        r.as_of,
        r.submission_id,
        d.d as deadline,
        day::date as on_day
    from pairs as p
    cross join deadline as d
    left join reported as r using (municipality_code, business_id)
),
dated as (
    select
        *,
        case
            when stage in ('live', 'not_applicable') then null
            when special_support then coalesce(target_date, deadline)
            else least(coalesce(target_date, deadline), deadline)
        end as due_date
    from statuses
)
select
    municipality_code,
    business_id,
    stage,
    special_support,
    special_support_reason,
    target_date,
    due_date,
    case
        when stage = 'live' then 'live'
        when stage = 'not_applicable' then 'not_applicable'
        when special_support and due_date < on_day then 'overdue_special'
        when special_support then 'on_track'
        when on_day > deadline then 'overdue_deadline'
        when target_date < on_day then 'overdue_target'
        when target_date > deadline then 'after_deadline_planned'
        else 'on_track'
    end as schedule_status,
    go_live_date,
    gov_cloud,
    pmo_progress,
    vendor,
    as_of,
    submission_id
from dated;
