-- standardisation and Government Cloud as two tracks: each in-scope system's place on both,
-- counted per business, stage and cloud status
with systems as (
    select
        business_id, business_order, business_ja, business_en, stage, gov_cloud,
        case
            when stage = 'live' and gov_cloud = 'running' then 'live_running'
            when stage = 'live' and gov_cloud in ('planned', 'preparing') then 'live_cloud_pending'
            when stage = 'live' then 'live_no_cloud'
            when gov_cloud = 'preparing' then 'underway_cloud_preparing'
            when gov_cloud = 'planned' then 'underway_cloud_planned'
            else 'underway_no_cloud'
        end as track
    from v_latest_status
    where stage <> 'not_applicable'
)
select business_id, business_order, business_ja, business_en, stage, gov_cloud, track, count(*) as n
from systems
group by all
order by business_order, track, stage, gov_cloud
