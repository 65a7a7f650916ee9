-- version 6: lasting sign-in sessions, the sign-in throttle per client, municipal contacts and reminders

create sequence if not exists session_id_seq start 1;

-- a signed-in browser: only the sha256 of its random session id is kept, never the id itself; the
-- one-time hand-over code that turns into the cookie is kept the same way, for a minute at most
create table if not exists sessions (
    id bigint primary key,
    token_id bigint not null,
    sid_hash varchar,                 -- sha256 of the cookie's session id, null until handed over
    grant_hash varchar,               -- sha256 of the one-time hand-over code, null once used
    grant_expires_at timestamptz,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    ended_at timestamptz              -- sign-out
);

-- failed sign-ins per client (the sha256 of the address the server sees), for the back-off
create table if not exists signin_failures (
    client_hash varchar primary key,
    failures integer not null,
    last_failure_at timestamptz not null,
    wait_until timestamptz not null
);

-- who to remind at each municipality (private: admin only)
create table if not exists contacts (
    municipality_code varchar not null,
    email varchar not null,
    person varchar,
    department varchar,
    updated_at timestamptz not null,
    primary key (municipality_code, email)
);

create sequence if not exists reminder_id_seq start 1;

-- every reminder sent (or tried): to whom, about which last report, and what the mail server said
create table if not exists reminders (
    id bigint primary key,
    sent_at timestamptz not null,
    municipality_code varchar not null,
    email varchar not null,
    last_report date,
    silent_days integer not null,
    subject varchar not null,
    outcome varchar not null,         -- sent, failed
    error varchar,
    sent_by varchar
);
