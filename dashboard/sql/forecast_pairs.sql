-- every pair of the jurisdiction with its names, what the forecast speaks of (a pair with no report
-- yet included), and the national deadline its due date falls back on
select
    m.code as municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    b.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    national_deadline() as deadline
from municipalities as m
cross join businesses as b
order by m.code, b.display_order
