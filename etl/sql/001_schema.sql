-- version 1: reference data, submissions with their raw bytes and findings, append-only status rows
create table if not exists prefectures (
    prefecture_code varchar primary key,
    name_ja varchar not null,
    name_en varchar not null
);

create table if not exists municipalities (
    code varchar primary key,
    name_ja varchar not null,
    name_kana varchar,
    name_en varchar,
    kind varchar,
    kind_ja varchar,
    region varchar,
    region_ja varchar,
    prefecture_code varchar not null
);

create table if not exists businesses (
    business_id varchar primary key,
    display_order integer not null,
    name_ja varchar not null,
    name_en varchar not null,
    ministry_ja varchar,
    ministry_en varchar
);

create sequence if not exists submission_id_seq start 1;

create table if not exists submissions (
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
    outcome varchar not null,         -- accepted, rejected, duplicate
    duplicate_of bigint,
    n_rows integer not null,
    n_errors integer not null,
    n_warnings integer not null
);

create table if not exists findings (
    submission_id bigint not null,
    row_number integer,
    column_name varchar,
    code varchar not null,
    value varchar,
    message_ja varchar not null,
    message_en varchar not null,
    severity varchar not null         -- error, warning
);

-- every accepted row, never updated
create table if not exists status_reports (
    submission_id bigint not null,
    row_number integer not null,
    municipality_code varchar not null,
    business_id varchar not null,
    as_of date not null,
    stage varchar not null,
    target_date date,
    go_live_date date,
    gov_cloud varchar not null,
    special_support boolean not null,
    special_support_reason tinyint,
    pmo_progress double,
    vendor varchar,
    notes varchar
);

-- derived: the newest accepted report of each pair, kept in step inside each submission's
-- transaction so that "latest status" never scans the whole history
create table if not exists latest_status (
    municipality_code varchar not null,
    business_id varchar not null,
    submission_id bigint not null,
    row_number integer not null,
    as_of date not null,
    stage varchar not null,
    target_date date,
    go_live_date date,
    gov_cloud varchar not null,
    special_support boolean not null,
    special_support_reason tinyint,
    pmo_progress double,
    vendor varchar,
    notes varchar,
    primary key (municipality_code, business_id)
);

create sequence if not exists token_id_seq start 1;

create table if not exists tokens (
    id bigint primary key,
    role varchar not null,            -- municipality, admin
    municipality_code varchar,
    token_hash varchar not null unique,
    label varchar,
    created_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz
);
