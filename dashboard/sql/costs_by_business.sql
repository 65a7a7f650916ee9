-- the compared pairs by business: the base-year and latest costs added up and the ratio
select
    p.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    count(*) as n_pairs,
    count(distinct p.municipality_code) as n_municipalities,
    cast(sum(p.baseline_total) as bigint) as baseline_total,
    cast(sum(p.current_total) as bigint) as current_total,
    sum(p.current_total) / sum(p.baseline_total) as ratio
from v_cost_pairs as p
join businesses as b using (business_id)
where p.compared
group by all
order by business_order
