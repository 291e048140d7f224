-- Rights protection, second step: the case team (ADR 0021). Who may read help requests and, later,
-- cases: caseworkers and supervisors appointed to org units by admins, like cadres (ADR 0003), with
-- the appointment history kept. Staff record calls, visits and referrals as help requests too.

create table case_team (
  id          bigint generated always as identity primary key,
  subject     varchar(64) not null,
  org_unit_id bigint      not null references org_unit (id),
  role        varchar(20) not null check (role in ('CASEWORKER', 'SUPERVISOR')),
  assigned_by varchar(64) not null,
  assigned_at timestamptz not null default now(),
  revoked_by  varchar(64),
  revoked_at  timestamptz,
  check ((revoked_at is null) = (revoked_by is null))
);
create unique index case_team_active_uq
  on case_team (subject, org_unit_id, role) where revoked_at is null;
create index case_team_unit_idx on case_team (org_unit_id);

alter table help_request
  -- The caseworker who handles it (a Keycloak subject); null until a supervisor assigns one.
  add column assigned_to varchar(64),
  -- Staff intake: who recorded the call, visit or referral, and where a referral came from.
  add column recorded_by varchar(64),
  add column referral_source varchar(30),
  add constraint help_request_referral_source check (
    (channel = 'REFERRAL') = (referral_source is not null)
    and (referral_source is null or referral_source in
      ('HOTLINE_12338', 'POLICE', 'COURT', 'PROCURATORATE', 'SCHOOL', 'HOSPITAL',
       'COMMUNITY_POINT', 'OTHER_UNIT'))),
  add constraint help_request_recorded_by check ((channel = 'MINI_APP') = (recorded_by is null));

create index help_request_assigned on help_request (assigned_to) where assigned_to is not null;
create index help_request_unit on help_request (org_unit_id, id desc);

-- "Who read this request?": the request ids a list read showed, as AuditLog records them.
create index audit_log_detail_help_requests_idx on audit_log
  using gin ((detail -> 'helpRequestIds') jsonb_path_ops);
