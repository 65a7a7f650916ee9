-- every submission about one municipality, newest first: made as it, naming it alone, or holding
-- accepted rows of it among other municipalities' (a multi-municipality file)
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
where s.municipality_code = $code
   or s.submitter_code = $code
   or s.id in (select r.submission_id from status_reports as r where r.municipality_code = $code)
order by s.id desc
