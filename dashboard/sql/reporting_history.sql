-- the submissions made as, or about, one municipality, newest first
select
    s.id,
    s.received_at,
    s.source,
    s.filename,
    s.submitter,
    s.outcome,
    s.duplicate_of,
    s.n_rows,
    s.n_errors,
    s.n_warnings,
    s.sha256
from v_submissions as s
where s.municipality_code = $code or s.submitter_code = $code
order by s.id desc
