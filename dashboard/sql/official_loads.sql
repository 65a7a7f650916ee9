-- every release file loaded: its kind, the month it describes, its revision of that month (the
-- ministry serves each month at one address; the newest revision wins), outcome and source URL
select id, kind, as_of, revision, superseded, received_at, filename, outcome, source_url
from v_official_releases
order by id desc
