-- every discrepancy between the latest reports and the latest releases, with names (codes, no labels)
select
    r.kind,
    r.municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    r.business_id,
    r.business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    r.reported_stage,
    r.reported_special_support,
    r.reported_as_of,
    r.official_rate,
    r.official_marked,
    r.release_as_of,
    r.release_id
from v_reconciliation as r
join municipalities as m on m.code = r.municipality_code
join businesses as b on b.business_id = r.business_id
order by r.municipality_code, r.business_order, r.kind
