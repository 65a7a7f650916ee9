-- views the dashboard and the exports read; recreated on every migrate
-- the reported stages in order with their labels (from the vocabulary's labels table)
create or replace view v_stage_order as
select code as stage, display_order as stage_order, ja as stage_ja, en as stage_en
from labels
where kind = 'stage' and code <> 'no_report';

-- every municipality's and business's names as the status projections show them beside the codes
create or replace view v_municipality_names as
select
    code as municipality_code,
    name_ja as municipality_ja,
    name_en as municipality_en,
    kind,
    kind_ja,
    region,
    region_ja,
    prefecture_code
from municipalities;

create or replace view v_business_names as
select business_id, display_order as business_order, name_ja as business_ja, name_en as business_en
from businesses;

-- the stages before live (not_applicable is neither): from the vocabulary's code sets
create or replace macro is_under_way(stage) as
    stage in (select code from code_sets where name = 'under_way');

-- the business every other one waits for
create or replace macro is_resident_registry(business_id) as
    business_id in (select code from code_sets where name = 'resident_registry');

-- (the lists in double braces: the registry's columns, schemas/fields.py, expanded by etl/paths.py)
create or replace view v_latest_status as
select
    m.*,
    b.*,
    l.as_of,
    s.stage_order,
    {{ l.status_fields }},
    l.submission_id
from latest_status as l
join v_municipality_names as m using (municipality_code)
join v_business_names as b using (business_id)
join v_stage_order as s on s.stage = l.stage;

-- the status of every pair on a given day: its latest accepted report with as_of <= day (the newest
-- by as_of, then submission, then row). Each pair's newest key first, then its row: over a 9-million-row
-- national history several times faster than a window over every row, or an arg_max of whole rows.
create or replace macro status_on(day) as table
with newest as (
    select municipality_code, business_id, max((as_of, submission_id, row_number)) as k
    from status_reports
    where as_of <= day
    group by municipality_code, business_id
)
select r.*
from newest as n
join status_reports as r
    on r.municipality_code = n.municipality_code
    and r.business_id = n.business_id
    and r.as_of = n.k[1]
    and r.submission_id = n.k[2]
    and r.row_number = n.k[3];

-- every submission without its raw bytes (what every list and receipt reads)
create or replace view v_submissions as
select * exclude (raw, raw_kept)
from submissions;

-- the accepted history without the private notes: what public pages may read
-- (the list in double braces: every report column but the private ones, from the registry, schemas/fields.py,
-- expanded by etl/paths.py)
create or replace view v_status_history as
select submission_id, row_number, {{ public_status_columns }}
from status_reports;

-- every municipality x business of the jurisdiction with its latest status, stage 'no_report' where
-- none has arrived yet; never the notes: what the public grid and municipality pages read
create or replace view v_status_grid as
select * replace (coalesce(stage, 'no_report') as stage)
from (
    select m.*, b.*, l.as_of, {{ l.public_status_fields }}
    from v_municipality_names as m
    cross join v_business_names as b
    left join latest_status as l using (municipality_code, business_id)
);
