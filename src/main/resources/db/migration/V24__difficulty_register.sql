-- Rights protection, eighth step (ADR 0024): the dynamic register of women and children in
-- difficulty (困难妇女儿童动态台账, 700+ in the district) and the visits to them (120 single-parent
-- women and 160 children visited in 2019). Who she is lives in sealed columns only; the facts
-- counted (kind, situations, unit, status) stay in clear.

create table difficulty_entry (
  id                bigint generated always as identity primary key,
  org_unit_id       bigint not null references org_unit (id),
  caseworker        varchar(64),
  kind              varchar(10) not null check (kind in ('WOMAN', 'CHILD')),
  situations        varchar(30)[] not null,
  name_sealed       text not null,
  phone_sealed      text,
  id_number_sealed  text,
  address_sealed    text,
  notes_sealed      text,
  phone_blind       char(64),
  id_number_blind   char(64),
  case_id           bigint references help_case (id),
  status            varchar(10) not null default 'ACTIVE' check (status in ('ACTIVE', 'EXITED')),
  exit_reason       varchar(30) check (exit_reason in
                      ('SITUATION_IMPROVED', 'MOVED_AWAY', 'AGED_OUT', 'DECEASED', 'DECLINED')),
  next_visit_due    date,
  registered_by     varchar(64) not null,
  registered_at     timestamptz not null default now(),
  exited_at         timestamptz,
  version           int not null default 0,
  check ((status = 'EXITED') = (exit_reason is not null) and (status = 'EXITED') = (exited_at is not null)),
  check (cardinality(situations) between 1 and 8)
);
create index difficulty_entry_unit on difficulty_entry (org_unit_id, id desc);
create index difficulty_entry_caseworker on difficulty_entry (caseworker) where caseworker is not null;
create index difficulty_entry_phone_blind on difficulty_entry (phone_blind) where phone_blind is not null;
create index difficulty_entry_id_blind on difficulty_entry (id_number_blind)
  where id_number_blind is not null;

create table difficulty_visit (
  id            bigint generated always as identity primary key,
  entry_id      bigint not null references difficulty_entry (id),
  visited_on    date not null,
  visitor       varchar(64) not null,
  mode          varchar(10) not null check (mode in ('HOME', 'PHONE', 'OFFICE')),
  support       varchar(20)[] not null default '{}',
  needs_sealed  text,
  recorded_at   timestamptz not null default now()
);
create index difficulty_visit_entry on difficulty_visit (entry_id, visited_on);
create index difficulty_visit_on on difficulty_visit (visited_on);
