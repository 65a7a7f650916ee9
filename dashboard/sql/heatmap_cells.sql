-- one cell per municipality x business on $day: its status with names (never the notes), due date
-- and schedule status (status_named_on, etl/sql/schedule.sql), and each municipality's progress for
-- sorting
with cells as (
    select * exclude (submission_id)
    from status_named_on($day::date)
),
progress as (
    select
        municipality_code,
        count(*) filter (where stage = 'live') as n_live,
        count(*) filter (where stage not in ('not_applicable', 'no_report')) as n_in_scope
    from cells
    group by municipality_code
)
select c.*, p.n_live, p.n_in_scope
from cells as c
join progress as p using (municipality_code)
order by c.municipality_code, c.business_order
