-- Minimal schema for scripts/bench/pgbench-capacity.sh, run in the scratch database fulian_bench.
--
-- session, registration, waitlist_seq and seat are copied from
-- src/main/resources/db/migration/V2__events_and_registrations.sql (as of 2026-11-28, with
-- seat_free_idx on (session_id, pool, id)) with exactly two edits: the foreign keys to tables this
-- benchmark does not create are removed (session.event_id -> event, registration.member_id ->
-- member); the columns stay. The script compares these copies with V2 on every run and warns when
-- they drift apart.
--
-- session_counter is NOT part of the application: it is the naive alternative the benchmark
-- compares against (one counter row per session).

create table session (
    id                     bigint generated always as identity primary key,
    event_id               bigint      not null,
    starts_at              timestamptz not null,
    ends_at                timestamptz not null,
    mode                   varchar(12) not null check (mode in ('FIRST_COME', 'APPROVAL', 'LOTTERY')),
    capacity               integer     not null check (capacity >= 0),
    capacity_female        integer     check (capacity_female >= 0),
    capacity_male          integer     check (capacity_male >= 0),
    registration_opens_at  timestamptz,
    registration_closes_at timestamptz,
    cancel_deadline        timestamptz,
    offer_window_minutes   integer     check (offer_window_minutes > 0),
    lottery_seed_hash      varchar(64),
    lottery_seed           varchar(64),
    lottery_drawn_at       timestamptz,
    cancelled_at           timestamptz,
    version                integer     not null default 0,
    check (ends_at > starts_at),
    check ((capacity_female is null) = (capacity_male is null)),
    check (capacity_female is null or capacity = capacity_female + capacity_male)
);
create index session_event_idx on session (event_id);
create index session_starts_idx on session (starts_at);

create table registration (
    id               bigint generated always as identity primary key,
    session_id       bigint      not null references session (id),
    member_id        bigint      not null,
    pool             varchar(6)  not null default 'ANY' check (pool in ('ANY', 'FEMALE', 'MALE')),
    seats            smallint    not null default 1 check (seats between 1 and 10),
    status           varchar(12) not null check (status in
                         ('PENDING', 'APPLIED', 'CONFIRMED', 'OFFERED', 'WAITLISTED', 'REJECTED', 'CANCELLED')),
    waitlist_seq     bigint,
    offer_expires_at timestamptz,
    lottery_weight   double precision,
    lottery_rank     integer,
    answers          jsonb,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    version          integer     not null default 0
);
-- One active registration per member and session: a constraint, not only a check.
create unique index registration_active_uq on registration (session_id, member_id)
    where status not in ('CANCELLED', 'REJECTED');
create index registration_member_idx on registration (member_id);
create index registration_session_status_idx on registration (session_id, status);
create index registration_waitlist_idx on registration (session_id, pool, waitlist_seq)
    where status = 'WAITLISTED';
create sequence waitlist_seq;

-- The capacity guard: one row per seat. A seat is taken when registration_id is set; sign-ups
-- claim free seats with FOR UPDATE SKIP LOCKED, so concurrent sign-ups never wait on one row.
create table seat (
    id              bigint generated always as identity primary key,
    session_id      bigint     not null references session (id),
    pool            varchar(6) not null check (pool in ('ANY', 'FEMALE', 'MALE')),
    registration_id bigint     references registration (id)
);
-- Free seats in id order: claims take the lowest free ids through this index, whatever plan a
-- reused prepared statement gets (a generic plan without ORDER BY was seen to scan the table).
create index seat_free_idx on seat (session_id, pool, id) where registration_id is null;
create index seat_registration_idx on seat (registration_id) where registration_id is not null;

-- Bench only: the naive guard, one counter row per session that every sign-up updates.
create table session_counter (
    session_id bigint  primary key references session (id),
    capacity   integer not null check (capacity >= 0),
    confirmed  integer not null default 0 check (confirmed >= 0)
);
