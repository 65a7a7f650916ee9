-- each municipality that reported costs: its compared pairs added up, its ratio to the base year
select
    c.municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    m.region,
    m.kind,
    c.n_pairs_reported,
    c.n_pairs,
    c.baseline_total,
    c.current_total,
    c.ratio,
    c.current_year
from v_cost_municipality as c
join municipalities as m on m.code = c.municipality_code
order by c.municipality_code
