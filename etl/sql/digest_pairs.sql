-- the digest: every pair's status on the day before the window ($before) beside its status on the
-- window's last day ($until), both by the one definition of lateness (schedule_on; with names,
-- status_named_on)
select
    b.municipality_code,
    b.municipality_ja as name_ja,
    b.municipality_en as name_en,
    b.business_id,
    b.business_order,
    b.business_ja,
    b.business_en,
    a.stage as stage_before,
    b.stage,
    a.target_date as target_before,
    b.target_date,
    a.schedule_status as status_before,
    b.schedule_status,
    a.due_date as due_before,
    b.due_date,
    a.special_support as special_before,
    b.special_support,
    b.special_support_reason,
    b.go_live_date
from status_named_on($until::date) as b
join schedule_on($before::date) as a using (municipality_code, business_id)
order by b.municipality_code, b.business_order
