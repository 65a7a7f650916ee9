-- one municipality's figures: each business's base year beside its latest year, and the ratio
select
    p.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    p.baseline_total,
    p.current_year,
    p.current_kind,
    p.current_total,
    p.ratio,
    p.base_cloud,
    p.cur_cloud,
    p.base_hw_rental,
    p.cur_hw_rental
from v_cost_pairs as p
join businesses as b using (business_id)
where p.municipality_code = $code
order by business_order
