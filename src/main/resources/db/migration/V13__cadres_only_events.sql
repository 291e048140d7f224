-- Events only cadres may sign up for (issue 16): cadre training (女干部培训) and the district's
-- research visits (调研走访) are for cadres, not residents. The rule is part of an event's
-- eligibility; the sign-up checks that the caller holds an active appointment (or is district
-- staff), the appointment being the authority as everywhere (ADR 0003).
alter table event add column elig_cadres_only boolean not null default false;
