-- every municipality with its last accepted report (when it arrived and the day it describes)
with reported as (
    select
        r.municipality_code as code,
        max(s.received_at) as last_received,
        max(r.as_of) as last_as_of
    from status_reports as r
    join submissions as s on s.id = r.submission_id
    group by r.municipality_code
),

systems as (
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
    coalesce(y.n_systems, 0) as n_systems
from municipalities as m
left join reported as r on r.code = m.code
left join systems as y on y.code = m.code
order by m.code
