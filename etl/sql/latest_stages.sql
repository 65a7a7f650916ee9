-- the latest accepted stage of every pair of these municipalities (what the checks compare with);
-- a semi join on the wanted codes, not list_contains, which compares every row with every code
select latest.municipality_code, latest.business_id, latest.stage
from latest_status as latest
semi join (select unnest($codes) as code) as wanted on latest.municipality_code = wanted.code
