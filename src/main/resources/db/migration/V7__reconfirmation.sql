-- Optional reconfirmation before a session (issue 4): confirmed members are asked 48 h before
-- and must reconfirm by 24 h before, or their seats go to the waitlist.
alter table session add column reconfirm boolean not null default false;
alter table registration add column reconfirmed_at timestamptz;
