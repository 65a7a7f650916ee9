-- systems designated for special migration support, with their reason and their new target
select
    municipality_code, municipality_ja, municipality_en, region, kind,
    business_id, business_order, business_ja, business_en,
    stage, target_date, go_live_date, special_support_reason, vendor, as_of
from v_latest_status
where special_support and stage <> 'not_applicable'
order by special_support_reason, target_date nulls last, municipality_code, business_order
