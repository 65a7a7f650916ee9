-- the newest accepted release of each kind: what the official panels' captions name
select kind, id, as_of, received_at, filename, source_url
from v_official_latest
order by kind
