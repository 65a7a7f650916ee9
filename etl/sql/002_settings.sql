-- version 2: dated reference settings (the national deadline), loaded from data/reference/settings.csv
create table if not exists settings (
    key varchar primary key,
    value varchar not null,
    description_ja varchar,
    description_en varchar
);
