-- Rights protection, sixth step (ADR 0023): referrals of a case to the partners who act on it,
-- protection orders and police warning letters tracked to their expiry, and mediation with its
-- sessions and outcome so that the year's settlement rate is computed, not typed.

create table help_case_referral (
  id             bigint generated always as identity primary key,
  case_id        bigint not null references help_case (id),
  target_kind    varchar(30) not null check (target_kind in (
    'MEDIATION_COMMITTEE', 'LEGAL_AID', 'POLICE', 'COURT', 'HOTLINE_12338', 'SHELTER',
    'VOLUNTEER_LAWYER', 'OTHER_UNIT')),
  -- A unit of the federation that receives it in this service (OTHER_UNIT): its case team sees the
  -- referral's summary, nothing else of the case.
  target_unit_id bigint references org_unit (id),
  target_name    varchar(100),
  -- What the referral shares, written for the receiver; sealed.
  summary_sealed text not null,
  -- Her consent, recorded by staff; or a supervisor's override with its reason (sealed).
  consent        varchar(20) not null check (consent in ('RECORDED', 'OVERRIDDEN')),
  override_by    varchar(64),
  override_reason_sealed text,
  status         varchar(10) not null default 'SENT'
                   check (status in ('SENT', 'ACCEPTED', 'REJECTED', 'DONE', 'REVOKED')),
  status_reason  varchar(500),
  sent_by        varchar(64) not null,
  sent_at        timestamptz not null default now(),
  responded_by   varchar(64),
  responded_at   timestamptz,
  finished_at    timestamptz,
  finished_by    varchar(64),
  check ((target_kind = 'OTHER_UNIT') = (target_unit_id is not null)),
  check ((consent = 'OVERRIDDEN') = (override_by is not null and override_reason_sealed is not null))
);
create index help_case_referral_case on help_case_referral (case_id);
create index help_case_referral_target on help_case_referral (target_unit_id, status)
  where target_unit_id is not null;

-- 人身安全保护令 and 告诫书: applied, issued or refused, expiry (reminded before), violations.
create table help_case_order (
  id            bigint generated always as identity primary key,
  case_id       bigint not null references help_case (id),
  kind          varchar(20) not null check (kind in ('PROTECTION_ORDER', 'WARNING_LETTER')),
  status        varchar(10) not null default 'APPLIED'
                  check (status in ('APPLIED', 'ISSUED', 'REFUSED')),
  issuer        varchar(100),
  applied_on    date not null,
  decided_on    date,
  expires_on    date,
  -- When the expiry reminder went to the case's caseworker and supervisors.
  reminded_at   timestamptz,
  violations    int not null default 0,
  recorded_by   varchar(64) not null,
  recorded_at   timestamptz not null default now(),
  check ((status = 'APPLIED') = (decided_on is null)),
  check (expires_on is null or status = 'ISSUED'),
  check (expires_on is null or decided_on is null or expires_on > decided_on)
);
create index help_case_order_case on help_case_order (case_id);
create index help_case_order_expiry on help_case_order (expires_on)
  where status = 'ISSUED' and reminded_at is null;

-- 婚调: the mediation of a case, its sessions and its outcome.
create table help_mediation (
  id           bigint generated always as identity primary key,
  case_id      bigint not null unique references help_case (id),
  -- The mediation committee or the court's mediation room (诉调对接).
  venue        varchar(20) not null check (venue in ('COMMITTEE', 'COURT_ROOM')),
  -- The parties, as roles only (the applicant, her husband, ...): no names in clear.
  parties      int not null check (parties between 2 and 10),
  outcome      varchar(20) check (outcome in ('SETTLED', 'NOT_SETTLED', 'WITHDRAWN')),
  started_on   date not null,
  ended_on     date,
  recorded_by  varchar(64) not null,
  check ((outcome is null) = (ended_on is null))
);
create table help_mediation_session (
  id            bigint generated always as identity primary key,
  mediation_id  bigint not null references help_mediation (id),
  held_on       date not null,
  mediator      varchar(64) not null,
  note_sealed   text
);
create index help_mediation_session_mediation on help_mediation_session (mediation_id);
