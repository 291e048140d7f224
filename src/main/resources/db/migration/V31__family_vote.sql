-- The public vote of the 最美家庭 search (issue 22, ADR 0031): one vote per person, candidate and
-- day, a daily allowance per person over all candidates, and what the integrity review needs.
-- The person is her WeChat identity where she has bound one (so two accounts bound in turn to one
-- WeChat user are one voter), else her account.
create table family_vote (
    id             bigint generated always as identity primary key,
    search_id      bigint       not null references family_search (id),
    nomination_id  bigint       not null references family_nomination (id),
    member_id      bigint       not null references member (id),
    voter_key      varchar(80)  not null,
    vote_day       date         not null,
    cast_at        timestamptz  not null default now(),
    -- The caller's network (an IPv4 /24, an IPv6 /64), not her address: enough to see bursts.
    network        varchar(64)  not null,
    device_id      varchar(64),
    -- Why the vote looks unusual: NEW_ACCOUNT (the account was made after nominations opened),
    -- NETWORK_BURST (many votes from one network within a minute); empty when nothing is odd.
    flags          varchar(100) not null default '',
    voided_at      timestamptz,
    voided_by      varchar(64),
    void_reason    varchar(300),
    check ((voided_at is null) = (voided_by is null)),
    check ((voided_at is null) = (void_reason is null)),
    unique (nomination_id, voter_key, vote_day)
);
create index family_vote_tally on family_vote (nomination_id) where voided_at is null;
create index family_vote_network on family_vote (search_id, network, cast_at);
create index family_vote_flagged on family_vote (search_id, id) where flags <> '';

-- Votes a person has cast on a day in a search, taken with one conditional upsert.
create table family_vote_allowance (
    search_id  bigint      not null references family_search (id),
    voter_key  varchar(80) not null,
    vote_day   date        not null,
    used       integer     not null check (used >= 0),
    primary key (search_id, voter_key, vote_day)
);
