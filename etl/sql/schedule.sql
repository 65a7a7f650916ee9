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
    select {{ s.public_status_columns }}, s.submission_id
    from status_on(day) as s
),
statuses as (
    select
        p.municipality_code,
        p.business_id,
        r.* exclude (municipality_code, business_id) replace (
            coalesce(r.stage, 'no_report') as stage,
            coalesce(r.special_support, false) as special_support
        ),
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
    * exclude (deadline, on_day),
    case
        when stage = 'live' then 'live'
        when stage = 'not_applicable' then 'not_applicable'
        when special_support and due_date < on_day then 'overdue_special'
        when special_support then 'on_track'
        when on_day > deadline then 'overdue_deadline'
        when target_date < on_day then 'overdue_target'
        when target_date > deadline then 'after_deadline_planned'
        else 'on_track'
    end as schedule_status
from dated;

-- Every pair's status on day T (schedule_on's columns) with the names the pages and exports show
-- beside it: the municipality's names, kind, region and prefecture, the business's names and
-- display order. The one projection the public queries read; never the private notes (see
-- status_named_private_on for those who may read them).
create or replace macro status_named_on(day) as table
select m.*, b.*, s.* exclude (municipality_code, business_id)
from schedule_on(day) as s
join v_municipality_names as m using (municipality_code)
join v_business_names as b using (business_id);

-- status_named_on with the private notes of the report each status comes from (null where none
-- has arrived): only for the admin's export, never for a public page.
create or replace macro status_named_private_on(day) as table
select
    s.*,
    r.notes
from status_named_on(day) as s
left join status_reports as r
    on r.submission_id = s.submission_id
    and r.municipality_code = s.municipality_code
    and r.business_id = s.business_id;

-- Each municipality's figures on day T, the one source of every headline figure and ratio (the
-- overview's cards, the map, the sheet, the deck and the static edition): its systems in scope
-- (every pair but the not-applicable ones, no report included), live, past due (期限超過: the three
-- overdue_ classes) with its parts, on the Government Cloud and under special support.
create or replace macro progress_on(day) as table
select
    municipality_code,
    count(*) filter (where schedule_status <> 'not_applicable') as n_in_scope,
    count(*) filter (where schedule_status = 'live') as n_live,
    count(*) filter (where starts_with(schedule_status, 'overdue_')) as n_overdue,
    count(*) filter (where schedule_status = 'overdue_deadline') as n_overdue_deadline,
    count(*) filter (where schedule_status = 'overdue_special') as n_overdue_special,
    count(*) filter (where schedule_status = 'overdue_target') as n_overdue_target,
    count(*) filter (where starts_with(schedule_status, 'overdue_') and stage = 'no_report') as n_overdue_no_report,
    count(*) filter (where gov_cloud = 'running') as n_cloud_running,
    count(*) filter (where special_support and stage <> 'not_applicable') as n_special,
    coalesce(bool_or(is_resident_registry(business_id) and stage = 'live'), false) as registry_live,
    any_value(stage) filter (where is_resident_registry(business_id)) as registry_stage,
    max(as_of) as last_report
from schedule_on(day)
group by municipality_code;

-- The "recent report" window in days (data/reference/settings.csv: recent_report_days), one
-- setting for the overview, the admin's coverage and the reminders.
create or replace macro recent_report_days() as (
    coalesce(
        (select value::integer from settings where key = 'recent_report_days'),
        error('settings has no recent_report_days: run hyojunka init')
    )
);

-- Each municipality's last accepted report received on or before day T (dates in Asia/Tokyo) and
-- whether it is recent: received within the last recent_report_days() days, T included
-- (T - received day < the window). Never reported: last_received null, not recent.
create or replace macro last_reports(day) as table
with received as (
    select
        r.municipality_code,
        max(s.received_at) as last_received,
        max(r.as_of) as last_as_of
    from status_reports as r
    join submissions as s on s.id = r.submission_id
    where timezone('Asia/Tokyo', s.received_at)::date <= day::date
    group by r.municipality_code
)
select
    m.code as municipality_code,
    r.last_received,
    r.last_as_of,
    day::date - timezone('Asia/Tokyo', r.last_received)::date as days_since,
    coalesce(day::date - timezone('Asia/Tokyo', r.last_received)::date < recent_report_days(), false) as recent
from municipalities as m
left join received as r on r.municipality_code = m.code;
