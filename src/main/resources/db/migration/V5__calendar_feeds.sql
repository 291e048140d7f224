-- Calendar feeds (RFC 5545): one private feed URL per member, so that phone calendars can
-- subscribe without logging in. Only the SHA-256 of the secret token is stored (hex); the token
-- itself is shown once, when the feed is created. Creating it again replaces (rotates) the token;
-- deleting the row revokes the feed.
create table calendar_feed (
    member_id    bigint      primary key references member (id),
    token_hash   varchar(64) not null unique,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz
);
