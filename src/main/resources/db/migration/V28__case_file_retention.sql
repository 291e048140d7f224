-- Retention of case files (ADR 0026): a closed case is erased with its timeline, approvals,
-- referrals, orders, mediation, emergency accesses and requests 10 years after closure. The
-- timeline stays append-only for everything else: a DELETE passes only in a transaction that has
-- switched case purge on, and only for a case closed at least five years ago.

create or replace function help_case_entry_append_only() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'UPDATE' and coalesce(current_setting('fulian.reencrypt', true), '') = 'on'
       and (new.id, new.case_id, new.at, new.actor, new.kind, new.from_status, new.to_status,
            new.due_at, new.detail::text)
           is not distinct from
           (old.id, old.case_id, old.at, old.actor, old.kind, old.from_status, old.to_status,
            old.due_at, old.detail::text) then
        return new;
    end if;
    if tg_op = 'DELETE' and coalesce(current_setting('fulian.case_purge', true), '') = 'on'
       and exists (select 1 from help_case k where k.id = old.case_id and k.status = 'CLOSED'
                   and k.closed_at < now() - interval '5 years') then
        return old;
    end if;
    raise exception 'help_case_entry is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create index help_case_closed on help_case (closed_at) where status = 'CLOSED';
create index difficulty_entry_exited on difficulty_entry (exited_at) where status = 'EXITED';
