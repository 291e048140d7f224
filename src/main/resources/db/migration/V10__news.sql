-- News from the federation (通知公告, 政策解读, 以案释法, 活动回顾): a unit's cadres write articles;
-- members read the published articles of the units they belong to (home unit and the units above
-- it) or follow. A withdrawn article is final: it is kept with its reads, never shown again.
create table news_article (
    id              bigint generated always as identity primary key,
    unit_id         bigint         not null references org_unit (id),
    category        varchar(20)    not null check (category in ('NOTICE', 'POLICY', 'CASE_STUDY', 'ACTIVITY_REVIEW')),
    title           varchar(100)   not null,
    summary         varchar(300),
    body            varchar(20000) not null,
    cover_image_url varchar(500)   check (cover_image_url like 'https://%'),
    status          varchar(12)    not null check (status in ('DRAFT', 'PUBLISHED', 'WITHDRAWN')),
    created_by      varchar(64)    not null,
    created_at      timestamptz    not null default now(),
    updated_at      timestamptz    not null default now(),
    published_at    timestamptz,
    withdrawn_at    timestamptz,
    -- Distinct members who read the published article (cadres' own reads are not counted).
    read_count      bigint         not null default 0 check (read_count >= 0),
    version         integer        not null default 0,
    check ((status = 'DRAFT') = (published_at is null)),
    check ((status = 'WITHDRAWN') = (withdrawn_at is not null))
);
-- The members' feed and the cadres' list: a unit's articles by status, newest first.
create index news_article_feed_idx on news_article (unit_id, status, published_at desc);

-- One row per member and article: a member's reads count once (insert ... on conflict do nothing).
create table news_read (
    article_id bigint      not null references news_article (id),
    member_id  bigint      not null references member (id),
    read_at    timestamptz not null default now(),
    primary key (article_id, member_id)
);
create index news_read_member_idx on news_read (member_id);
