-- The residents' feed is cached in Redis under this version. Every change to an event bumps it in
-- its own transaction, so the new version becomes visible exactly when the change commits: a feed
-- read before the commit caches the old state under the old version, which nobody reads afterwards.
create table event_feed_version (
  id smallint primary key check (id = 1),
  version bigint not null
);
insert into event_feed_version (id, version) values (1, 0);
