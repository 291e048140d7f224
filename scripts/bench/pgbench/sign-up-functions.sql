-- One sign-up exactly as the service sends it (ADR 0018): the member's facts, then the decided
-- sign-up, the two statements of migration V16 with the arguments SignUpService gives them for a
-- first-come session without rules. Run by scripts/bench/run.sh on the app's own database after
-- the app has stopped, with -M prepared (the service's pool prepares its statements too).
-- Variables: -D s=<session id> -D v=<events' version> -D k=0. k counts this client's sign-ups, so
-- every transaction is a different member; members pgb-<client>-<k> exist beforehand (run.sh
-- inserts them), as the existing members of the service's runs do.
\set k :k + 1
SELECT member_id FROM sign_up_member('pgb-' || :client_id || '-' || :k, 'none', '压测', :s,
    'JOB_FAIR', now() - interval '180 days', NULL, false, NULL, NULL) \gset
SELECT outcome FROM sign_up(:s, :member_id, :v, 'ANY', 1, 'CONFIRMED', NULL, '{}', NULL, 'pgbench',
    '{"eventId":0,"sessionId":0,"title":"压测","startsAt":"2026-12-13T08:00:00Z"}', NULL, NULL) \gset
