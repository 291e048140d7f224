-- The escalation job (ADR 0021) also pages for follow-ups and register visits past their due date,
-- once per due date: the due date it last paged for. A new due date pages again when it passes.
alter table help_case add column follow_up_paged_for timestamptz;
alter table difficulty_entry add column visit_paged_for date;
create index help_case_follow_up_due on help_case (follow_up_due) where status = 'RESOLVED';
