-- each month a ministry workbook describes: its average completion rate for the business ('' all),
-- beside the share of reported in-scope systems live at that month's end
with
releases as (
    select id, as_of as month, last_day(as_of) as month_end
    from official_releases
    where kind = 'mic_progress' and outcome = 'accepted'
    qualify row_number() over (partition by as_of order by id desc) = 1
),
ministry as (
    select rel.month, avg(r.rate) as mean_rate
    from releases as rel
    join official_rates as r on r.release_id = rel.id
    join municipalities as m on m.code = r.municipality_code
    where $business = '' or r.business_id = $business
    group by rel.month
),
reported as (
    select rel.month, s.stage
    from releases as rel
    join status_reports as s on s.as_of <= rel.month_end
    join municipalities as m on m.code = s.municipality_code
    where $business = '' or s.business_id = $business
    qualify row_number() over (
        partition by rel.month, s.municipality_code, s.business_id
        order by s.as_of desc, s.submission_id desc, s.row_number desc
    ) = 1
),
running as (
    select
        month,
        count(*) filter (where stage = 'live') as n_live,
        count(*) filter (where stage <> 'not_applicable') as n_in_scope
    from reported
    group by month
)
select
    ministry.month,
    ministry.mean_rate,
    coalesce(running.n_live, 0) as n_live,
    coalesce(running.n_in_scope, 0) as n_in_scope,
    running.n_live / nullif(running.n_in_scope, 0) as share_live
from ministry
left join running on running.month = ministry.month
order by ministry.month
