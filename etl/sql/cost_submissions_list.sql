-- every cost submission received (accepted, rejected, duplicate), oldest first
select
    id,
    received_at,
    source,
    filename,
    submitter,
    municipality_code,
    outcome,
    n_rows,
    n_errors,
    n_warnings,
    sha256
from cost_submissions
order by id
