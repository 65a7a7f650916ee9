-- one municipality's latest accepted status of each business, notes included (its own data only)
select
    l.business_id,
    l.as_of,
    l.stage,
    l.target_date,
    l.go_live_date,
    l.gov_cloud,
    l.special_support,
    l.special_support_reason,
    l.pmo_progress,
    l.vendor,
    l.notes,
    l.submission_id
from latest_status as l
where l.municipality_code = $code
