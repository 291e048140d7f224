-- Break glass (ADR 0022): a team member outside a case's reach may read it for a few hours when
-- she gives a reason; the supervisors who reach it are paged, and the grant is kept.
create table case_emergency_access (
  id            bigint generated always as identity primary key,
  case_id       bigint not null references help_case (id),
  subject       varchar(64) not null,
  reason_sealed text not null,
  granted_at    timestamptz not null default now(),
  expires_at    timestamptz not null,
  check (expires_at > granted_at)
);
create index case_emergency_access_lookup on case_emergency_access (case_id, subject, expires_at);
