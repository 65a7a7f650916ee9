-- the jurisdiction's side of the national headline figures, each with its as-of and its source
-- (reports: the municipalities' own; mic_progress / da_special_support: the latest release). The
-- Digital Agency lists only bodies with at least one ●: a municipality absent from the list has no
-- expected special-support system, so the denominators are the whole jurisdiction, not the list's rows
select
    'systems_running_standard' as figure,
    count(*) filter (where stage = 'live')::double as value,
    count(*) filter (where stage not in ('not_applicable', 'no_report'))::double as denominator,
    max(as_of) as as_of,
    'reports' as source
from v_status_grid
union all
select
    'bodies_special_support',
    count(distinct l.municipality_code) filter (where l.marked and l.business_id <> 'common_function'),
    (select count(*) from municipalities),
    max(l.as_of),
    'da_special_support'
from v_official_latest_list as l
join municipalities as m on m.code = l.municipality_code
union all
select
    'systems_special_support',
    count(*) filter (where l.marked and l.business_id <> 'common_function'),
    (select count(*) * (select count(*) from businesses) from municipalities),
    max(l.as_of),
    'da_special_support'
from v_official_latest_list as l
join municipalities as m on m.code = l.municipality_code
union all
select 'pmo_rate_mean', avg(t.rate), null, max(t.as_of), 'mic_progress'
from v_official_latest_totals as t
join municipalities as m on m.code = t.municipality_code
union all
select 'pmo_rate_median', median(t.rate), null, max(t.as_of), 'mic_progress'
from v_official_latest_totals as t
join municipalities as m on m.code = t.municipality_code
