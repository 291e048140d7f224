-- Events and sign-up (issue 3). PostgreSQL is the truth for every seat; see
-- docs/adr/0006-capacity-guard-seat-rows.md for why seats are rows.

-- What eligibility needs of a member beyond V1: marital status (matchmaking only, with consent)
-- and the family record (children for parent-child events, with the guardian's consent).
alter table member add column marital_status varchar(10)
    check (marital_status in ('SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED'));

create table dependant (
    id                  bigint generated always as identity primary key,
    member_id           bigint      not null references member (id),
    relation            varchar(10) not null check (relation in ('CHILD', 'SPOUSE')),
    name                varchar(50) not null,
    birth_year          smallint    not null,
    gender              varchar(10) check (gender in ('FEMALE', 'MALE')),
    guardian_consent_at timestamptz,
    created_at          timestamptz not null default now(),
    removed_at          timestamptz
);
create index dependant_member_idx on dependant (member_id) where removed_at is null;

create table event (
    id                       bigint generated always as identity primary key,
    owner_unit_id            bigint        not null references org_unit (id),
    kind                     varchar(30)   not null,
    course_category          varchar(30),
    title                    varchar(60)   not null,
    description              varchar(5000) not null,
    venue_address            varchar(200),
    venue_lat                double precision check (venue_lat between -90 and 90),
    venue_lng                double precision check (venue_lng between -180 and 180),
    cover_image_url          varchar(500),
    status                   varchar(25)   not null,
    elig_gender              varchar(10),
    elig_min_age             smallint,
    elig_max_age             smallint,
    elig_marital_status      varchar(10),
    elig_residency           boolean       not null default false,
    elig_child_min_age       smallint,
    elig_child_max_age       smallint,
    elig_max_signups         integer,
    elig_period_days         integer,
    created_by               varchar(64)   not null,
    created_at               timestamptz   not null default now(),
    updated_at               timestamptz   not null default now(),
    published_at             timestamptz,
    version                  integer       not null default 0
);
create index event_owner_idx on event (owner_unit_id);
create index event_status_idx on event (status);

-- Which units' residents may see and join an event (each unit with its subtree).
create table event_audience (
    event_id    bigint not null references event (id) on delete cascade,
    org_unit_id bigint not null references org_unit (id),
    primary key (event_id, org_unit_id)
);

create table event_question (
    id         bigint generated always as identity primary key,
    event_id   bigint       not null references event (id) on delete cascade,
    position   smallint     not null,
    type       varchar(10)  not null check (type in ('TEXT', 'SINGLE', 'MULTIPLE', 'NUMBER')),
    label      varchar(200) not null,
    required   boolean      not null default false,
    options    jsonb,
    min_value  double precision,
    max_value  double precision,
    max_length integer,
    unique (event_id, position)
);

create table event_status_change (
    id          bigint generated always as identity primary key,
    event_id    bigint      not null references event (id),
    from_status varchar(25),
    to_status   varchar(25) not null,
    actor       varchar(64) not null,
    reason      varchar(500),
    at          timestamptz not null default now()
);
create index event_status_change_event_idx on event_status_change (event_id);

create table session (
    id                     bigint generated always as identity primary key,
    event_id               bigint      not null references event (id),
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
    member_id        bigint      not null references member (id),
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

create table registration_dependant (
    registration_id bigint not null references registration (id),
    dependant_id    bigint not null references dependant (id),
    primary key (registration_id, dependant_id)
);

-- Every status change of a registration: who, when, why.
create table registration_status_change (
    id              bigint generated always as identity primary key,
    registration_id bigint      not null references registration (id),
    from_status     varchar(12),
    to_status       varchar(12) not null,
    actor           varchar(64) not null,
    reason          varchar(500),
    at              timestamptz not null default now()
);
create index registration_status_change_reg_idx on registration_status_change (registration_id);

-- Idempotency-Key: a retried or double-tapped request returns the first result.
create table idempotency_record (
    member_id    bigint       not null references member (id),
    key          varchar(100) not null,
    request_hash varchar(64)  not null,
    status       integer,
    body         text,
    created_at   timestamptz  not null default now(),
    primary key (member_id, key)
);

-- Domain events for the people concerned, written in the same transaction as the change;
-- the notifications issue delivers them.
create table outbox (
    id             bigint generated always as identity primary key,
    aggregate_type varchar(30) not null,
    aggregate_id   bigint      not null,
    type           varchar(40) not null,
    member_id      bigint      references member (id),
    payload        jsonb       not null,
    created_at     timestamptz not null default now(),
    published_at   timestamptz
);
create index outbox_unpublished_idx on outbox (id) where published_at is null;
