-- every municipality with when its last accepted report arrived by $day and the day it describes
-- (last_reports in schedule.sql: the one rule the overview and the admin's coverage count by)
select m.code, m.name_ja, m.name_en, r.last_received, r.last_as_of, r.days_since
from municipalities as m
left join last_reports($day::date) as r on r.municipality_code = m.code
order by m.code
