-- Rights protection, third step: high-risk requests page the supervisors at once, and a request
-- past its time to respond pages every supervisor above it (ADR 0021). Staff alerts are inbox
-- notifications of their own category, never held back by quiet hours.

alter table notification drop constraint notification_category_check;
alter table notification add constraint notification_category_check
  check (category in ('SIGN_UP', 'REMINDER', 'CAMPAIGN', 'CASE'));

-- When the overdue escalation paged everyone above the request; null while it has not.
alter table help_request add column escalated_at timestamptz;
create index help_request_to_escalate on help_request (respond_by)
  where status = 'RECEIVED' and escalated_at is null;
