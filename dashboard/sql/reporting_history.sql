-- the submissions about one municipality, newest first: made as it or naming it alone; with $holding
-- (the CIO office's view) also the files holding accepted rows of it among other municipalities'
-- (a multi-municipality file), which the municipality itself does not see
select s.* exclude (submitter_code, municipality_code, size_bytes)
from v_submissions as s
where s.municipality_code = $code
   or s.submitter_code = $code
   or ($holding and s.id in (select r.submission_id from status_reports as r where r.municipality_code = $code))
order by s.id desc
