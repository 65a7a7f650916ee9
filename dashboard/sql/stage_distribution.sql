-- each business's latest stages, counted; municipalities with no report yet are their own category
with businesses_x_munis as (
    select b.business_id, b.display_order, b.name_ja, b.name_en, m.code
    from businesses as b
    cross join municipalities as m
),
cells as (
    select
        bm.business_id,
        bm.display_order as business_order,
        bm.name_ja as business_ja,
        bm.name_en as business_en,
        coalesce(l.stage, 'no_report') as stage
    from businesses_x_munis as bm
    left join v_latest_status as l
        on l.municipality_code = bm.code and l.business_id = bm.business_id
)
select business_id, business_order, business_ja, business_en, stage, count(*) as n
from cells
group by all
order by business_order, stage
