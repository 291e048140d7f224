-- One sign-up with the naive guard: one counter row per session (bench-only table
-- session_counter). Same three statements as seat-claim.sql, only step 2 differs, so the two
-- scripts compare the guards and nothing else. The counter is incremented only inside the same
-- transaction as the registration insert (no ON CONFLICT DO NOTHING that could let it drift).
-- Variables: -D s=<session id> -D p=ANY -D k=0 (see seat-claim.sql).
\set k :k + 1
\set m (:client_id + 1) * 1000000000 + :k
BEGIN;
-- 1. the registration, waitlisted until the counter admits it
INSERT INTO registration (session_id, member_id, pool, seats, status)
    VALUES (:s, :m, :p, 1, 'WAITLISTED') RETURNING id AS r \gset
-- 2. bump the counter if below capacity; every sign-up of the session queues on this one row
--    until the holder commits. CTE only so that \gset always gets one row: claimed is 1 or 0.
WITH bump AS (
    UPDATE session_counter SET confirmed = confirmed + 1
    WHERE session_id = :s AND confirmed < capacity
    RETURNING confirmed)
SELECT count(*) AS claimed FROM bump \gset
-- 3. confirmed, otherwise a place in the waiting list
\if :claimed
UPDATE registration SET status = 'CONFIRMED' WHERE id = :r;
\else
UPDATE registration SET waitlist_seq = nextval('waitlist_seq') WHERE id = :r;
\endif
COMMIT;
