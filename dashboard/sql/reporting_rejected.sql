-- rejected submissions, newest first, with the municipality's name and the first later accepted
-- submission from that municipality (which supersedes the rejected one)
with rejected as (
    select
        s.*,
        coalesce(s.municipality_code, s.submitter_code) as code
    from v_submissions as s
    where s.outcome = 'rejected'
)

select
    r.id,
    r.received_at,
    r.code as municipality_code,
    m.name_ja,
    m.name_en,
    r.source,
    r.filename,
    r.submitter,
    r.n_rows,
    r.n_errors,
    r.n_warnings,
    r.sha256,
    (
        select min(a.id)
        from submissions as a
        where a.outcome = 'accepted'
          and a.id > r.id
          and (a.municipality_code = r.code or a.submitter_code = r.code)
    ) as superseded_by
from rejected as r
left join municipalities as m on m.code = r.code
order by r.id desc
