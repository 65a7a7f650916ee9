-- every pair of the jurisdiction on $day with names: its status (stage 'no_report' where none has
-- arrived), due date and schedule status; the private notes only for those who asked for them
select
    s.municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    m.kind,
    m.region,
    s.business_id,
    b.name_ja as business_ja,
    b.name_en as business_en,
    s.as_of,
    s.stage,
    s.target_date,
    s.due_date,
    s.schedule_status,
    s.go_live_date,
    s.gov_cloud,
    s.special_support,
    s.special_support_reason,
    s.pmo_progress,
    s.vendor,
    s.submission_id,
    case when $include_notes then r.notes end as notes
from schedule_on($day::date) as s
join municipalities as m on m.code = s.municipality_code
join businesses as b on b.business_id = s.business_id
left join status_reports as r
    on r.submission_id = s.submission_id
    and r.municipality_code = s.municipality_code
    and r.business_id = s.business_id
order by s.municipality_code, b.display_order
