-- The services directory (issue 6): women-and-children's homes, parent schools, mother-and-baby
-- rooms, the 12338 rights hotline, legal-aid and counselling points, each owned by an org unit.
-- Coordinates are WGS-84; a point has both or neither (a hotline has none). Deactivation is a soft
-- delete (active = false). seed_key is set only on rows from seeds/service-points.csv
-- ("unit code|kind|name_zh" of the file), so renaming a seeded point does not bring it back.
create table service_point (
    id            bigint generated always as identity primary key,
    unit_id       bigint       not null references org_unit (id),
    kind          varchar(30)  not null check (kind in ('WOMEN_CHILDREN_HOME', 'PARENT_SCHOOL',
                      'MOTHER_BABY_ROOM', 'RIGHTS_HOTLINE', 'LEGAL_AID', 'COUNSELLING')),
    name_zh       varchar(100) not null,
    name_en       varchar(200),
    address       varchar(200),
    opening_hours varchar(200),
    phone         varchar(20)  check (phone ~ '^[0-9][0-9-]*$'),
    lat           double precision check (lat between -90 and 90),
    lng           double precision check (lng between -180 and 180),
    tags          varchar(20)[] not null default '{}',
    placeholder   boolean      not null default false,
    active        boolean      not null default true,
    seed_key      varchar(200) unique,
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now(),
    version       integer      not null default 0,
    check ((lat is null) = (lng is null))
);
-- The nearby search: a bounding box on (lat, lng) first, the exact distance on what remains.
create index service_point_lat_lng_idx on service_point (lat, lng) where active;
create index service_point_unit_idx on service_point (unit_id);
-- One active point of a kind with a given name per unit.
create unique index service_point_name_uq on service_point (unit_id, kind, name_zh) where active;
