-- one row per municipality: its figures on $day from progress_on (etl/sql/schedule.sql: the one source
-- of every headline figure and ratio, so the map, the sheet and the static edition agree with the
-- overview's cards), its resident registry stage and last report day (for peers)
select
    m.*,
    coalesce(p.n_live, 0) as n_live,
    coalesce(p.n_in_scope, 0) as n_in_scope,
    p.n_live / nullif(p.n_in_scope, 0) as share_live,
    coalesce(p.n_cloud_running, 0) as n_cloud_running,
    coalesce(p.n_special, 0) as n_special,
    coalesce(p.n_overdue, 0) as n_overdue,
    coalesce(p.registry_stage, 'no_report') as registry_stage,
    p.last_report
from v_municipality_names as m
left join progress_on($day::date) as p using (municipality_code)
order by m.municipality_code
