-- version 8: the admin log (who did what from the admin page or the command line, when) and the
-- settings the admin page can change (kept apart from the reference settings that `hyojunka init`
-- reloads from data/reference/settings.csv, so a value set by the CIO office survives an init)

create sequence if not exists admin_log_id_seq start 1;

create table if not exists admin_log (
    id bigint primary key,
    logged_at timestamptz not null,
    actor varchar not null,           -- the admin token's label (or token#N), or 'cli'
    action varchar not null,          -- token_issued, token_reissued, token_revoked, contacts_imported,
                                      -- reminders_sent, test_sent, settings_changed, digest_sent
    target varchar,                   -- a token (#N), a municipality code, a setting's key
    detail varchar
);

create table if not exists settings_set (
    key varchar primary key,
    value varchar not null,
    set_at timestamptz not null,
    set_by varchar
);
