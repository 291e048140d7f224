-- Check-in, attendance and reminders (issue 4).

-- Keys that sign check-in codes (Ed25519). The newest active key signs; every key that is not
-- retired verifies, so codes issued before a rotation keep working until they expire.
create table checkin_key (
    kid         varchar(40) primary key,
    public_key  text        not null,
    private_key text        not null,
    created_at  timestamptz not null default now(),
    retired_at  timestamptz
);

-- Who came: one row per registration that was checked in.
create table attendance (
    id              bigint generated always as identity primary key,
    registration_id bigint      not null unique references registration (id),
    session_id      bigint      not null references session (id),
    member_id       bigint      not null references member (id),
    persons         smallint    not null check (persons between 1 and 10),
    method          varchar(10) not null check (method in ('SCAN', 'BATCH', 'SELF')),
    checked_in_by   varchar(64) not null,
    checked_in_at   timestamptz not null,
    recorded_at     timestamptz not null default now()
);
create index attendance_session_idx on attendance (session_id);
create index attendance_member_idx on attendance (member_id);

-- A venue code for self check-in: shown by a cadre, valid for a short window.
create table venue_code (
    id         bigint generated always as identity primary key,
    session_id bigint      not null references session (id),
    code       varchar(16) not null unique,
    valid_from timestamptz not null,
    valid_to   timestamptz not null,
    created_by varchar(64) not null,
    check (valid_to > valid_from)
);
create index venue_code_session_idx on venue_code (session_id);

-- Reminders before a session: which offsets (minutes) an event wants, and which were written.
alter table event add column reminder_offsets_minutes integer[] not null default '{1440,120}';
create table reminder_sent (
    registration_id bigint      not null references registration (id),
    offset_minutes  integer     not null,
    sent_at         timestamptz not null default now(),
    primary key (registration_id, offset_minutes)
);
