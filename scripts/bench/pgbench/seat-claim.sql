-- One sign-up with the seat-row guard, as the service's transaction does it (V2 seat table; the
-- claim is SeatLedger.claim's statement, parameters and all, so the planner sees the same query).
-- Variables: -D s=<session id> -D p=ANY -D k=0. k counts this client's sign-ups (pgbench keeps a
-- client's variables from one transaction to the next), so member ids never repeat within a run
-- and no transaction trips registration_active_uq. The claim's limit is a literal (1 seat), as
-- the service writes it; with -M prepared :s, :p and :r are bind parameters, as in the service.
\set k :k + 1
\set m (:client_id + 1) * 1000000000 + :k
BEGIN;
-- 1. the registration, waitlisted until a seat is claimed
INSERT INTO registration (session_id, member_id, pool, seats, status)
    VALUES (:s, :m, :p, 1, 'WAITLISTED') RETURNING id AS r \gset
-- 2. claim the lowest free seats, skipping seats that concurrent sign-ups hold. Wrapped in a CTE
--    only because pgbench's \gset needs exactly one row back: claimed is n or 0 (all or nothing
--    is the service's job: with n = 1 it cannot take fewer).
WITH claim AS (
    UPDATE seat SET registration_id = :r
    WHERE id IN (SELECT id FROM seat
                 WHERE session_id = :s AND pool = :p AND registration_id IS NULL
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id)
SELECT count(*) AS claimed FROM claim \gset
-- 3. confirmed with a seat, otherwise a place in the waiting list
\if :claimed
UPDATE registration SET status = 'CONFIRMED' WHERE id = :r;
\else
UPDATE registration SET waitlist_seq = nextval('waitlist_seq') WHERE id = :r;
\endif
COMMIT;
