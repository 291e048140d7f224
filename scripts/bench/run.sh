#!/usr/bin/env bash
# The benchmark runner (issue 7): builds the jar, starts the local services and the app with the
# pod's JVM options (pod_java_options in lib.sh: docs/adr/0019) on a scratch database, and measures, side by side with what this machine can do:
#   1. the sign-up rush: thousands of distinct members on one session, saturation (closed model)
#      and latency at a fixed offered rate (open model), a session that fills early and one with
#      more seats than sign-ups; beside it pgbench running the service's own seat claim and the
#      naive counter row (scripts/bench/pgbench-capacity.sh) at the same concurrency;
#   2. the campaign fan-out (scripts/bench/campaign.sh: 100,000 devices through the Firebase SDK);
#   3. the events feed, cached and cold, beside a trivial authenticated endpoint (wrk);
#   4. start-up time (migrations included) and memory.
# Checks correctness after each scenario and fails loudly (exit 1) on an oversold seat, a lost
# acknowledged sign-up, a duplicate or a broken waitlist. Writes BENCHMARKS.md.
#
# Usage: bash scripts/bench/run.sh        (about 10 minutes on 2 cores; not part of the tests)
#
# Tokens are real RS256 JWTs, minted up front by scripts/bench/Load.java with a benchmark-only key
# pair; the app verifies every one of them through its normal OIDC path (signature, issuer,
# audience, expiry), configured with that public key instead of Keycloak's (quarkus.oidc.public-key,
# with the discovery URL left empty so that the key is the only one trusted).
# Keycloak itself manages about 6 logins a second here: too slow to mint thousands of users.
#
# Environment (defaults in brackets):
#   BENCH_MEMBERS [6000]      distinct members (tokens) of the rush
#   BENCH_CONCURRENCY [50]    users of the closed-model runs, pgbench clients, wrk connections
#   BENCH_SMALL_SEATS [300]   capacity of the session that fills early
#   BENCH_HEAP                the app's -Xmx instead of the pod's heap (70 % of its 1 GiB limit)
#   BENCH_CAMPAIGN [1]        0 skips the campaign fan-out (scripts/bench/campaign.sh)
#   BENCH_PGBENCH [1]         0 skips the pgbench comparison
#   BENCH_JAVA_OPTS           more options for the app's JVM, e.g. a flight recording:
#                             -XX:StartFlightRecording=filename=/tmp/rush.jfr,settings=profile
set -euo pipefail

here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd -- "$here/../.." && pwd -P)"
cd "$repo"

members="${BENCH_MEMBERS:-6000}"
conc="${BENCH_CONCURRENCY:-50}"
small="${BENCH_SMALL_SEATS:-300}"
heap="${BENCH_HEAP:-}"
app_port=8096
db=fulian_bench_app
issuer="https://bench.fulian.invalid/realms/fulian"
work="$(mktemp -d)"
: >"$work/failed.txt"
pids=()
failures=0
started_all=$(date +%s)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for d in fulian_bench_app fulian_bench_prod; do
    psql -h 127.0.0.1 -U postgres -q -c "drop database if exists $d" >/dev/null 2>&1 || true
  done
  bash scripts/proxy-check.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
log() { printf '[bench] %s\n' "$*"; }
fail() { printf '[bench] FAIL: %s\n' "$*" >&2; echo "$*" >>"$work/failed.txt"; failures=$((failures + 1)); }
sql() { psql -h 127.0.0.1 -U fulian -d "$db" -v ON_ERROR_STOP=1 -q -At -c "$1"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

bash scripts/services.sh start >/dev/null
for tool in wrk; do
  command -v "$tool" >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$tool" >/dev/null
done

log "building the jar"
./mvnw -B -q package -DskipTests

log "minting 2 × $members member tokens and an admin token (RS256, benchmark-only key)"
java scripts/bench/Load.java mint dir="$work" count="$((members * 2))" issuer="$issuer" >/dev/null
# The first half are members who have used the app before; the second half open it for the first
# time because of the rush (no member row until their sign-up creates it).
tail -n +"$((members + 1))" "$work/tokens.txt" >"$work/newcomers.txt"
head -n "$members" "$work/tokens.txt" >"$work/existing.txt" && mv "$work/existing.txt" "$work/tokens.txt"

psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 \
  -c "drop database if exists $db" -c "create database $db owner fulian"

# shellcheck source=scripts/bench/lib.sh
. "$here/lib.sh"
jvm="$(pod_java_options)${heap:+ -Xmx$heap}"
log "starting the app ($jvm) on a fresh database: migrations, seeds"
launched=$(date +%s.%N)
# shellcheck disable=SC2086
java $jvm ${BENCH_JAVA_OPTS:-} -Dvertx.cacheDirBase="$work/vertx-cache" \
  -Dquarkus.http.port=$app_port -Dquarkus.management.port=$((app_port + 1000)) \
  -Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/$db \
  -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/$db \
  -Dquarkus.redis.hosts=redis://127.0.0.1:6379/3 \
  -Dquarkus.oidc.auth-server-url= \
  -Dquarkus.oidc-client.auth-server-url=http://127.0.0.1:8180/realms/fulian \
  "-Dquarkus.oidc.public-key=$(cat "$work/public.pem")" \
  -Dquarkus.oidc.token.issuer=$issuer \
  -Dquarkus.oidc.health.enabled=false \
  -Dfulian.rate-limits.limits.signed-in-ip.requests=100000000 \
  -Dfulian.rate-limits.limits.write-member.requests=100000000 \
  -Dfulian.rate-limits.limits.anonymous-ip.requests=100000000 \
  -Dfulian.crypto.keys=bench:YmVuY2htYXJrLW9ubHkta2V5LW5vdC1mb3ItdXNlISE= \
  -Dfulian.news.demo-seed=false \
  -jar target/quarkus-app/quarkus-run.jar >"$work/app.log" 2>&1 &
app_pid=$!; pids+=("$app_pid")
admin="$(cat "$work/admin.txt")"
first_token="$(head -1 "$work/tokens.txt" | cut -d' ' -f2)"
for _ in $(seq 1 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $first_token" \
    "127.0.0.1:$app_port/me/consent-texts" || true)
  [ "$code" = 200 ] && break
  kill -0 "$app_pid" 2>/dev/null || { tail -30 "$work/app.log"; echo "the app died" >&2; exit 1; }
  sleep 0.1
done
[ "$code" = 200 ] || { tail -30 "$work/app.log"; echo "the app did not come up" >&2; exit 1; }
startup=$(awk -v s="$launched" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
rss() { awk -v k="$1:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status"; }
sleep 3
rss_idle=$(rss VmRSS)
log "ready to serve after $startup s; RSS idle $rss_idle MiB"

# The first half of the members exist before the rush (they have opened the app before).
awk '{ printf "%s,压测%d\n", $1, NR }' "$work/tokens.txt" >"$work/members.csv"
psql -h 127.0.0.1 -U fulian -d "$db" -q -v ON_ERROR_STOP=1 \
  -c "\\copy member (subject, display_name) from '$work/members.csv' with (format csv)"
district=$(sql "select id from org_unit where code = 'FT'")

# CPU seconds used so far by the app and by all PostgreSQL processes (clock ticks → s).
cpu_app() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$app_pid/stat"; }
cpu_pg() {
  local pids; pids=$(pgrep -x postgres | sed 's|.*|/proc/&/stat|')
  # shellcheck disable=SC2086
  { cat $pids 2>/dev/null || true; } | awk -v hz="$(getconf CLK_TCK)" '{ s += $14 + $15 } END { printf "%.2f\n", s / hz }'
}
rush_closed() { # capacity label [tokens file] -> prints the Load.java result line; checks the session
  local s out a0 p0 t0 a1 p1 t1
  s=$(new_session "$1" "压测 $2")
  a0=$(cpu_app); p0=$(cpu_pg); t0=$(date +%s.%N)
  out=$(java scripts/bench/Load.java closed method=POST "url=http://127.0.0.1:$app_port/sessions/$s/registrations" \
    tokens="${3:-$work/tokens.txt}" concurrency="$conc" body='{}' | tail -1)
  a1=$(cpu_app); p1=$(cpu_pg); t1=$(date +%s.%N)
  check_session "$s" "$1" "$(field ok "$out")" "$2" >&2
  # Where the time goes: CPU per sign-up of the app and of PostgreSQL, beside what the cores offer.
  awk -v a="$a1" -v a0="$a0" -v p="$p1" -v p0="$p0" -v w="$t1" -v w0="$t0" \
    -v n="$(field ok "$out")" -v c="$(nproc)" -v l="$2" 'BEGIN { a -= a0; p -= p0; w -= w0; if (n > 0) printf \
    "   cpu (%s): app %.2f ms, PostgreSQL %.2f ms per sign-up; the cores offered %.2f ms (%d × wall)\n", \
    l, 1000 * a / n, 1000 * p / n, 1000 * c * w / n, c }' | tee -a "$work/cpu.txt" >&2
  echo "$out"
}

rush_open() { # capacity label rate seconds
  local s out
  s=$(new_session "$1" "压测 $2")
  out=$(java scripts/bench/Load.java open method=POST "url=http://127.0.0.1:$app_port/sessions/$s/registrations" \
    tokens="$work/tokens.txt" rate="$3" seconds="$4" body='{}' | tail -1)
  check_session "$s" "$1" "$(field ok "$out")" "$2" >&2
  echo "$out"
}

# Pods restart on every deploy and the autoscaler adds cold ones when a rush begins: the first
# rush after the start is reported, beside the same rush once the JIT has seen the path.
log "1o. the first rush after the start (cold): session that fills early ($small seats), $members members"
cold=$(rush_closed "$small" "first rush after the start"); echo "   $cold"

log "1a. rush, session that fills early ($small seats), $members members, $conc at a time"
early=$(rush_closed "$small" "fills early"); echo "   $early"
log "1b. rush, more seats than sign-ups ($((members + 1000)) seats)"
allc=$(rush_closed "$((members + 1000))" "all confirm"); echo "   $allc"
log "1e. rush of first-time members (the sign-up creates each member), more seats than sign-ups"
newc=$(rush_closed "$((members + 1000))" "first-time members, all confirm" "$work/newcomers.txt"); echo "   $newc"
rss_rush=$(rss VmRSS); hwm_rush=$(rss VmHWM)

fixed_rate() { # saturation rps -> rate at half of it, and seconds so that tokens suffice
  awk -v r="$1" -v n="$members" 'BEGIN { rate = int(r / 2 / 10) * 10; if (rate < 10) rate = 10;
    s = 10; if (rate * s > n) s = int(n / rate); printf "%d %d\n", rate, s }'
}
read -r rate_e secs_e < <(fixed_rate "$(field rps "$early")")
log "1c. fixed offered rate $rate_e/s for $secs_e s (half of saturation), session that fills early"
early_open=$(rush_open "$small" "fills early, open model" "$rate_e" "$secs_e"); echo "   $early_open"
read -r rate_a secs_a < <(fixed_rate "$(field rps "$allc")")
log "1d. fixed offered rate $rate_a/s for $secs_a s, more seats than sign-ups"
all_open=$(rush_open "$((members + 1000))" "all confirm, open model" "$rate_a" "$secs_a"); echo "   $all_open"

log "3. the feed (GET /events) and a trivial authenticated endpoint (GET /me/consent-texts), wrk $conc connections"
for i in $(seq 1 20); do new_session 100 "活动 $i" >/dev/null; done
cat >"$work/cold.lua" <<'LUA'
-- Every request asks from a different instant: a cache miss that then fills the cache.
local n = 0
local id = 0
function setup(thread) id = id + 1; thread:set("id", id) end
function request()
  n = n + 1
  local ms = (n * 2 + id) % 3600000
  local path = string.format("/events?from=2026-01-01T%02d:%02d:%02d.%03dZ", math.floor(ms / 3600000),
    math.floor(ms / 60000) % 60, math.floor(ms / 1000) % 60, ms % 1000)
  return wrk.format("GET", path)
end
LUA
wrk_run() { # path [script] -> "rps p99ms"
  local args=(-t2 -c"$conc" -d10s --latency -H "Authorization: Bearer $first_token")
  [ -z "${2:-}" ] || args+=(-s "$2")
  wrk "${args[@]}" "http://127.0.0.1:$app_port$1" >"$work/wrk.txt"
  local non2xx; non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.txt")
  [ -z "$non2xx" ] || fail "wrk $1: $non2xx non-2xx answers"
  awk '/Requests\/sec/ { r = $2 } / 99%/ { p = $2 } END {
    if (p ~ /ms$/) { sub(/ms/, "", p) } else if (p ~ /us$/) { sub(/us/, "", p); p = p / 1000 } else if (p ~ /s$/) { sub(/s/, "", p); p = p * 1000 }
    printf "%.0f %.1f\n", r, p }' "$work/wrk.txt"
}
wrk_run /me/consent-texts >/dev/null # warm-up
read -r trivial_rps trivial_p99 < <(wrk_run /me/consent-texts)
read -r feed_rps feed_p99 < <(wrk_run /events)
read -r cold_rps cold_p99 < <(wrk_run /events "$work/cold.lua")
echo "   trivial $trivial_rps req/s (p99 $trivial_p99 ms); feed cached $feed_rps req/s (p99 $feed_p99 ms); feed cold $cold_rps req/s (p99 $cold_p99 ms)"
# The feed as a rush of residents opens it: every request another resident (her own token, her
# feed context), the page itself from the cache. Saturation first, then half of it, open model.
log "3b. the feed for $members different residents: closed model, $conc at a time, then half of it (open model)"
trivial_many=$(java scripts/bench/Load.java closed method=GET "url=http://127.0.0.1:$app_port/me/consent-texts" \
  tokens="$work/tokens.txt" concurrency="$conc" | tail -1)
echo "   trivial, $members residents: $trivial_many"
feed_many=$(java scripts/bench/Load.java closed method=GET "url=http://127.0.0.1:$app_port/events" \
  tokens="$work/tokens.txt" concurrency="$conc" | tail -1)
[ "$(field errors "$feed_many")" = 0 ] || fail "feed, $members residents: $(field errors "$feed_many") errors"
echo "   $feed_many"
read -r feed_rate feed_secs < <(fixed_rate "$(field rps "$feed_many")")
feed_open=$(java scripts/bench/Load.java open method=GET "url=http://127.0.0.1:$app_port/events" \
  tokens="$work/tokens.txt" rate="$feed_rate" seconds="$feed_secs" | tail -1)
[ "$(field errors "$feed_open")" = 0 ] || fail "feed, open model: $(field errors "$feed_open") errors"
echo "   $feed_open"
rss_end=$(rss VmRSS); hwm_end=$(rss VmHWM)
# Two more sessions for pgbench running the service's own two statements once the app has stopped.
pgb_early=$(new_session "$small" "压测 pgbench fills early")
pgb_all=$(new_session 100000 "压测 pgbench all confirm")
kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true

tps_a=""; tps_b=""; tps_c=""; tps_d=""; bg_a=""; bg_b=""; bg_a10=""; bg_b10=""
tps() { awk -F'|' -v k="$1" '$2 ~ "^ "k" $" { gsub(/ /, "", $6); printf "%.0f\n", $6; exit }' "$2"; }
if [ "${BENCH_PGBENCH:-1}" = 1 ]; then
  log "the limit: pgbench with the service's seat claim and with the naive counter row, $conc clients"
  BENCH_CLIENTS="$conc" BENCH_DURATION=10 bash scripts/bench/pgbench-capacity.sh >"$work/pgbench.txt" 2>&1 \
    || fail "pgbench-capacity.sh reported a failed check (see $work/pgbench.txt)"
  tps_a=$(tps a "$work/pgbench.txt"); tps_b=$(tps b "$work/pgbench.txt")
  tps_c=$(tps c "$work/pgbench.txt"); tps_d=$(tps d "$work/pgbench.txt")
  echo "   pgbench tps: seat rows all-confirm $tps_a, counter row all-confirm $tps_b, seat rows fills-early $tps_c, counter row fills-early $tps_d"
  log "the same with 2,000 other sessions in the seat table (a district's year: production-like plans)"
  BENCH_CLIENTS="$conc" BENCH_DURATION=10 BENCH_BACKGROUND_SESSIONS=2000 bash scripts/bench/pgbench-capacity.sh \
    >"$work/pgbench-bg.txt" 2>&1 || fail "pgbench-capacity.sh (background sessions) reported a failed check"
  bg_a=$(tps a "$work/pgbench-bg.txt"); bg_b=$(tps b "$work/pgbench-bg.txt")
  bg_a10=$(tps a10 "$work/pgbench-bg.txt"); bg_b10=$(tps b10 "$work/pgbench-bg.txt")
  echo "   pgbench tps with background sessions: seat rows $bg_a, counter row $bg_b ($conc clients); $bg_a10, $bg_b10 (10 clients)"
fi

fn_early=""; fn_all=""
if [ "${BENCH_PGBENCH:-1}" = 1 ]; then
  log "the limit of the service's own SQL: pgbench sending the sign-up's two statements (V16), $conc clients"
  pgbench_bin="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)"
  # Existing members for every transaction pgbench can run (pgb-<client>-<k>), as in the service's runs.
  sql "insert into member (subject, display_name) select 'pgb-' || c || '-' || k, '压测'
       from generate_series(0, $conc - 1) c, generate_series(1, 3000) k"
  version=$(sql "select version from event_feed_version where id = 1")
  fn_run() { # session label -> tps
    local out
    out=$(PGPASSWORD=fulian "$pgbench_bin" -h 127.0.0.1 -U fulian -n -M prepared -c "$conc" -j 2 -T 10 \
      -D s="$1" -D v="$version" -D k=0 -f scripts/bench/pgbench/sign-up-functions.sql "$db" 2>&1) \
      || { echo "$out" | tail -5 >&2; fail "pgbench ($2) failed"; }
    local acked; acked=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$out")
    local cap; cap=$(sql "select count(*) from seat where session_id = $1")
    check_session "$1" "$cap" "$acked" "pgbench, service's statements, $2" >&2
    sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | head -1 | awk '{ printf "%.0f\n", $1 }'
  }
  fn_early=$(fn_run "$pgb_early" "fills early"); fn_all=$(fn_run "$pgb_all" "all confirm")
  echo "   pgbench tps, the service's two statements: fills early $fn_early, all confirm $fn_all"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
row() { # label result-line
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field requests "$2")" "$(field ok "$2")" \
    "$(field errors "$2")" "$(field rps "$2")" "$(field p50 "$2")" "$(field p95 "$2")" "$(field p99 "$2")"
}
# ---------------------------------------------------------------- the production shape (issue 18)
prod_section=""
if [ "${BENCH_PRODUCTION_SHAPE:-1}" = 1 ]; then
  # shellcheck source=scripts/bench/production-shape.sh
  . "$here/production-shape.sh"
fi
# Checks that failed inside command substitutions (subshells) were written down: count them all.
failures=$(wc -l <"$work/failed.txt")

cores=$(nproc); ram=$(free -g | awk '/Mem:/ { print $2 }'); java_version=$(java -version 2>&1 | head -1)
pg_version=$(psql -h 127.0.0.1 -U fulian -d postgres -At -c 'show server_version' 2>/dev/null || echo '?')
{
  echo "## Sign-up rush, feed, start-up (issue 7)"
  echo
  echo "$(date -u +%Y-%m-%d) · $cores cores, ${ram} GiB RAM · $java_version · PostgreSQL $pg_version."
  echo "JVM: the pod's options (\`$jvm\`; ADR 0019)."
  echo "Command: \`bash scripts/bench/run.sh\` (the whole runner; this section and the campaign section"
  echo "below come from one run). App, load generator, PostgreSQL and Redis share the same cores."
  echo "Tokens: 2 × $members RS256 JWTs minted up front with a benchmark-only key that the app verifies"
  echo "through its normal OIDC path; $members members exist before the rush, the other $members are"
  echo "created by their first sign-up (1e); the per-address limits are lifted (every request comes"
  echo "from 127.0.0.1)."
  echo
  echo "### Sign-up rush ($members distinct members on one session, $conc concurrent users)"
  echo
  echo "| run | requests | 2xx | errors | sign-ups/s | p50 ms | p95 ms | p99 ms |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|"
  row "first rush after the start (cold JIT), fills early ($small seats), saturation" "$cold"
  row "fills early ($small seats), saturation (closed)" "$early"
  row "more seats than sign-ups, saturation (closed)" "$allc"
  row "first-time members, more seats than sign-ups, saturation" "$newc"
  row "fills early, open model at $rate_e/s" "$early_open"
  row "more seats than sign-ups, open model at $rate_a/s" "$all_open"
  echo
  echo "Cold ÷ warm (first rush after the start ÷ the same rush later; goal ≥ 0.8): **$(ratio "$(field rps "$cold")" "$(field rps "$early")")**."
  echo "First-time ÷ existing members (goal ≥ 0.8): **$(ratio "$(field rps "$newc")" "$(field rps "$allc")")**."
  echo "Database round trips per sign-up, counted on the wire: \`SignUpRoundTripsTest\` (goal ≤ 3): 2 for a first-time member, an existing one, a waitlisted one and one with an Idempotency-Key (ADR 0018)."
  echo
  echo "CPU per sign-up in the saturation runs (\`/proc\` of the app and of every PostgreSQL process):"
  echo
  grep -v warm-up "$work/cpu.txt" | sed -E 's/^ +cpu /- /'
  echo
  echo "After every run the runner checked in PostgreSQL: confirmed ≤ seats (= seats when it fills),"
  echo "seats taken = confirmed, stored sign-ups = acknowledged (2xx), no member twice, every"
  echo "waitlisted entry has its own place. Result: $([ "$failures" = 0 ] && echo "all checks passed" || echo "**$failures check(s) FAILED**")."
  echo
  if [ -n "$fn_early" ]; then
    echo "**The limit in the same run**: pgbench sending the service's own two statements (ADR 0018,"
    echo "\`scripts/bench/pgbench/sign-up-functions.sql\`: \`sign_up_member\` then \`sign_up\`, with the"
    echo "arguments the service gives them, existing members), $conc clients, 10 s, on the app's database"
    echo "after the app stopped; beside it the capacity guard alone (\`scripts/bench/pgbench-capacity.sh\`:"
    echo "insert, seat claim with SKIP LOCKED, status in one transaction) and the naive counter row:"
    echo
    echo "| | fills early | more seats than sign-ups |"
    echo "|---|--:|--:|"
    echo "| service, sign-ups/s (HTTP, JSON, JWT, framework) | $(field rps "$early") | $(field rps "$allc") |"
    echo "| pgbench, the service's own two statements, tps | $fn_early | $fn_all |"
    echo "| **service ÷ pgbench of its own statements** (goal ≥ 0.6) | **$(ratio "$(field rps "$early")" "$fn_early")** | **$(ratio "$(field rps "$allc")" "$fn_all")** |"
    echo "| pgbench, the capacity guard alone (seat rows), tps | $tps_c | $tps_a |"
    echo "| pgbench, naive counter row, tps | $tps_d | $tps_b |"
    echo "| seat rows ÷ naive row (goal ≥ 3 when all confirm) | $(ratio "$tps_c" "$tps_d") | **$(ratio "$tps_a" "$tps_b")** |"
    echo
    echo "With 2,000 other sessions of 100 free seats in the seat table (\`BENCH_BACKGROUND_SESSIONS=2000\`,"
    echo "as in a district's year), all confirm: seat rows $bg_a tps, counter row $bg_b tps at $conc clients"
    echo "(**$(ratio "$bg_a" "$bg_b")**); $bg_a10 and $bg_b10 at 10 clients ($(ratio "$bg_a10" "$bg_b10"))."
    echo
    echo "For context (not a goal): pretix serialised sales per event at roughly 300–400 tickets a"
    echo "minute before it reworked its locking, i.e. 5–7 a second."
    echo
  fi
  [ -z "$prod_section" ] || cat "$prod_section"
  echo "### Feed (wrk, $conc connections, 10 s each, one resident's token)"
  echo
  echo "| endpoint | req/s | p99 ms | ÷ trivial |"
  echo "|---|--:|--:|--:|"
  echo "| \`GET /me/consent-texts\` (trivial: token check, no database) | $trivial_rps | $trivial_p99 | 1.00 |"
  echo "| \`GET /events\` (feed, cached page in Redis) | $feed_rps | $feed_p99 | $(ratio "$feed_rps" "$trivial_rps") |"
  echo "| \`GET /events?from=…\` (feed, cache cold: every request a miss) | $cold_rps | $cold_p99 | $(ratio "$cold_rps" "$trivial_rps") |"
  echo
  echo "The feed as a rush of residents opens it (\`Load.java\`, every request another of $members residents"
  echo "with her own token, $conc at a time; the page from the cache): $(field rps "$feed_many") req/s (p99 $(field p99 "$feed_many") ms)"
  echo "beside the trivial endpoint through the same generator, $(field rps "$trivial_many") req/s: **$(ratio "$(field rps "$feed_many")" "$(field rps "$trivial_many")")** (goal ≥ 0.5)."
  echo "At half of the feed's saturation, open model at $feed_rate req/s for $feed_secs s: p50 $(field p50 "$feed_open") ms,"
  echo "p95 $(field p95 "$feed_open") ms, **p99 $(field p99 "$feed_open") ms** (goal ≤ 50)."
  echo
  echo "### Start-up and memory"
  echo
  echo "| | |"
  echo "|---|--:|"
  echo "| \`java -jar\` to the first answered request (fresh database: all migrations, seeds) | $startup s |"
  echo "| RSS idle | $rss_idle MiB |"
  echo "| RSS after the rush (peak so far) | $rss_rush MiB ($hwm_rush MiB) |"
  echo "| RSS at the end (peak) | $rss_end MiB ($hwm_end MiB) |"
  echo
} >"$work/section.md"

replace_section "$repo/BENCHMARKS.md" "## Sign-up rush, feed, start-up (issue 7)" "$work/section.md"
cat "$work/section.md"
if [ -n "$tps_a" ]; then
  echo "pgbench output:"; grep -E '^\|' "$work/pgbench.txt" "$work/pgbench-bg.txt" || true
fi

if [ "${BENCH_CAMPAIGN:-1}" = 1 ]; then
  log "2. campaign fan-out (scripts/bench/campaign.sh)"
  bash scripts/bench/campaign.sh || fail "the campaign benchmark failed"
fi

log "finished in $(( $(date +%s) - started_all )) s"
if [ "$failures" != 0 ]; then
  log "$failures check(s) FAILED"
  exit 1
fi
