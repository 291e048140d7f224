-- Account deletions whose Keycloak login is still to be disabled (issue 17, 3). The erasure of
-- the member's data commits first and records this step in the same transaction; the service
-- then disables the login at once and, when Keycloak cannot be reached, AccountDeletionJob retries
-- until it confirms. The row goes when the login is disabled. subject is Keycloak's opaque user
-- id (not personal data by itself), kept only until then.
create table account_deletion (
    subject         varchar(64)  primary key,
    requested_at    timestamptz  not null default now(),
    attempts        int          not null default 0,
    next_attempt_at timestamptz  not null,
    last_error      varchar(200)
);
create index account_deletion_due_idx on account_deletion (next_attempt_at);
