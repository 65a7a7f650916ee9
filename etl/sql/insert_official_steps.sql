-- one release's PMO step statuses: the registered wide frame incoming_steps (one column per step,
-- s1, s2, ...) turned into rows by DuckDB, which drops the empty cells
insert into official_steps
select
    $release_id,
    $as_of,
    municipality_code,
    business_id,
    cast(substr(step, 2) as smallint),
    status
from (unpivot incoming_steps on columns('^s[0-9]+$') into name step value status)
