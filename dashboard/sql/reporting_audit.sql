-- every accepted row of one municipality (optionally one business) with who sent it, when and how
select
    r.business_id,
    b.display_order as business_order,
    r.submission_id,
    r.row_number,
    s.received_at,
    s.source,
    s.submitter,
    s.filename,
    r.as_of,
    r.stage,
    r.target_date,
    r.go_live_date,
    r.gov_cloud,
    r.special_support,
    r.special_support_reason,
    r.pmo_progress,
    r.vendor,
    r.notes
from status_reports as r
join submissions as s on s.id = r.submission_id
join businesses as b on b.business_id = r.business_id
where r.municipality_code = $code
  and (cast($business_id as varchar) is null or r.business_id = $business_id)
order by b.display_order, s.received_at, r.submission_id, r.row_number
