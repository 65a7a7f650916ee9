-- version 4: the vocabulary in the database, written by `hyojunka init` from schemas/vocabulary.py,
-- so that SQL carries codes and joins their labels instead of retyping them
create table if not exists labels (
    kind varchar not null,            -- stage, gov_cloud, special_support_reason, region, kind, track, ...
    code varchar not null,
    display_order integer not null,
    ja varchar not null,
    en varchar not null,
    primary key (kind, code)
);

-- named sets of codes the SQL asks about: under_way (the stages before live), resident_registry
create table if not exists code_sets (
    name varchar not null,
    code varchar not null,
    primary key (name, code)
);
