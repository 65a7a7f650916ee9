-- the current totals of one business ($business) for these municipalities ($members)
select
    municipality_code,
    total
from v_cost_current
where business_id = $business and list_contains($members, municipality_code)
