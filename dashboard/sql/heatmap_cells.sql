-- one cell per municipality x business with the latest status (never the notes), and each
-- municipality's progress for sorting
with progress as (
    select
        municipality_code,
        count(*) filter (where stage = 'live') as n_live,
        count(*) filter (where stage not in ('not_applicable', 'no_report')) as n_in_scope
    from v_status_grid
    group by municipality_code
)
select c.*, p.n_live, p.n_in_scope
from v_status_grid as c
join progress as p using (municipality_code)
order by c.municipality_code, c.business_order
