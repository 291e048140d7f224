-- The audit log (issue 6, PIPL "privacy by design"): every cadre or admin read or export of a
-- member's personal data, every admin write and every refused request: who, what, which record,
-- when, from where, allowed or refused. Written by AuditLog with the reactive SQL client, outside
-- the business transaction (docs/adr/0011-audit-log-outside-the-transaction.md).
create table audit_log (
    id            bigint generated always as identity primary key,
    at            timestamptz  not null default now(),
    -- Keycloak subject of the caller; null for an anonymous caller (a request with a bad token).
    actor_subject varchar(64),
    actor_roles   varchar(200),
    action        varchar(64)  not null,
    target_type   varchar(64),
    target_id     varchar(200),
    -- The member whose data it is, when it is one member. No foreign key: the record outlives the
    -- member (deleting a member must not delete who saw her data).
    member_id     bigint,
    outcome       varchar(8)   not null check (outcome in ('ALLOWED', 'REFUSED')),
    -- method, path, status, rows, fields revealed (e.g. ["phone"]), memberIds of a list read.
    detail        jsonb,
    ip            varchar(64),
    request_id    varchar(100)
);
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_actor_idx on audit_log (actor_subject, at desc);
create index audit_log_member_idx on audit_log (member_id, at desc) where member_id is not null;
create index audit_log_action_idx on audit_log (action, at desc);
-- "Whose data was in this list?": the member ids revealed by a list read or an export.
create index audit_log_detail_members_idx on audit_log
    using gin ((detail -> 'memberIds') jsonb_path_ops);

-- Append-only, in the database too: UPDATE, DELETE and TRUNCATE are refused, whoever asks.
-- The one exception is the retention purge: a transaction that has run
--     set local fulian.audit_purge = 'on';
-- may DELETE rows older than one year (the purge job chooses its own, longer, retention);
-- a younger row is refused even then. `set local` ends with the transaction, so the switch
-- cannot leak into a pooled connection.
create function audit_log_append_only() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'DELETE' then
        if coalesce(current_setting('fulian.audit_purge', true), '') = 'on' then
            if old.at < now() - interval '1 year' then
                return old;
            end if;
        end if;
    end if;
    raise exception 'audit_log is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_append_only_rows
    before update or delete on audit_log
    for each row execute function audit_log_append_only();

create trigger audit_log_append_only_truncate
    before truncate on audit_log
    for each statement execute function audit_log_append_only();
