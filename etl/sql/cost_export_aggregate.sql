-- the jurisdiction and each business: compared pairs added up, with how many municipalities
select
    'all' as scope,
    null as business_id,
    null as business_ja,
    null as business_en,
    0 as business_order,
    count(distinct municipality_code) as n_municipalities,
    count(*) as n_pairs,
    cast(sum(baseline_total) as bigint) as baseline_total,
    cast(sum(current_total) as bigint) as current_total,
    sum(current_total) / sum(baseline_total) as ratio
from v_cost_pairs
where compared
union all
select
    'business',
    p.business_id,
    any_value(b.name_ja),
    any_value(b.name_en),
    any_value(b.display_order),
    count(distinct p.municipality_code),
    count(*),
    cast(sum(p.baseline_total) as bigint),
    cast(sum(p.current_total) as bigint),
    sum(p.current_total) / sum(p.baseline_total)
from v_cost_pairs as p
join businesses as b using (business_id)
where p.compared
group by p.business_id
order by business_order
