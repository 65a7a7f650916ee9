-- one municipality's 20 systems in business order with its latest accepted status (nulls where none)
select
    b.business_id,
    b.name_ja as business_ja,
    l.stage,
    l.target_date,
    l.go_live_date,
    l.gov_cloud,
    l.special_support,
    l.special_support_reason,
    l.pmo_progress,
    l.vendor,
    l.notes,
    l.as_of as last_as_of,
    l.business_id is not null as reported
from businesses as b
left join latest_status as l
    on l.business_id = b.business_id
    and l.municipality_code = $code
order by b.display_order
