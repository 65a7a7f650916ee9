-- national scale: each prefecture x business as the share of in-scope systems live
with cells as (
    select
        m.prefecture_code,
        l.business_id,
        l.stage
    from v_latest_status as l
    join municipalities as m on m.code = l.municipality_code
),
counts as (
    select
        prefecture_code,
        business_id,
        count(*) filter (where stage = 'live') as n_live,
        count(*) filter (where stage <> 'not_applicable') as n_in_scope
    from cells
    group by all
)
select
    p.prefecture_code,
    p.name_ja as prefecture_ja,
    p.name_en as prefecture_en,
    b.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    coalesce(c.n_live, 0) as n_live,
    coalesce(c.n_in_scope, 0) as n_in_scope,
    c.n_live / nullif(c.n_in_scope, 0) as share_live
from prefectures as p
cross join businesses as b
left join counts as c on c.prefecture_code = p.prefecture_code and c.business_id = b.business_id
where p.prefecture_code in (select prefecture_code from municipalities)
order by p.prefecture_code, b.display_order
