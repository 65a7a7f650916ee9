-- version 9: the cost report (運用経費): every cost submission with its raw bytes and findings, the
-- accepted rows (append-only) and the joint arrangements the CIO office marks as formed
create sequence if not exists cost_submission_id_seq start 1;

create table if not exists cost_submissions (
    id bigint primary key,
    received_at timestamptz not null,
    source varchar not null,          -- form, csv, xlsx, json, demo
    filename varchar,
    submitter varchar,
    submitter_code varchar,           -- the municipality the submission was made as (--as, a token)
    municipality_code varchar,        -- the one municipality the rows speak of, null when several
    sha256 varchar not null,
    size_bytes bigint not null,
    raw blob not null,
    raw_kept boolean not null default true,
    outcome varchar not null,         -- accepted, rejected, duplicate
    duplicate_of bigint,
    n_rows integer not null,
    n_errors integer not null,
    n_warnings integer not null
);

create table if not exists cost_findings (
    submission_id bigint not null,
    row_number integer,
    column_name varchar,
    code varchar not null,
    value varchar,
    message_ja varchar not null,
    message_en varchar not null,
    severity varchar not null
);

-- every accepted row, never updated: yen as integers, a blank category as 0
create table if not exists cost_reports (
    submission_id bigint not null,
    row_number integer not null,
    municipality_code varchar not null,
    business_id varchar not null,
    fiscal_year smallint not null,
    kind varchar not null,            -- actual, budget, estimate
    ops_work bigint not null,
    hw_maint_work bigint not null,
    other_outsourcing bigint not null,
    hw_rental bigint not null,
    hw_maint_fee bigint not null,
    sw_rental bigint not null,
    sw_maint bigint not null,
    datacenter bigint not null,
    network bigint not null,
    cloud bigint not null,
    shared_cost_share bigint,
    contract_end date,
    vendor varchar,
    package varchar,
    note varchar                      -- private: the municipality and the CIO office only
);

create sequence if not exists arrangement_id_seq start 1;

-- a joint procurement formed: who takes part, from when, the base cost they share
create table if not exists joint_arrangements (
    id bigint primary key,
    name varchar not null,
    business_id varchar not null,
    vendor varchar,
    start_date date not null,
    base_cost bigint not null,        -- yen a year, shared by the members by their usage
    created_at timestamptz not null,
    created_by varchar
);

create table if not exists joint_members (
    arrangement_id bigint not null,
    municipality_code varchar not null,
    usage_share double not null       -- each one's share of the usage, 0-1; the shares add up to 1
);
