-- systems live on the national deadline D, of those in scope on D (every pair of the jurisdiction
-- but the not applicable, no report included), for one business or all ($business = '')
select
    national_deadline() as deadline,
    count(*) filter (where schedule_status = 'live') as live,
    count(*) filter (where schedule_status <> 'not_applicable') as in_scope
from schedule_on(national_deadline())
where $business = '' or business_id = $business
