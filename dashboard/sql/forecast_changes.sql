-- the report history collapsed to its changes, what the forecast learns from: per pair (municipality x
-- business of the jurisdiction), each report whose stage, target date, special-support flag or vendor
-- differs from the pair's previous report (the first report of a pair always), oldest first; reports of
-- one day in the order they arrived (submission, then row), so the newest of the day is its pair's state
-- as everywhere else (status_on), and every reader sees one order whatever the scan's threads did.
with history as (
    select
        r.municipality_code,
        r.business_id,
        r.as_of,
        r.stage,
        r.target_date,
        r.go_live_date,
        r.special_support,
        coalesce(r.vendor, '') as vendor,
        r.submission_id,
        r.row_number,
        lag(r.stage) over pair_history as prev_stage,
        lag(r.target_date) over pair_history as prev_target,
        lag(r.special_support) over pair_history as prev_special,
        lag(coalesce(r.vendor, '')) over pair_history as prev_vendor,
        row_number() over pair_history as k
    from v_status_history as r
    where r.municipality_code in (select code from municipalities)
    window pair_history as (
        partition by r.municipality_code, r.business_id
        order by r.as_of, r.submission_id, r.row_number
    )
)
select municipality_code, business_id, as_of, stage, target_date, go_live_date, special_support, vendor
from history
where k = 1
    or stage is distinct from prev_stage
    or target_date is distinct from prev_target
    or special_support is distinct from prev_special
    or vendor is distinct from prev_vendor
order by municipality_code, business_id, as_of, submission_id, row_number
