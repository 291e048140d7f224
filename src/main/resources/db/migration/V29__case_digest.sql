-- 以案释法: a supervisor's quarterly digest of resolved cases, de-identified, approved by another
-- supervisor before it can be exported (ADR 0027). The texts are stored de-identified (in clear);
-- the link to a case goes when the case file is erased, the digest stays.
create table case_digest (
  id           bigint generated always as identity primary key,
  org_unit_id  bigint not null references org_unit (id),
  quarter      varchar(7) not null check (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  title        varchar(100) not null,
  status       varchar(10) not null default 'DRAFT'
                 check (status in ('DRAFT', 'APPROVED', 'REJECTED')),
  created_by   varchar(64) not null,
  created_at   timestamptz not null default now(),
  decided_by   varchar(64),
  decided_at   timestamptz,
  comment      varchar(500),
  check ((status = 'DRAFT') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  check (decided_by is null or decided_by <> created_by)
);
create index case_digest_unit on case_digest (org_unit_id, id desc);

create table case_digest_item (
  id         bigint generated always as identity primary key,
  digest_id  bigint not null references case_digest (id),
  case_id    bigint references help_case (id) on delete set null,
  position   int not null,
  summary    varchar(1000) not null,
  lesson     varchar(2000),
  unique (digest_id, position)
);
create index case_digest_item_case on case_digest_item (case_id) where case_id is not null;
