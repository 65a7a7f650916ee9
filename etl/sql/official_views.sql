-- the official releases as the dashboard, the exports and the reconciliation read them
-- the ministry serves each month's file at one address: a later accepted file of a month already
-- loaded is that month's next revision; the newest revision wins, the older ones stay (superseded)
create or replace view v_official_releases as
select
    id, received_at, kind, filename, source_url, as_of, sha256, size_bytes, outcome, duplicate_of,
    n_rows, n_outside, n_errors, n_warnings,
    case when outcome = 'accepted' then
        count(*) filter (where outcome = 'accepted') over (
            partition by kind, as_of order by id rows between unbounded preceding and current row
        )
    end as revision,
    outcome = 'accepted' and count(*) filter (where outcome = 'accepted') over (
        partition by kind, as_of order by id rows between 1 following and unbounded following
    ) > 0 as superseded
from official_releases;

-- the newest accepted release of each kind (by the month it describes, then by arrival)
create or replace view v_official_latest as
select *
from official_releases
where outcome = 'accepted'
qualify row_number() over (partition by kind order by as_of desc, id desc) = 1;

create or replace view v_official_latest_rates as
select r.municipality_code, r.business_id, r.rate, r.as_of, r.release_id
from official_rates as r
join v_official_latest as l on l.id = r.release_id;

create or replace view v_official_latest_totals as
select t.municipality_code, t.rate, t.as_of, t.release_id
from official_totals as t
join v_official_latest as l on l.id = t.release_id;

create or replace view v_official_latest_steps as
select s.municipality_code, s.business_id, s.step_no, n.step_name, s.status, s.as_of, s.release_id
from official_steps as s
join v_official_latest as l on l.id = s.release_id
join official_step_names as n on n.release_id = s.release_id and n.step_no = s.step_no;

create or replace view v_official_latest_list as
select m.municipality_code, m.business_id, m.marked, m.as_of, m.release_id
from official_marks as m
join v_official_latest as l on l.id = m.release_id;

-- one row per discrepancy between a municipality's latest report and the latest releases; the five
-- classes are defined here and only here (their labels: schemas.vocabulary.RECONCILE_KINDS)
create or replace view v_reconciliation as
with
reported as (
    select l.municipality_code, l.business_id, l.stage, l.special_support, l.as_of
    from latest_status as l
    join municipalities as m on m.code = l.municipality_code
),
rates as (
    select * from v_official_latest_rates
),
listed as (
    select * from v_official_latest_list where business_id <> 'common_function'
),
list_release as (
    select id, as_of from v_official_latest where kind = 'da_special_support'
),
classes as (
    select
        'live_procedure_incomplete' as kind, p.municipality_code, p.business_id, p.stage as reported_stage,
        p.special_support as reported_special_support, p.as_of as reported_as_of, r.rate as official_rate,
        null::boolean as official_marked, r.as_of as release_as_of, r.release_id
    from reported as p
    join rates as r using (municipality_code, business_id)
    where p.stage = 'live' and r.rate < 1
    union all
    select
        'procedure_done_not_live', p.municipality_code, p.business_id, p.stage, p.special_support, p.as_of,
        r.rate, null, r.as_of, r.release_id
    from reported as p
    join rates as r using (municipality_code, business_id)
    where p.stage not in ('live', 'not_applicable') and r.rate >= 1
    union all
    select
        'listed_reported_not_special', p.municipality_code, p.business_id, p.stage, p.special_support, p.as_of,
        null, true, l.as_of, l.release_id
    from reported as p
    join listed as l using (municipality_code, business_id)
    where l.marked and not p.special_support
    union all
    -- absent from the list, or listed without ●; an unreadable mark says nothing
    select
        'special_not_listed', p.municipality_code, p.business_id, p.stage, p.special_support, p.as_of,
        null, false, lr.as_of, lr.id
    from reported as p
    cross join list_release as lr
    left join listed as l using (municipality_code, business_id)
    where p.special_support and (l.municipality_code is null or l.marked = false)
    union all
    select
        'listed_never_reported', l.municipality_code, l.business_id, null, null, null,
        null, true, l.as_of, l.release_id
    from listed as l
    join municipalities as m on m.code = l.municipality_code
    left join reported as p using (municipality_code, business_id)
    where l.marked and p.municipality_code is null
)
select c.*, b.display_order as business_order
from classes as c
join businesses as b on b.business_id = c.business_id;

-- the national figures: the newest load of each figure and day
create or replace view v_national_figures as
select as_of, figure, value, denominator, source, url, loaded_at
from national_figures
qualify row_number() over (partition by figure, as_of order by loaded_at desc) = 1;
