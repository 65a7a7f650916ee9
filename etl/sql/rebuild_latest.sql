-- rebuild the derived latest_status table from the append-only history
delete from latest_status;
-- (the list in double braces: the report's columns from the registry, schemas/fields.py, expanded by etl/paths.py)
insert into latest_status by name
select submission_id, row_number, {{ status_columns }}
from status_reports
qualify row_number() over (
    partition by municipality_code, business_id
    order by as_of desc, submission_id desc, row_number desc
) = 1;
