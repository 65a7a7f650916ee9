-- one cell per municipality x business with the latest status (never the notes)
with munis as (
    select code, name_ja, name_en, kind, kind_ja, region, region_ja, prefecture_code
    from municipalities
),
cells as (
    select
        m.code as municipality_code,
        m.name_ja as municipality_ja,
        m.name_en as municipality_en,
        m.kind,
        m.kind_ja,
        m.region,
        m.region_ja,
        m.prefecture_code,
        b.business_id,
        b.display_order as business_order,
        b.name_ja as business_ja,
        b.name_en as business_en,
        coalesce(l.stage, 'no_report') as stage,
        l.as_of,
        l.target_date,
        l.go_live_date,
        l.gov_cloud,
        l.special_support,
        l.special_support_reason,
        l.pmo_progress,
        l.vendor
    from munis as m
    cross join businesses as b
    left join v_latest_status as l
        on l.municipality_code = m.code and l.business_id = b.business_id
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
