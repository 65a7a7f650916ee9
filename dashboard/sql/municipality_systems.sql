-- one municipality's 20 systems in business order, reported or not (never the notes)
select
    b.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    coalesce(l.stage, 'no_report') as stage,
    l.as_of,
    l.target_date,
    l.go_live_date,
    l.gov_cloud,
    l.special_support,
    l.special_support_reason,
    l.pmo_progress,
    l.vendor
from businesses as b
left join v_latest_status as l
    on l.business_id = b.business_id and l.municipality_code = $code
order by b.display_order
