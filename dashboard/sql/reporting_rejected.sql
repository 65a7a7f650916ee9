-- rejected submissions, newest first, with the municipality's name
select
    s.id,
    s.received_at,
    coalesce(s.municipality_code, s.submitter_code) as municipality_code,
    m.name_ja,
    m.name_en,
    s.source,
    s.filename,
    s.submitter,
    s.n_rows,
    s.n_errors,
    s.n_warnings,
    s.sha256
from v_submissions as s
left join municipalities as m on m.code = coalesce(s.municipality_code, s.submitter_code)
where s.outcome = 'rejected'
order by s.id desc
