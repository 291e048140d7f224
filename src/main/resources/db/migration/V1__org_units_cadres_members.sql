-- The organisation tree ("1+10+95+N"): district, streets, communities, women's groups, "two new" orgs.
-- path is the materialised path of ids ("/1/5/23/"): a unit's subtree is every path with its prefix.
create table org_unit (
    id          bigint generated always as identity primary key,
    code        varchar(40)  not null unique,
    parent_id   bigint       references org_unit (id),
    kind        varchar(20)  not null check (kind in ('DISTRICT', 'STREET', 'COMMUNITY', 'WOMENS_GROUP', 'TWO_NEW_ORG')),
    name_zh     varchar(100) not null,
    name_en     varchar(200),
    path        varchar(400) not null,
    placeholder boolean      not null default false,
    retired_at  timestamptz,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    version     integer      not null default 0,
    check ((kind = 'DISTRICT') = (parent_id is null))
);
create index org_unit_parent_idx on org_unit (parent_id);
create index org_unit_path_idx on org_unit (path varchar_pattern_ops);

-- Who may manage which part of the tree. A cadre's authority covers the unit's whole subtree.
create table cadre_assignment (
    id          bigint generated always as identity primary key,
    subject     varchar(64) not null,
    org_unit_id bigint      not null references org_unit (id),
    assigned_by varchar(64) not null,
    assigned_at timestamptz not null default now(),
    revoked_by  varchar(64),
    revoked_at  timestamptz,
    check ((revoked_at is null) = (revoked_by is null))
);
create unique index cadre_assignment_active_uq on cadre_assignment (subject, org_unit_id) where revoked_at is null;
create index cadre_assignment_unit_idx on cadre_assignment (org_unit_id);

-- A member is created from the token (sub) on the first call that needs one.
create table member (
    id           bigint generated always as identity primary key,
    subject      varchar(64)  not null unique,
    display_name varchar(50)  not null,
    home_unit_id bigint       references org_unit (id),
    phone        varchar(20),
    birth_year   smallint,
    gender       varchar(10)  check (gender in ('FEMALE', 'MALE')),
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now(),
    version      integer      not null default 0
);

-- Consent records (PIPL): per purpose, with the version of the text shown; withdrawal is kept.
create table consent (
    id           bigint generated always as identity primary key,
    member_id    bigint      not null references member (id),
    purpose      varchar(40) not null,
    text_version varchar(20) not null,
    granted_at   timestamptz not null default now(),
    withdrawn_at timestamptz
);
create unique index consent_active_uq on consent (member_id, purpose) where withdrawn_at is null;
create index consent_member_idx on consent (member_id);
