-- Government Cloud readiness of each reporting municipality's in-scope systems
select
    municipality_code,
    any_value(municipality_ja) as municipality_ja,
    any_value(municipality_en) as municipality_en,
    any_value(region) as region,
    any_value(region_ja) as region_ja,
    any_value(kind) as kind,
    count(*) as n_in_scope,
    count(*) filter (where gov_cloud = 'running') as n_running,
    count(*) filter (where gov_cloud = 'preparing') as n_preparing,
    count(*) filter (where gov_cloud = 'planned') as n_planned,
    count(*) filter (where gov_cloud = 'not_planned') as n_not_planned,
    count(*) filter (where gov_cloud = 'running') / count(*) as share_running
from v_latest_status
where stage <> 'not_applicable'
group by municipality_code
order by share_running desc, municipality_code
