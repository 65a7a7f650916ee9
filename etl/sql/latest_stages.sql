-- the latest accepted stage of every pair of these municipalities (what the checks compare with)
select municipality_code, business_id, stage
from latest_status
where list_contains($codes, municipality_code)
