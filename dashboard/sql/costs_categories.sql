-- what moved: each category over every compared pair, base year beside the latest year
select
    p.category,
    any_value(p.category_order) as category_order,
    cast(sum(p.baseline) as bigint) as baseline,
    cast(sum(p.current) as bigint) as current,
    cast(sum(p.change) as bigint) as change,
    count(distinct p.municipality_code) as n_municipalities
from v_cost_pair_categories as p
group by p.category
order by category_order
