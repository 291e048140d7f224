-- The difficulty register, second step (ADR 0025): the seed's dimensions, confirmation by the
-- street, households, visit frequency by risk, reviews. Existing entries count as confirmed.

alter table difficulty_entry drop constraint difficulty_entry_status_check;
alter table difficulty_entry alter column status type varchar(12);
alter table difficulty_entry add constraint difficulty_entry_status_check
  check (status in ('PROPOSED', 'ACTIVE', 'IMPROVING', 'EXITED', 'REJECTED'));

alter table difficulty_entry
  add column birth_year   smallint check (birth_year between 1900 and 2100),
  add column education    varchar(20) check (education in
    ('NONE', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL', 'COLLEGE',
     'UNIVERSITY')),
  add column income_band  varchar(20) check (income_band in
    ('NO_INCOME', 'SUBSISTENCE', 'LOW', 'LOWER_MIDDLE', 'MIDDLE_OR_ABOVE')),
  add column risk_level   varchar(10) not null default 'STANDARD'
    check (risk_level in ('STANDARD', 'MEDIUM', 'HIGH')),
  -- A child's entry points at her mother's: the household.
  add column household_id bigint references difficulty_entry (id),
  add column review_due   date,
  add column confirmed_by varchar(64),
  add column confirmed_at timestamptz,
  add constraint difficulty_entry_confirmed check ((confirmed_at is null) = (confirmed_by is null)),
  add constraint difficulty_entry_household check (household_id is null or kind = 'CHILD');

update difficulty_entry set confirmed_by = registered_by, confirmed_at = registered_at;

create index difficulty_entry_household on difficulty_entry (household_id)
  where household_id is not null;
create index difficulty_entry_due on difficulty_entry (least(next_visit_due, review_due))
  where status in ('ACTIVE', 'IMPROVING');

-- Proposed changes to the register and their decisions (as OpenSPP's change requests): a
-- community proposes, a supervisor seated at its street or the district confirms or rejects, never
-- her own. The facts proposed are in clear (no names: those stay sealed on the entry).
create table difficulty_change (
  id           bigint generated always as identity primary key,
  entry_id     bigint not null references difficulty_entry (id),
  kind         varchar(10) not null check (kind in ('REGISTER', 'UPDATE', 'EXIT')),
  proposed     jsonb not null,
  proposed_by  varchar(64) not null,
  proposed_at  timestamptz not null default now(),
  decision     varchar(10) check (decision in ('CONFIRMED', 'REJECTED')),
  decided_by   varchar(64),
  decided_at   timestamptz,
  reason       varchar(300),
  check ((decision is null) = (decided_by is null) and (decision is null) = (decided_at is null)),
  check (decided_by is null or decided_by <> proposed_by),
  check (decision is distinct from 'REJECTED' or reason is not null)
);
create unique index difficulty_change_open on difficulty_change (entry_id) where decision is null;
create index difficulty_change_entry on difficulty_change (entry_id, id);
