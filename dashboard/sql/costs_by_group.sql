-- the compared pairs by where the system stands (its latest stage, or its Government Cloud use):
-- the base-year and latest costs added up, the ratio, how many municipalities are in each group
select
    case when $by = 'gov_cloud' then coalesce(s.gov_cloud, 'no_report') else coalesce(s.stage, 'no_report') end
        as grp,
    count(*) as n_pairs,
    count(distinct p.municipality_code) as n_municipalities,
    cast(sum(p.baseline_total) as bigint) as baseline_total,
    cast(sum(p.current_total) as bigint) as current_total,
    sum(p.current_total) / sum(p.baseline_total) as ratio
from v_cost_pairs as p
left join latest_status as s using (municipality_code, business_id)
where p.compared
group by grp
