#!/usr/bin/env bash
# Capacity guard benchmark: seat rows claimed with FOR UPDATE SKIP LOCKED (what the service does,
# V2 migration) against the naive single counter row per session, measured with pgbench.
#
# Usage: bash scripts/bench/pgbench-capacity.sh
#
# Creates the scratch database fulian_bench (dropped again on exit, also on failure), loads
# scripts/bench/pgbench/schema.sql, and runs one pgbench run per scenario, each on a fresh session:
#   a. seat rows,   all confirm  (more seats than the run can fill)   50 clients, then 10 clients
#   b. counter row, all confirm                                        50 clients, then 10 clients
#   c. seat rows,   fills early  (300 seats, the rest waitlisted)      50 clients
#   d. counter row, fills early                                        50 clients
# After every run it checks the result with SQL (capacity held, seats = confirmed, no member twice,
# counter = confirmed) and prints them; at the end a Markdown table. Exit status 1 when a check
# failed or a pgbench client aborted (e.g. on a unique violation); the table is printed anyway.
#
# Never touches any database but fulian_bench. Non-interactive (CI=true-safe): no prompts, no tty.
#
# Environment (defaults in brackets):
#   PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]   connection (trust auth expected)
#   BENCH_DURATION [10]        seconds per pgbench run
#   BENCH_CLIENTS [50]         clients of the main runs;  BENCH_FEW_CLIENTS [10] for the context runs
#   BENCH_JOBS [2]             pgbench threads
#   BENCH_BIG_SEATS [200000]   capacity of the "all confirm" sessions
#   BENCH_SMALL_SEATS [300]    capacity of the "fills early" sessions
#   BENCH_BACKGROUND_SESSIONS [0]  other sessions with 100 free seats each, loaded first (e.g. 2000,
#                              so that seat holds many sessions as in production). 0 is the default
#                              on purpose: with only the bench sessions in seat, the claim's old
#                              generic plan was a Seq Scan on seat (README, "Before the fix"); the
#                              fix (ORDER BY id, index on (session_id, pool, id)) must hold there
#   PGOPTIONS                  passed on by libpq, e.g. PGOPTIONS='-c enable_seqscan=off' to see
#                              the seat claim with the index plan (see README)
#   BENCH_KEEP_DB=1            keep fulian_bench afterwards (to poke at it)
#   BENCH_LOG_DIR              keep pgbench's raw output there (default: a temp dir, removed)
set -euo pipefail

here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd -- "$here/../.." && pwd -P)"
sql_dir="$here/pgbench"
v2="$repo/src/main/resources/db/migration/V2__events_and_registrations.sql"

readonly DB=fulian_bench   # fixed on purpose: this script drops it
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGAPPNAME=pgbench-capacity
DURATION="${BENCH_DURATION:-10}"
CLIENTS="${BENCH_CLIENTS:-50}"
FEW_CLIENTS="${BENCH_FEW_CLIENTS:-10}"
JOBS="${BENCH_JOBS:-2}"
BIG_SEATS="${BENCH_BIG_SEATS:-200000}"
SMALL_SEATS="${BENCH_SMALL_SEATS:-300}"
BACKGROUND="${BENCH_BACKGROUND_SESSIONS:-0}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 2; }

pgbench_bin="$(command -v pgbench || true)"
if [ -z "$pgbench_bin" ]; then
  for c in /usr/lib/postgresql/*/bin/pgbench; do [ -x "$c" ] && pgbench_bin="$c"; done
fi
[ -n "$pgbench_bin" ] || die "pgbench not found (install postgresql-contrib / postgresql-client)"
command -v psql >/dev/null || die "psql not found"

if [ -n "${BENCH_LOG_DIR:-}" ]; then
  logs="$BENCH_LOG_DIR"; mkdir -p "$logs"; keep_logs=1
else
  logs="$(mktemp -d)"; keep_logs=0
fi

# psql against the server's maintenance db / against the scratch db
psql_admin() { psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "$@"; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

cleanup() {
  local rc=$?
  if [ "${BENCH_KEEP_DB:-0}" = 1 ]; then
    log "keeping database $DB (BENCH_KEEP_DB=1)"
  else
    psql_admin -c "drop database if exists $DB with (force)" 2>/dev/null || log "could not drop $DB"
  fi
  if [ "$keep_logs" = 0 ]; then rm -rf -- "$logs"; else log "raw pgbench output in $logs"; fi
  exit "$rc"
}
trap cleanup EXIT

psql_admin -c 'select 1' >/dev/null || die "cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER"

# --- schema drift: the copies in schema.sql must match V2 minus the removed foreign keys ---------
extract_ddl() {  # the DDL of session, registration, seat and waitlist_seq, whitespace-normalised
  awk '
    /^create table (session|registration|seat) \(/                                  { on = 1 }
    /^create (unique )?index [a-z_]+ on (session|registration|seat) \(/             { on = 1 }
    /^create sequence waitlist_seq;/                                                { on = 1 }
    on { print }
    on && /;[[:space:]]*$/                                                          { on = 0 }
  ' "$1" | sed -e 's/ references event (id)//' -e 's/ references member (id)//' | tr -s ' '
}
if [ -f "$v2" ]; then
  if ! diff <(extract_ddl "$v2") <(extract_ddl "$sql_dir/schema.sql") >"$logs/schema.diff"; then
    log "WARNING: scripts/bench/pgbench/schema.sql no longer matches $v2 for session/registration/seat:"
    sed 's/^/[bench]   /' "$logs/schema.diff" >&2
  fi
else
  log "WARNING: $v2 not found; cannot check schema.sql for drift"
fi

# --- the scratch database -------------------------------------------------------------------
max_conn="$(psql_admin -c 'show max_connections')"
used_conn="$(psql_admin -c 'select count(*) from pg_stat_activity')"
if [ $((max_conn - used_conn)) -lt $((CLIENTS + 5)) ]; then
  log "WARNING: max_connections=$max_conn, $used_conn in use; $CLIENTS clients may not all connect"
fi
pg_version="$(psql_admin -c 'show server_version')"

log "creating $DB"
psql_admin -c "drop database if exists $DB with (force)"
psql_admin -c "create database $DB"
q -f "$sql_dir/schema.sql"
if [ "$BACKGROUND" -gt 0 ]; then
  log "loading $BACKGROUND background sessions with 100 free seats each"
  q -c "insert into session (event_id, starts_at, ends_at, mode, capacity)
        select 1, now() + interval '30 days', now() + interval '30 days 2 hours', 'FIRST_COME', 100
        from generate_series(1, $BACKGROUND)" \
    -c "insert into seat (session_id, pool) select s.id, 'ANY' from session s, generate_series(1, 100)"
fi

# --- one scenario -----------------------------------------------------------------------------
results=()     # Markdown table rows
idx_notes=()   # seat_free_idx observations
failures=0
declare -A tps_of

new_session() {  # $1 capacity -> session id
  q -c "insert into session (event_id, starts_at, ends_at, mode, capacity)
        values (1, now() + interval '7 days', now() + interval '7 days 2 hours', 'FIRST_COME', $1)
        returning id"
}

# The plan of the claim (SeatLedger.claim's UPDATE, as in step 2 of seat-claim.sql, run for real
# in a transaction that is rolled back) and the buffers its scan for a free seat touches, as a
# custom plan (force_custom_plan: values known when planning), as the generic plan
# (force_generic_plan), and as what plan_cache_mode = auto (the default, used by the runs) picks
# for the 6th execution of a prepared statement (pgbench -M prepared; a driver's statement cache
# likewise): the generic plan if its estimated cost is not above the average custom plan's.
# Parameter types are left to the server, as pgbench does. The full EXPLAIN goes to
# $logs/plan-<tag>.txt. Only the scan for a free seat is summarised, not the outer UPDATE.
probe_plan() {  # $1 session id, $2 custom|generic|auto, $3 tag -> e.g. "Index Scan using seat_free_idx 3"
  local f="$logs/plan-$3.txt" mode="force_${2}_plan" warm=()
  if [ "$2" = auto ]; then
    mode=auto
    for _ in 1 2 3 4 5; do warm+=(-c "execute claim(null, $1, 'ANY', 1)"); done
  fi
  q -c "set plan_cache_mode = $mode" \
    -c "prepare claim as update seat set registration_id = \$1 where id in
          (select id from seat where session_id = \$2 and pool = \$3 and registration_id is null
           order by id limit \$4 for update skip locked)" \
    -c begin "${warm[@]}" -c "explain (analyze, buffers, timing off) execute claim(null, $1, 'ANY', 1)" \
    -c rollback >"$f"
  awk '/LockRows/ { lr = 1; next }
       lr && !node && /Sort/ && !/Sort (Key|Method)/ { sort = " + Sort"; next }
       lr && !node && /Scan/ { line = $0; sub(/^[ ->]*/, "", line); sub(/ on seat.*/, "", line)
                               node = line sort; next }
       /\$[0-9]/ { generic = 1 }
       lr && node && /Buffers:/ && !done { for (i = 1; i <= NF; i++) if ($i ~ /^(hit|read)=/) { split($i, kv, "="); n += kv[2] }
                                           done = 1 }
       END { printf "%s %s%s\n", node, n, (mode == "auto" ? (generic ? " (generic)" : " (custom)") : "") }' mode="$2" "$f"
}

check() {  # $1 ok-condition (0/1), $2 text
  if [ "$1" = 1 ]; then printf '    ok    %s\n' "$2"; else printf '    FAIL  %s\n' "$2"; check_failed=1; fi
}

run_scenario() {  # $1 key, $2 label, $3 guard (seat|counter), $4 kind (all|early), $5 capacity, $6 clients
  local key="$1" label="$2" guard="$3" kind="$4" cap="$5" clients="$6"
  local sid script out err rc
  sid="$(new_session "$cap")"
  if [ "$guard" = seat ]; then
    q -c "insert into seat (session_id, pool) select $sid, 'ANY' from generate_series(1, $cap)"
    script="$sql_dir/seat-claim.sql"
  else
    q -c "insert into session_counter (session_id, capacity) values ($sid, $cap)"
    script="$sql_dir/counter-row.sql"
  fi
  # Every run starts from the same state: no dead tuples from earlier runs, fresh statistics,
  # nothing dirty waiting for the checkpointer.
  q -c 'vacuum analyze' -c 'checkpoint'
  local custom_before="" generic_before="" auto_before=""
  if [ "$guard" = seat ]; then
    custom_before="$(probe_plan "$sid" custom "$key-custom-before")"
    generic_before="$(probe_plan "$sid" generic "$key-generic-before")"
    auto_before="$(probe_plan "$sid" auto "$key-auto-before")"
  fi

  out="$logs/$key.out"; err="$logs/$key.err"
  local cmd=("$pgbench_bin" -n -M prepared -c "$clients" -j "$JOBS" -T "$DURATION" -P 1
             -D "s=$sid" -D p=ANY -D k=0 -f "$script" "$DB")
  log "$key: $label, $clients clients, capacity $cap, session $sid"
  rc=0; "${cmd[@]}" >"$out" 2>"$err" || rc=$?

  local tps lat std txns failed aborted uniq trend
  tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out")"
  lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out")"
  std="$(sed -n 's/^latency stddev = \([0-9.]*\) ms/\1/p' "$out")"
  txns="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")"
  aborted="$(grep -c 'aborted in command' "$err" || true)"
  uniq="$(grep -c 'duplicate key value violates unique constraint' "$err" || true)"
  # tps over the first two and the last two seconds (from -P 1), to show drift within a run
  trend="$(awk '/^progress:/ { t[++n] = $4 }
                END { if (n >= 4) printf "%.0f → %.0f", (t[1] + t[2]) / 2, (t[n - 1] + t[n]) / 2; else print "n/a" }' "$err")"
  [ -n "$tps" ] || { tps=0; lat=0; std=0; }
  [ -n "$std" ] || std=n/a
  tps_of[$key]="$tps"

  echo
  echo "### $key: $label ($clients clients, capacity $cap, session $sid)"
  echo "    pgbench exit $rc: tps $tps, latency avg $lat ms (stddev $std), $txns transactions, failed ${failed:-?}, aborted clients $aborted (unique violations $uniq)"
  if [ "$aborted" != 0 ] || [ "$rc" != 0 ]; then
    echo "    pgbench stderr (errors only):"; grep -v '^progress:' "$err" | head -n 10 | sed 's/^/      /'
  fi

  # --- correctness, straight from the tables ---
  local row capacity confirmed waitlisted total dup_members no_seq taken taken_ok seat_dups counter filled_ms
  row="$(q -F ' ' -c "
    select s.capacity,
           count(r.id) filter (where r.status = 'CONFIRMED'),
           count(r.id) filter (where r.status = 'WAITLISTED'),
           count(r.id),
           count(r.id) - count(distinct r.member_id),
           count(r.id) filter (where r.status = 'WAITLISTED' and r.waitlist_seq is null),
           (select count(*) from seat where session_id = s.id and registration_id is not null),
           (select count(*) from seat st join registration x on x.id = st.registration_id
             where st.session_id = s.id and x.session_id = s.id and x.status = 'CONFIRMED'),
           (select count(*) - count(distinct registration_id) from seat
             where session_id = s.id and registration_id is not null),
           coalesce((select confirmed::text from session_counter where session_id = s.id), '-'),
           coalesce(round(extract(epoch from max(r.created_at) filter (where r.status = 'CONFIRMED')
                                             - min(r.created_at)) * 1000)::text, '-')
    from session s left join registration r on r.session_id = s.id
    where s.id = $sid group by s.id, s.capacity")"
  read -r capacity confirmed waitlisted total dup_members no_seq taken taken_ok seat_dups counter filled_ms <<<"$row"

  check_failed=0
  echo "    checks:"
  if [ "$kind" = all ]; then
    check "$([ "$confirmed" -le "$capacity" ] && echo 1)" "confirmed $confirmed <= capacity $capacity"
    check "$([ "$waitlisted" = 0 ] && echo 1)" "all confirm: waitlisted $waitlisted = 0 (else raise BENCH_BIG_SEATS)"
  else
    check "$([ "$confirmed" = "$capacity" ] && echo 1)" "fills early: confirmed $confirmed = capacity $capacity"
  fi
  if [ "$guard" = seat ]; then
    check "$([ "$taken" = "$confirmed" ] && echo 1)" "taken seats $taken = confirmed registrations $confirmed"
    check "$([ "$taken_ok" = "$taken" ] && echo 1)" "every taken seat ($taken_ok of $taken) belongs to a confirmed registration of this session"
    check "$([ "$seat_dups" = 0 ] && echo 1)" "no registration holds two seats ($seat_dups)"
  else
    check "$([ "$counter" = "$confirmed" ] && echo 1)" "counter $counter = confirmed registrations $confirmed"
    check "$([ "$taken" = 0 ] && echo 1)" "no seat rows used ($taken)"
  fi
  check "$([ "$dup_members" = 0 ] && echo 1)" "no member twice in the session (duplicates: $dup_members)"
  check "$([ "$no_seq" = 0 ] && echo 1)" "every waitlisted registration has a waitlist_seq (missing: $no_seq)"
  check "$([ "$total" = "${txns:-x}" ] && echo 1)" "registrations $total = committed pgbench transactions ${txns:-?}"
  check "$([ "$aborted" = 0 ] && [ "$rc" = 0 ] && echo 1)" "no pgbench client aborted ($aborted; unique violations $uniq)"

  if [ "$guard" = seat ]; then
    local custom_after generic_after auto_after outer sizes
    custom_after="$(probe_plan "$sid" custom "$key-custom-after")"
    generic_after="$(probe_plan "$sid" generic "$key-generic-after")"
    auto_after="$(probe_plan "$sid" auto "$key-auto-after")"
    # How the forced generic plan reaches the seat it updates, while seats are still free
    outer="$(grep -m1 -oE '(Nested Loop|Hash Semi Join|Hash Join|Merge Join)' "$logs/plan-$key-generic-before.txt" || echo '?')"
    sizes="$(q -c "select pg_size_pretty(pg_relation_size('seat')) || ' / ' || pg_size_pretty(pg_relation_size('seat_free_idx'))")"
    echo "    claim plan (scan for a free seat, buffers): custom $custom_before before the run, $custom_after after it;" \
         "generic $generic_before before, $generic_after after; auto (6th execution) $auto_before before, $auto_after after;" \
         "seat / seat_free_idx size $sizes"
    if [ "$kind" = early ]; then
      echo "    generic plan of the claim on the full session (EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)):"
      sed 's/^/      /' "$logs/plan-$key-generic-after.txt"
    fi
    idx_notes+=("| $key | $clients | $confirmed | $custom_before → $custom_after | $generic_before → $generic_after ($outer) | $auto_before → $auto_after | $sizes |")
  fi

  local verdict=pass
  [ "$check_failed" = 0 ] || { verdict=FAIL; failures=$((failures + 1)); }
  local full="—"; [ "$kind" = early ] && full="$filled_ms ms"
  results+=("| $key | $label | $clients | $capacity | $tps | $lat | $std | $trend | $total | $confirmed | $waitlisted | $full | $aborted | $verdict |")
}

echo "# pgbench capacity benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs; $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM (free -g); PostgreSQL $pg_version; $("$pgbench_bin" --version)"
[ -z "${PGOPTIONS:-}" ] || echo "PGOPTIONS='$PGOPTIONS' (applies to pgbench and to the plan probes)"
echo "background: $BACKGROUND other sessions with 100 free seats each"
echo "pgbench -n -M prepared -c <clients> -j $JOBS -T $DURATION -P 1 -D s=<session> -D p=ANY -D k=0 -f <script> $DB"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

big="$BIG_SEATS"; small="$SMALL_SEATS"
run_scenario a  "seat rows, all confirm"   seat    all   "$big"   "$CLIENTS"
run_scenario b  "counter row, all confirm" counter all   "$big"   "$CLIENTS"
run_scenario c  "seat rows, fills early"   seat    early "$small" "$CLIENTS"
run_scenario d  "counter row, fills early" counter early "$small" "$CLIENTS"
run_scenario a10 "seat rows, all confirm"   seat    all   "$big"   "$FEW_CLIENTS"
run_scenario b10 "counter row, all confirm" counter all   "$big"   "$FEW_CLIENTS"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo
echo "## Results"
echo
echo "| run | scenario | clients | capacity | tps | latency avg (ms) | latency stddev (ms) | tps first 2 s → last 2 s | sign-ups | confirmed | waitlisted | full after | aborted clients | checks |"
echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|"
printf '%s\n' "${results[@]}"
echo
echo "seat rows ÷ counter row, all confirm: $(ratio "${tps_of[a]}" "${tps_of[b]}") at $CLIENTS clients, $(ratio "${tps_of[a10]}" "${tps_of[b10]}") at $FEW_CLIENTS clients."
echo
echo "How the claim finds a free seat (scan node and buffers touched, before → after the run):"
echo
echo "| run | clients | seats taken | custom plan | forced generic plan (its join to the updated row) | auto, 6th execution | seat / seat_free_idx size |"
echo "|---|--:|--:|---|---|---|---|"
printf '%s\n' "${idx_notes[@]}"

echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$failures" != 0 ]; then
  log "$failures scenario(s) failed a check"
  exit 1
fi
