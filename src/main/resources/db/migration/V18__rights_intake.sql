-- Rights protection (维权), first step: help requests from residents (signed in or anonymous) and
-- the categories they are filed under (ADR 0020). Sealed columns hold AES-GCM text (ADR 0012).

create table help_category (
  code        varchar(40) primary key,
  name_zh     varchar(60) not null,
  name_en     varchar(80) not null,
  -- The annual report's heading the category is counted under.
  report_group varchar(40) not null,
  sort_order  int not null default 0,
  active      boolean not null default true
);

insert into help_category (code, name_zh, name_en, report_group, sort_order) values
  ('MARRIAGE_FAMILY', '婚姻家庭纠纷', 'Marriage and family disputes', 'FAMILY', 10),
  ('PERSONAL_RIGHTS', '人身权益', 'Personal rights', 'PERSONAL', 20),
  ('LABOUR', '劳动和社会保障', 'Labour and social security', 'LABOUR', 30),
  ('PROPERTY', '财产权益', 'Property', 'OTHER', 40),
  ('CUSTODY', '子女抚养与探视', 'Custody and access to children', 'FAMILY', 50),
  ('SEXUAL_HARASSMENT', '性骚扰', 'Sexual harassment', 'PERSONAL', 60),
  ('CYBER_ABUSE', '网络暴力与侵权', 'Cyber abuse', 'PERSONAL', 70),
  ('OTHER', '其他', 'Other', 'OTHER', 90);

create table help_request (
  id                bigserial primary key,
  -- SHA-256 (hex) of the reference code; the code itself sealed, for a retried submission.
  reference_hash    char(64) not null unique,
  reference_sealed  text not null,
  -- Null for anonymous requests, and after the member deleted her account (ADR 0020).
  member_id         bigint references member (id),
  anonymous         boolean not null,
  -- The client's id of this submission: a retry answers with the same request.
  client_request_id uuid,
  category_code     varchar(40) not null references help_category (code),
  domestic_violence boolean not null default false,
  concerns_minor    boolean not null default false,
  channel           varchar(20) not null,
  org_unit_id       bigint references org_unit (id),
  account_sealed    text not null,
  contact_by        varchar(20) not null,
  contact_sealed    text,
  risk_level        varchar(10) not null,
  risk_version      int,
  risk_answers_sealed text,
  legal_basis       varchar(20) not null,
  status            varchar(20) not null default 'RECEIVED',
  respond_by        timestamptz not null,
  created_at        timestamptz not null default now(),
  constraint help_request_channel check (channel in ('MINI_APP', 'PHONE', 'VISIT', 'REFERRAL')),
  constraint help_request_contact_by check (contact_by in ('INBOX_ONLY', 'PHONE', 'WECHAT')),
  constraint help_request_risk check (risk_level in ('STANDARD', 'MEDIUM', 'HIGH')),
  constraint help_request_basis check (legal_basis in ('CONSENT', 'LEGAL_DUTY')),
  constraint help_request_status check (status in ('RECEIVED')),
  constraint help_request_anonymous check (not anonymous or member_id is null)
);

-- One submission per client id and author (anonymous ones share the null author).
create unique index help_request_client_once
  on help_request (coalesce(member_id, 0), client_request_id) where client_request_id is not null;
create index help_request_member on help_request (member_id) where member_id is not null;
create index help_request_due on help_request (respond_by) where status = 'RECEIVED';
