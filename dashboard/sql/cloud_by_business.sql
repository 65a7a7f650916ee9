-- Government Cloud status of the in-scope systems, counted per business
select business_id, business_order, business_ja, business_en, gov_cloud, count(*) as n
from v_latest_status
where stage <> 'not_applicable'
group by all
order by business_order, gov_cloud
