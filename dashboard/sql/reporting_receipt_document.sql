-- one submission as its receipt shows it (no raw bytes), with the municipality's name
select
    s.id,
    s.received_at,
    s.source,
    s.filename,
    s.submitter,
    coalesce(s.municipality_code, s.submitter_code) as municipality_code,
    m.name_ja,
    m.name_en,
    s.sha256,
    s.size_bytes,
    s.outcome,
    s.duplicate_of,
    s.n_rows,
    s.n_errors,
    s.n_warnings
from submissions as s
left join municipalities as m on m.code = coalesce(s.municipality_code, s.submitter_code)
where s.id = $submission_id
