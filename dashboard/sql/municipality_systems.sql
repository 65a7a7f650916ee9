-- one municipality's 20 systems in business order, reported or not (never the notes)
select
    business_id,
    business_order,
    business_ja,
    business_en,
    stage,
    as_of,
    target_date,
    go_live_date,
    gov_cloud,
    special_support,
    special_support_reason,
    pmo_progress,
    vendor
from v_status_grid
where municipality_code = $code
order by business_order
