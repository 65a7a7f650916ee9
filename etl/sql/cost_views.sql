-- the operating-cost figures (運用経費): one definition, read by the cost page, the exports, the deck
-- and the sheet; the base year, the target and the privacy threshold are settings (settings.csv)

create or replace macro cost_setting(k) as (select value from settings where key = k);
create or replace macro cost_baseline_year() as cast(cost_setting('cost_baseline_year') as integer);
create or replace macro cost_target_ratio() as cast(cost_setting('cost_target_ratio') as double);

-- the newest accepted figure of each municipality x business x fiscal year x kind (rows are only
-- written for accepted submissions; a later submission restates a figure)
create or replace view v_cost_latest as
select
    c.*,
    ops_work + hw_maint_work + other_outsourcing + hw_rental + hw_maint_fee + sw_rental + sw_maint + datacenter + network + cloud as total
from cost_reports as c
qualify row_number() over (
    partition by municipality_code, business_id, fiscal_year, kind order by submission_id desc, row_number desc
) = 1;

-- per pair (municipality x business): the base year (its actual, else its budget) beside the latest
-- year after it that has an actual, else the latest year with a budget (estimates never count);
-- `compared` when both are there and the base is above zero: only those pairs enter a ratio
create or replace view v_cost_pairs as
with
base as (
    select *
    from v_cost_latest
    where fiscal_year = cost_baseline_year() and kind in ('actual', 'budget')
    qualify row_number() over (
        partition by municipality_code, business_id order by case kind when 'actual' then 1 else 2 end
    ) = 1
),
cur as (
    select *
    from v_cost_latest
    where fiscal_year > cost_baseline_year() and kind in ('actual', 'budget')
    qualify row_number() over (
        partition by municipality_code, business_id
        order by case kind when 'actual' then 1 else 2 end, fiscal_year desc
    ) = 1
),
reported as (
    select distinct municipality_code, business_id from v_cost_latest
)
select
    r.municipality_code,
    r.business_id,
    b.total as baseline_total,
    b.kind as baseline_kind,
    c.total as current_total,
    c.fiscal_year as current_year,
    c.kind as current_kind,
    coalesce(b.total > 0 and c.total is not null, false) as compared,
    case when b.total > 0 and c.total is not null then c.total / b.total end as ratio,
    b.ops_work as base_ops_work,
    b.hw_maint_work as base_hw_maint_work,
    b.other_outsourcing as base_other_outsourcing,
    b.hw_rental as base_hw_rental,
    b.hw_maint_fee as base_hw_maint_fee,
    b.sw_rental as base_sw_rental,
    b.sw_maint as base_sw_maint,
    b.datacenter as base_datacenter,
    b.network as base_network,
    b.cloud as base_cloud,
    c.ops_work as cur_ops_work,
    c.hw_maint_work as cur_hw_maint_work,
    c.other_outsourcing as cur_other_outsourcing,
    c.hw_rental as cur_hw_rental,
    c.hw_maint_fee as cur_hw_maint_fee,
    c.sw_rental as cur_sw_rental,
    c.sw_maint as cur_sw_maint,
    c.datacenter as cur_datacenter,
    c.network as cur_network,
    c.cloud as cur_cloud
from reported as r
left join base as b using (municipality_code, business_id)
left join cur as c using (municipality_code, business_id);

-- per municipality: its compared pairs added up (a municipality's ratio is weighted by its costs)
create or replace view v_cost_municipality as
select
    municipality_code,
    count(*) as n_pairs_reported,
    count(*) filter (where compared) as n_pairs,
    cast(sum(baseline_total) filter (where compared) as bigint) as baseline_total,
    cast(sum(current_total) filter (where compared) as bigint) as current_total,
    case
        when sum(baseline_total) filter (where compared) > 0
            then sum(current_total) filter (where compared) / sum(baseline_total) filter (where compared)
    end as ratio,
    max(current_year) filter (where compared) as current_year
from v_cost_pairs
group by municipality_code;

-- the jurisdiction's figures: the cost-weighted ratio (all compared pairs' latest costs over their
-- base-year costs), the median municipality, how many are above 1.0x and above the target
create or replace view v_cost_figures as
select
    (select count(distinct municipality_code) from v_cost_latest) as n_reported,
    count(*) filter (where n_pairs > 0) as n_compared,
    coalesce(sum(n_pairs), 0) as n_pairs,
    cast(sum(baseline_total) filter (where n_pairs > 0) as bigint) as baseline_total,
    cast(sum(current_total) filter (where n_pairs > 0) as bigint) as current_total,
    case
        when sum(baseline_total) filter (where n_pairs > 0) > 0
            then sum(current_total) filter (where n_pairs > 0) / sum(baseline_total) filter (where n_pairs > 0)
    end as weighted_ratio,
    median(ratio) filter (where n_pairs > 0) as median_ratio,
    count(*) filter (where ratio > 1.0) as n_above_one,
    count(*) filter (where ratio > cost_target_ratio()) as n_above_target,
    cost_target_ratio() as target_ratio,
    cost_baseline_year() as baseline_year
from v_cost_municipality;

-- what moved: each category of each compared pair, base year beside latest year
create or replace view v_cost_pair_categories as
select p.municipality_code, p.business_id, u.category_order, u.category, u.baseline, u.current,
    u.current - u.baseline as change
from v_cost_pairs as p,
    lateral (
        select * from (values
        (1, 'ops_work', base_ops_work, cur_ops_work),
        (2, 'hw_maint_work', base_hw_maint_work, cur_hw_maint_work),
        (3, 'other_outsourcing', base_other_outsourcing, cur_other_outsourcing),
        (4, 'hw_rental', base_hw_rental, cur_hw_rental),
        (5, 'hw_maint_fee', base_hw_maint_fee, cur_hw_maint_fee),
        (6, 'sw_rental', base_sw_rental, cur_sw_rental),
        (7, 'sw_maint', base_sw_maint, cur_sw_maint),
        (8, 'datacenter', base_datacenter, cur_datacenter),
        (9, 'network', base_network, cur_network),
        (10, 'cloud', base_cloud, cur_cloud)
        ) as t(category_order, category, baseline, current)
    ) as u
where p.compared;

-- each pair's newest figure of any year after the base year (actual, else budget), with the
-- vendor and package (the cost report's, else the status report's) and the contract end it reported
create or replace view v_cost_current as
with
latest_row as (
    select *
    from v_cost_latest
    where kind in ('actual', 'budget')
    qualify row_number() over (
        partition by municipality_code, business_id
        order by fiscal_year desc, case kind when 'actual' then 1 else 2 end
    ) = 1
),
contract as (
    select municipality_code, business_id, max(contract_end) as contract_end,
        arg_max(vendor, fiscal_year) filter (where vendor is not null) as vendor,
        arg_max(package, fiscal_year) filter (where package is not null) as package
    from v_cost_latest
    group by municipality_code, business_id
)
select
    r.municipality_code,
    r.business_id,
    r.fiscal_year,
    r.kind,
    r.total,
    r.shared_cost_share,
    k.contract_end,
    coalesce(k.vendor, s.vendor) as vendor,
    k.package
from latest_row as r
left join contract as k using (municipality_code, business_id)
left join latest_status as s using (municipality_code, business_id);

-- the fiscal year a day falls in (April to March)
create or replace macro fiscal_year_of(d) as
    case when month(d) >= 4 then year(d) else year(d) - 1 end;

-- joint-procurement candidates: two or more municipalities buying the same business from the same
-- vendor (or running the same package) whose contracts end in the same fiscal year, with their
-- combined annual cost (each one's newest figure)
create or replace view v_joint_candidates as
with keyed as (
    select *, coalesce(package, vendor) as supplier, fiscal_year_of(contract_end) as window_year
    from v_cost_current
    where contract_end is not null and coalesce(package, vendor) is not null
)
select
    business_id,
    supplier,
    window_year,
    count(distinct municipality_code) as n_municipalities,
    cast(sum(total) as bigint) as combined_total,
    list(municipality_code order by municipality_code) as municipality_codes
from keyed
group by business_id, supplier, window_year
having count(distinct municipality_code) >= 2;

-- each member of a formed arrangement: its cost in the newest year before the arrangement began
-- beside its first year from then on (actual, else budget), and the base cost it carries
create or replace view v_joint_member_costs as
with member_years as (
    select
        a.id as arrangement_id, a.name, a.business_id, a.vendor, a.start_date, a.base_cost,
        m.municipality_code, m.usage_share, l.fiscal_year, l.kind, l.total,
        l.fiscal_year < fiscal_year_of(a.start_date) as before_start
    from joint_arrangements as a
    join joint_members as m on m.arrangement_id = a.id
    left join v_cost_latest as l
        on l.municipality_code = m.municipality_code and l.business_id = a.business_id
        and l.kind in ('actual', 'budget')
),
ranked as (
    select *, row_number() over (
        partition by arrangement_id, municipality_code, before_start
        order by case when before_start then -fiscal_year else fiscal_year end, case kind when 'actual' then 1 else 2 end
    ) as rn
    from member_years
)
select
    arrangement_id, any_value(name) as name, any_value(business_id) as business_id,
    any_value(vendor) as vendor, any_value(start_date) as start_date, any_value(base_cost) as base_cost,
    municipality_code, any_value(usage_share) as usage_share,
    max(fiscal_year) filter (where before_start and rn = 1) as before_year,
    max(total) filter (where before_start and rn = 1) as before_total,
    max(fiscal_year) filter (where not before_start and rn = 1) as after_year,
    max(total) filter (where not before_start and rn = 1) as after_total
from ranked
group by arrangement_id, municipality_code;
