-- every submission received, optionally of one outcome ($status null: all)
select
    id,
    municipality_code,
    received_at,
    source,
    filename,
    submitter,
    sha256,
    outcome,
    n_rows,
    n_errors,
    n_warnings
from v_submissions
where $status is null or outcome = $status
order by id
