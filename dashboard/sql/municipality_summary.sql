-- one row per municipality: its progress, systems past due on $day (the overdue_ schedule statuses,
-- etl/sql/schedule.sql), resident registry stage and last report day (for peers)
with late as (
    select municipality_code, count(*) filter (where starts_with(schedule_status, 'overdue_')) as n_overdue
    from schedule_on($day::date)
    group by municipality_code
),
status as (
    select
        municipality_code,
        count(*) filter (where stage = 'live') as n_live,
        count(*) filter (where stage <> 'not_applicable') as n_in_scope,
        count(*) filter (where gov_cloud = 'running') as n_cloud_running,
        count(*) filter (where special_support and stage <> 'not_applicable') as n_special,
        any_value(stage) filter (where is_resident_registry(business_id)) as registry_stage,
        max(as_of) as last_report
    from v_latest_status
    group by municipality_code
)
select
    m.code as municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    m.kind,
    m.kind_ja,
    m.region,
    m.region_ja,
    m.prefecture_code,
    coalesce(s.n_live, 0) as n_live,
    coalesce(s.n_in_scope, 0) as n_in_scope,
    s.n_live / nullif(s.n_in_scope, 0) as share_live,
    coalesce(s.n_cloud_running, 0) as n_cloud_running,
    coalesce(s.n_special, 0) as n_special,
    coalesce(o.n_overdue, 0) as n_overdue,
    coalesce(s.registry_stage, 'no_report') as registry_stage,
    s.last_report
from municipalities as m
left join status as s on s.municipality_code = m.code
left join late as o on o.municipality_code = m.code
order by m.code
