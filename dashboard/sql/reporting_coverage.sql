-- every municipality with its last accepted report received by $day (when it arrived, the day it
-- describes, the days since and whether it is recent: last_reports in etl/sql/schedule.sql, the one
-- recent_report_days window the overview and the reminders use)
with systems as (
    select municipality_code as code, count(*) as n_systems
    from latest_status
    group by municipality_code
)

select
    m.code,
    m.name_ja,
    m.name_en,
    m.kind_ja,
    m.kind,
    r.last_received,
    r.last_as_of,
    r.days_since,
    r.recent,
    coalesce(y.n_systems, 0) as n_systems
from municipalities as m
left join last_reports($day::date) as r on r.municipality_code = m.code
left join systems as y on y.code = m.code
order by m.code
