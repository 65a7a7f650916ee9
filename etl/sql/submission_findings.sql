-- one submission's findings in the report's shape, file-level ones first
select
    row_number as row,
    column_name as column,
    code,
    value,
    message_ja,
    message_en,
    severity
from findings
where submission_id = $submission_id
order by row_number nulls first, severity, code
