-- per business: the ministry's completion rate (latest workbook, the jurisdiction's municipalities)
-- beside the share of reported in-scope systems that are live
with
rates as (
    select
        r.business_id,
        avg(r.rate) as mean_rate,
        avg(case when r.rate >= 1 then 1.0 else 0.0 end) as share_done,
        count(*) as n_rates
    from v_official_latest_rates as r
    join municipalities as m on m.code = r.municipality_code
    group by r.business_id
),
running as (
    select
        business_id,
        count(*) filter (where stage = 'live') as n_live,
        count(*) filter (where stage not in ('not_applicable', 'no_report')) as n_in_scope
    from v_status_grid
    group by business_id
)
select
    b.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    rates.mean_rate,
    rates.share_done,
    coalesce(rates.n_rates, 0) as n_rates,
    running.n_live,
    running.n_in_scope,
    running.n_live / nullif(running.n_in_scope, 0) as share_live
from businesses as b
left join rates on rates.business_id = b.business_id
left join running on running.business_id = b.business_id
order by b.display_order
