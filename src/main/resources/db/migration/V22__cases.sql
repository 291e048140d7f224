-- Rights protection, fifth step: cases (个案), ADR 0022. A request triaged as CASE opens a case (or
-- joins one of the same person); the case runs through states the server enforces, its plan and
-- its closure need a supervisor's approval (never her own), and everything done on it is an
-- append-only timeline.

create table help_case (
  id                bigint generated always as identity primary key,
  -- The unit handling it (a transfer changes it; the timeline keeps where it was).
  org_unit_id       bigint references org_unit (id),
  caseworker        varchar(64),
  status            varchar(20) not null default 'ASSESSMENT',
  -- What waits for a supervisor's decision, if anything.
  pending           varchar(20),
  category_code     varchar(40) not null references help_category (code),
  domestic_violence boolean not null,
  concerns_minor    boolean not null,
  risk_level        varchar(10) not null,
  resolution        varchar(30),
  resolved_at       timestamptz,
  follow_up_due     timestamptz,
  opened_by         varchar(64) not null,
  opened_at         timestamptz not null default now(),
  closed_at         timestamptz,
  version           int not null default 0,
  constraint help_case_status check (
    status in ('ASSESSMENT', 'CASE_PLAN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
  constraint help_case_pending check (pending is null or pending in ('CASE_PLAN', 'CLOSURE')),
  constraint help_case_risk check (risk_level in ('STANDARD', 'MEDIUM', 'HIGH')),
  constraint help_case_resolution check (
    (status in ('RESOLVED', 'CLOSED')) = (resolution is not null)
    and (resolution is null or resolution in
      ('SAFE_AND_SUPPORTED', 'DISPUTE_SETTLED', 'REFERRED_ON', 'WITHDRAWN', 'LOST_CONTACT'))),
  constraint help_case_closed check ((status = 'CLOSED') = (closed_at is not null))
);
create index help_case_unit on help_case (org_unit_id, id desc);
create index help_case_caseworker on help_case (caseworker) where caseworker is not null;
create index help_case_follow_up on help_case (follow_up_due) where status = 'RESOLVED';

-- The requests of a case (several intakes of one person, linked through the blind index).
alter table help_request add column case_id bigint references help_case (id);
create index help_request_case on help_request (case_id) where case_id is not null;

-- Requests to approve a case plan or a closure, and their decisions: who asked, who decided, the
-- comment. Nobody decides her own request (checked here too).
create table help_case_approval (
  id            bigint generated always as identity primary key,
  case_id       bigint not null references help_case (id),
  kind          varchar(20) not null check (kind in ('CASE_PLAN', 'CLOSURE')),
  text_sealed   text not null,
  requested_by  varchar(64) not null,
  requested_at  timestamptz not null default now(),
  decision      varchar(10) check (decision in ('APPROVED', 'REJECTED')),
  comment_sealed text,
  decided_by    varchar(64),
  decided_at    timestamptz,
  check ((decision is null) = (decided_by is null) and (decision is null) = (decided_at is null)),
  check (decided_by is null or decided_by <> requested_by)
);
create unique index help_case_approval_open on help_case_approval (case_id) where decision is null;

-- The timeline: contacts, counselling, safety plans, follow-ups, notes, and every move of the
-- case. Append-only: the database refuses UPDATE, DELETE and TRUNCATE.
create table help_case_entry (
  id          bigint generated always as identity primary key,
  case_id     bigint not null references help_case (id),
  at          timestamptz not null default now(),
  actor       varchar(64) not null,
  kind        varchar(30) not null check (kind in (
    'OPENED', 'REQUEST_LINKED', 'CONTACT', 'COUNSELLING', 'SAFETY_PLAN', 'FOLLOW_UP', 'NOTE',
    'APPROVAL_REQUESTED', 'APPROVED', 'REJECTED', 'RESOLVED', 'CLOSED', 'REOPENED',
    'TRANSFERRED', 'ASSIGNED', 'REFERRAL_SENT', 'REFERRAL_ANSWERED', 'REFERRAL_DONE',
    'REFERRAL_REVOKED', 'ORDER_RECORDED', 'ORDER_DECIDED', 'ORDER_VIOLATION', 'MEDIATION_STARTED',
    'MEDIATION_SESSION', 'MEDIATION_ENDED')),
  from_status varchar(20),
  to_status   varchar(20),
  note_sealed text,
  due_at      timestamptz,
  -- Small facts in clear (units of a transfer, the approval id): never her words.
  detail      jsonb
);
create index help_case_entry_case on help_case_entry (case_id, id);

-- The one exception: the field re-encryption job (ADR 0012) rewrites a sealed note under the new
-- key in a transaction that has set fulian.reencrypt, changing nothing else.
create function help_case_entry_append_only() returns trigger
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
    raise exception 'help_case_entry is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger help_case_entry_append_only_rows
    before update or delete on help_case_entry
    for each row execute function help_case_entry_append_only();
create trigger help_case_entry_append_only_truncate
    before truncate on help_case_entry
    for each statement execute function help_case_entry_append_only();
