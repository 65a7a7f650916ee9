-- one municipality's 20 systems in business order with its latest accepted status (nulls where none);
-- the list in double braces: the registry's status fields, schemas/fields.py, expanded by etl/paths.py
select
    b.business_id,
    b.name_ja as business_ja,
    {{ l.status_fields }},
    l.as_of as last_as_of,
    l.business_id is not null as reported
from businesses as b
left join latest_status as l
    on l.business_id = b.business_id
    and l.municipality_code = $code
order by b.display_order
