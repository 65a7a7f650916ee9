-- one submission as its receipt shows it (v_submissions: no raw bytes), with the municipality's name
select
    s.* replace (coalesce(s.municipality_code, s.submitter_code) as municipality_code),
    m.name_ja,
    m.name_en
from v_submissions as s
left join municipalities as m on m.code = coalesce(s.municipality_code, s.submitter_code)
where s.id = $submission_id
