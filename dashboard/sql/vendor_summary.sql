-- each vendor on $day: systems and municipalities served, its systems by schedule status
-- (etl/sql/schedule.sql), those behind (the overdue_ statuses) first
select
    trim(s.vendor) as vendor,
    count(*) as n_systems,
    count(distinct s.municipality_code) as n_municipalities,
    count(distinct s.business_id) as n_businesses,
    count(*) filter (where s.schedule_status = 'live') as n_live,
    count(*) filter (where s.schedule_status = 'on_track') as n_on_track,
    count(*) filter (where s.schedule_status = 'after_deadline_planned') as n_after_deadline_planned,
    count(*) filter (where s.schedule_status = 'overdue_target') as n_overdue_target,
    count(*) filter (where s.schedule_status = 'overdue_deadline') as n_overdue_deadline,
    count(*) filter (where s.schedule_status = 'overdue_special') as n_overdue_special,
    count(*) filter (where starts_with(s.schedule_status, 'overdue_')) as n_overdue
from schedule_on($day::date) as s
where s.schedule_status <> 'not_applicable' and nullif(trim(s.vendor), '') is not null
group by trim(s.vendor)
order by n_overdue desc, n_systems desc, vendor
