-- every reported pair's base year beside its latest year (the per-municipality export: private)
select
    p.municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    p.business_id,
    b.name_ja as business_ja,
    b.name_en as business_en,
    p.baseline_kind,
    p.baseline_total,
    p.current_year,
    p.current_kind,
    p.current_total,
    p.ratio,
    p.compared
from v_cost_pairs as p
join municipalities as m on m.code = p.municipality_code
join businesses as b using (business_id)
order by p.municipality_code, b.display_order
