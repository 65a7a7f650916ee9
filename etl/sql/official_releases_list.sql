-- every release file received, oldest first: the month it describes, its revision and whether a
-- newer one supersedes it, outcome, counts and the URL it came from
select
    id,
    kind,
    as_of,
    revision,
    superseded,
    received_at,
    filename,
    outcome,
    n_rows,
    n_outside,
    n_errors,
    n_warnings,
    sha256,
    source_url
from v_official_releases
order by id
