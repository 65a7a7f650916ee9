-- version 2: the official releases (the ministry's PMO workbook, the Digital Agency's list), kept
-- like submissions: raw bytes, sha256, kind, as-of month, URL, outcome, findings; rows append-only
create sequence if not exists official_release_id_seq start 1;

create table if not exists official_releases (
    id bigint primary key,
    received_at timestamptz not null,
    kind varchar,                     -- mic_progress, da_special_support; null when not recognised
    filename varchar,
    source_url varchar,
    as_of date,                       -- the first day of the month the release describes
    sha256 varchar not null,
    size_bytes bigint not null,
    raw blob not null,
    outcome varchar not null,         -- accepted, rejected, duplicate
    duplicate_of bigint,
    n_rows integer not null,
    n_outside integer not null,       -- rows of prefectures outside the jurisdiction
    n_errors integer not null,
    n_warnings integer not null
);

create table if not exists official_findings (
    release_id bigint not null,
    sheet varchar,
    row_number integer,
    column_name varchar,
    cell varchar,
    code varchar not null,
    value varchar,
    message_ja varchar not null,
    message_en varchar not null,
    severity varchar not null
);

-- the ministry's completion rate of each municipality (all businesses) and of each business
create table if not exists official_totals (
    release_id bigint not null,
    as_of date not null,
    municipality_code varchar not null,
    rate double not null
);

create table if not exists official_rates (
    release_id bigint not null,
    as_of date not null,
    municipality_code varchar not null,
    business_id varchar not null,
    rate double not null
);

create table if not exists official_step_names (
    release_id bigint not null,
    step_no smallint not null,
    step_name varchar not null
);

create table if not exists official_steps (
    release_id bigint not null,
    as_of date not null,
    municipality_code varchar not null,
    business_id varchar not null,
    step_no smallint not null,
    status varchar not null           -- done, in_progress, not_started, not_applicable
);

-- the Digital Agency's list: marked true for ●, false for empty, null where the mark was unreadable
create table if not exists official_marks (
    release_id bigint not null,
    as_of date not null,
    municipality_code varchar not null,
    business_id varchar not null,     -- one of the 20, or common_function
    marked boolean
);

-- dated national headline figures, appended per file; the newest load of a figure and day wins
create table if not exists national_figures (
    loaded_at timestamptz not null,
    file_sha256 varchar not null,
    as_of date not null,
    figure varchar not null,
    value double not null,
    denominator double,
    source varchar not null,
    url varchar
);
