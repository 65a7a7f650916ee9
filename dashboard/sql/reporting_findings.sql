-- the findings of one submission; with a code, only when the submission is that municipality's
select
    f.row_number as "row",
    f.column_name as "column",
    f.code,
    f.value,
    f.message_ja,
    f.message_en,
    f.severity
from findings as f
join submissions as s on s.id = f.submission_id
where f.submission_id = $submission_id
  and (
      cast($code as varchar) is null
      or s.municipality_code = $code
      or s.submitter_code = $code
  )
order by f.row_number nulls first, f.severity, f.code
