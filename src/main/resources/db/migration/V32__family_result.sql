-- The 最美家庭 search's result (issue 22, ADR 0032): the jury's scores of each finalist, the
-- weighted result published with the vote's integrity summary, and the honours a family receives:
-- the district's award when the search closes, and those of the city, the province, the nation.
create table family_jury_score (
    nomination_id  bigint       not null references family_nomination (id),
    juror          varchar(30)  not null,
    score          integer      not null check (score between 0 and 100),
    recorded_by    varchar(64)  not null,
    recorded_at    timestamptz  not null default now(),
    primary key (nomination_id, juror)
);

create table family_honour (
    id             bigint generated always as identity primary key,
    nomination_id  bigint       not null references family_nomination (id),
    level          varchar(10)  not null check (level in ('DISTRICT', 'CITY', 'PROVINCE', 'NATIONAL')),
    title          varchar(100) not null,
    year           integer      not null check (year between 2000 and 2100),
    recorded_by    varchar(64)  not null,
    recorded_at    timestamptz  not null default now(),
    unique (nomination_id, level, title)
);
