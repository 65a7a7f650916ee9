-- every accepted report of one municipality, oldest first (never the notes)
select
    r.as_of,
    r.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    r.stage,
    r.target_date,
    r.go_live_date,
    r.gov_cloud,
    r.submission_id
from v_status_history as r
join businesses as b on b.business_id = r.business_id
where r.municipality_code = $code
order by r.as_of, b.display_order, r.submission_id, r.row_number
