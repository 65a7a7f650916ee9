-- one cell per municipality x business on $day: its status (never the notes), due date and schedule
-- status (etl/sql/schedule.sql), and each municipality's progress for sorting
with cells as (
    select
        s.municipality_code,
        m.name_ja as municipality_ja,
        m.name_en as municipality_en,
        m.kind,
        m.kind_ja,
        m.region,
        m.region_ja,
        m.prefecture_code,
        s.business_id,
        b.display_order as business_order,
        b.name_ja as business_ja,
        b.name_en as business_en,
        s.stage,
        s.as_of,
        s.target_date,
        s.due_date,
        s.schedule_status,
        s.go_live_date,
        s.gov_cloud,
        s.special_support,
        s.special_support_reason,
        s.pmo_progress,
        s.vendor
    from schedule_on($day::date) as s
    join municipalities as m on m.code = s.municipality_code
    join businesses as b on b.business_id = s.business_id
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
