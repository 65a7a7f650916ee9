-- one municipality's newest stored figure per business (any year and kind; actual before budget
-- before estimate within a year), what its template and form start from
select *
from v_cost_latest
where municipality_code = $code
qualify row_number() over (
    partition by business_id
    order by fiscal_year desc, case kind when 'actual' then 1 when 'budget' then 2 else 3 end
) = 1
