-- every municipality with when its last accepted report arrived and the day it describes
with reported as (
    select
        r.municipality_code as code,
        max(s.received_at) as last_received,
        max(r.as_of) as last_as_of
    from status_reports as r
    join submissions as s on s.id = r.submission_id
    group by r.municipality_code
)

select m.code, m.name_ja, m.name_en, r.last_received, r.last_as_of
from municipalities as m
left join reported as r on r.code = m.code
order by m.code
