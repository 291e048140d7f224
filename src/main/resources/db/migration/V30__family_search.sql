-- 寻找最美家庭: the yearly search for "most beautiful families" (issue 22, ADR 0030). A search has
-- phases with dates the server enforces: nomination → review → public notice (公示) → public vote
-- → objection period → award. Families are nominated by themselves, by a federation unit or by an
-- employer or organisation (两新组织); the review climbs the tree, each level within its quota.
create table family_search (
    id                   bigint generated always as identity primary key,
    year                 integer      not null unique check (year between 2000 and 2100),
    title                varchar(100) not null,
    nominations_open_at  timestamptz  not null,
    nominations_close_at timestamptz  not null,
    review_close_at      timestamptz  not null,
    notice_close_at      timestamptz  not null,
    voting_open_at       timestamptz  not null,
    voting_close_at      timestamptz  not null,
    objections_close_at  timestamptz  not null,
    -- Families a community may forward to its street, a street to the district, and the district's
    -- finalists (the candidates of the notice and the vote).
    community_quota      integer      not null check (community_quota between 1 and 100),
    street_quota         integer      not null check (street_quota between 1 and 100),
    finalists            integer      not null check (finalists between 1 and 200),
    -- The published weighting of the final tally: jury_weight % jury, the rest the public vote.
    jury_weight          integer      not null check (jury_weight between 0 and 100),
    -- Votes a member may cast a day over all candidates (one per candidate a day).
    daily_votes          integer      not null check (daily_votes between 1 and 50),
    created_by           varchar(64)  not null,
    created_at           timestamptz  not null default now(),
    check (nominations_open_at < nominations_close_at),
    check (nominations_close_at <= review_close_at),
    check (review_close_at <= notice_close_at),
    check (notice_close_at <= voting_open_at),
    check (voting_open_at < voting_close_at),
    check (voting_close_at <= objections_close_at)
);

create table family_nomination (
    id                 bigint generated always as identity primary key,
    search_id          bigint        not null references family_search (id),
    family_name        varchar(60)   not null,
    story              varchar(5000) not null,
    -- Where the family lives: a community or a unit below it.
    home_unit_id       bigint        not null references org_unit (id),
    nominated_by       varchar(20)   not null check (nominated_by in ('SELF', 'UNIT', 'ORGANISATION')),
    nominator_subject  varchar(64)   not null,
    nominator_unit_id  bigint        references org_unit (id),
    nominator_org      varchar(100),
    -- The level whose review it waits for; FINALIST once the district picked it.
    level              varchar(20)   not null default 'COMMUNITY'
                       check (level in ('COMMUNITY', 'STREET', 'DISTRICT')),
    status             varchar(20)   not null default 'IN_REVIEW'
                       check (status in ('IN_REVIEW', 'DECLINED', 'FINALIST')),
    created_at         timestamptz   not null default now(),
    updated_at         timestamptz   not null default now(),
    version            integer       not null default 0,
    check ((nominated_by = 'UNIT') = (nominator_unit_id is not null)),
    check ((nominated_by = 'ORGANISATION') = (nominator_org is not null))
);
create index family_nomination_search on family_nomination (search_id, status, level);
create index family_nomination_unit on family_nomination (home_unit_id);

-- The family's photos (https links, never fetched by the server), in the nominator's order.
create table family_photo (
    nomination_id  bigint       not null references family_nomination (id),
    position       smallint     not null check (position between 0 and 8),
    url            varchar(500) not null check (url like 'https://%'),
    primary key (nomination_id, position)
);

-- The family's members as the nomination presents them. Nothing of a member is published before
-- her consent is recorded; a minor's name and photo only with her guardian's consent.
create table family_member (
    id             bigint generated always as identity primary key,
    nomination_id  bigint      not null references family_nomination (id),
    name           varchar(30) not null,
    relation       varchar(20) not null,
    minor          boolean     not null,
    consent_at     timestamptz,
    consent_by     varchar(64),
    guardian_name  varchar(30),
    check ((consent_at is null) = (consent_by is null)),
    check (not minor or consent_at is null or guardian_name is not null)
);
create index family_member_nomination on family_member (nomination_id);

-- Each level's decision with its reason: the review's record.
create table family_review (
    id             bigint generated always as identity primary key,
    nomination_id  bigint       not null references family_nomination (id),
    level          varchar(20)  not null check (level in ('COMMUNITY', 'STREET', 'DISTRICT')),
    unit_id        bigint       not null references org_unit (id),
    decision       varchar(10)  not null check (decision in ('FORWARD', 'DECLINE')),
    reason         varchar(500) not null,
    decided_by     varchar(64)  not null,
    decided_at     timestamptz  not null default now(),
    unique (nomination_id, level)
);

-- How much of its quota a unit has used in a search: taken with one conditional update, so two
-- cadres forwarding at once never pass the quota.
create table family_quota_use (
    search_id  bigint  not null references family_search (id),
    unit_id    bigint  not null references org_unit (id),
    used       integer not null default 0 check (used >= 0),
    primary key (search_id, unit_id)
);
