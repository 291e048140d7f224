-- Rights protection, fourth step: triage gives every contact an outcome (ADR 0021), so that the
-- year's contacts and its cases are both counted honestly, and a blind index links the requests of
-- one person without her number in clear. Retention follows the outcome (ADR 0020).

alter table help_request drop constraint help_request_status;
alter table help_request add constraint help_request_status check (status in ('RECEIVED', 'TRIAGED'));

alter table help_request
  add column outcome varchar(20),
  add column nothing_reason varchar(20),
  -- The earlier request this one repeats; cleared if that one is erased first.
  add column duplicate_of bigint references help_request (id) on delete set null,
  -- What staff answered or noted at triage, sealed.
  add column triage_note_sealed text,
  add column triaged_by varchar(64),
  add column triaged_at timestamptz,
  -- Phone and ID number given at staff intake, sealed; their keyed hashes (the phone also from the
  -- safe contact a resident left) find the other requests of the same person.
  add column phone_sealed text,
  add column id_number_sealed text,
  add column phone_blind char(64),
  add column id_number_blind char(64),
  add constraint help_request_triage check (
    (status = 'TRIAGED') = (outcome is not null)
    and (status = 'TRIAGED') = (triaged_at is not null)
    and (outcome is null or outcome in ('CONSULTATION', 'INFORMATION', 'CASE', 'NOTHING'))
    and (coalesce(outcome, '') = 'NOTHING') = (nothing_reason is not null)
    and (nothing_reason is null or nothing_reason in ('SPAM', 'PRANK', 'DUPLICATE'))
    and (duplicate_of is null or nothing_reason = 'DUPLICATE'));

create index help_request_phone_blind on help_request (phone_blind) where phone_blind is not null;
create index help_request_id_blind on help_request (id_number_blind)
  where id_number_blind is not null;
create index help_request_triaged on help_request (outcome, triaged_at) where status = 'TRIAGED';
