-- the as-of facts every chart caption states: newest report day, last accepted submission, coverage
with latest as (
    select
        max(as_of) as data_as_of,
        count(*) as n_pairs,
        count(distinct municipality_code) as n_reporting
    from v_latest_status
),
received as (
    select
        max(received_at) as last_received_at,
        count(*) as n_accepted
    from v_submissions
    where outcome = 'accepted'
),
jurisdiction as (
    select
        count(*) as n_municipalities,
        count(distinct prefecture_code) as n_prefectures,
        national_deadline() as national_deadline,
        recent_report_days() as recent_report_days
    from municipalities
)
select *
from latest, received, jurisdiction
