#!/usr/bin/env bash
# Outage drills (issue 8): a sign-up rush while a dependency fails, then checks that nothing
# acknowledged was lost, no seat oversold and nobody signed up twice; anonymous requests for help
# and calls recorded by a caseworker (retried with the same clientRequestId) are offered beside
# every sign-up rush: none acknowledged may be missing, no call stored twice. Scenarios:
#   redis       Redis killed (SIGKILL) mid-rush, started again 8 s later
#   redis-drop  Redis unreachable for 8 s mid-rush: it runs in a network namespace whose
#               iptables drops every packet to it (connections hang instead of being refused)
#   postgres    PostgreSQL restarted (fast shutdown) mid-rush
#   app         the app killed with SIGKILL mid-rush, started again
#   campaign    the app killed with SIGKILL while a push campaign to 20,000 devices is being sent
#               (real Firebase SDK → the fake FCM server), started again: every device reached,
#               devices pushed twice at most the batches in flight at the kill
#   keycloak    Keycloak stopped: issued tokens keep working, new logins fail, readiness reports it
# The drills run their own PostgreSQL cluster (port 5441) and Redis (port 6391) so that a restart
# hits nobody else; Keycloak is the local one (scripts/services.sh), restarted at the end.
# Writes the figures of the run to RELIABILITY.md ("## Last run").
#
# Usage: bash scripts/outage/run.sh [scenario ...]     (all six: about 4 minutes on 2 cores)
#        redis-drop needs root, ip and iptables (installed with apt-get when missing).
#        OUTAGE_LOG=/tmp/app.log keeps the app's log; OUTAGE_RATE [40] sign-ups offered per second.
set -Eeuo pipefail
# Every exit says why (issue 17, 9): the failing line and command, from the ERR trap, printed by
# cleanup when the runner ends with a status other than 0 and no FAIL line said it.
stopped_at=""
trap 'stopped_at="line $LINENO: $BASH_COMMAND (exit $?)"' ERR

here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd -- "$here/../.." && pwd -P)"
cd "$repo"
scenarios=("$@"); [ "${#scenarios[@]}" -gt 0 ] || scenarios=(redis redis-drop postgres app campaign keycloak)

app_port=8097; pg_port=5441; redis_port=6391; fcm_port=18798
netns="fulian-drill-$$"; ns_redis=10.213.0.2
issuer="https://outage.fulian.invalid/realms/fulian"
rate="${OUTAGE_RATE:-40}"   # sign-ups offered per second: well below capacity, so that latency shows the fault
work="$(mktemp -d)"; chmod 755 "$work"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
app_pid=""; failures=0; rows=()
log() { printf '[outage] %s\n' "$*"; }
fail() { printf '[outage] FAIL: %s\n' "$*"; failures=$((failures + 1)); }
sql() { psql -h 127.0.0.1 -p $pg_port -U fulian -d fulian -v ON_ERROR_STOP=1 -q -At -c "$1"; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    printf '[outage] STOPPED with exit %s at %s\n' "$status" "${stopped_at:-an unknown place (a signal?)}" >&2
    [ ! -s "$work/app.log" ] || { echo '[outage] the app log ends with:' >&2; tail -n 20 "$work/app.log" >&2; }
  fi
  [ -z "${OUTAGE_LOG:-}" ] || cp "$work/app.log" "$OUTAGE_LOG" 2>/dev/null || true
  [ -z "$app_pid" ] || kill -9 "$app_pid" 2>/dev/null || true
  [ -z "${fcm_pid:-}" ] || kill "$fcm_pid" 2>/dev/null || true
  redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1 || true
  if ip netns list 2>/dev/null | grep -q "^$netns"; then
    ip netns exec "$netns" redis-cli -h $ns_redis -p $redis_port shutdown nosave >/dev/null 2>&1 || true
    ip link del fdrill0 2>/dev/null || true
    ip netns del "$netns" 2>/dev/null || true
  fi
  as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bash scripts/services.sh start >/dev/null
[ -f target/quarkus-app/quarkus-run.jar ] && [ -z "${OUTAGE_BUILD:-}" ] || ./mvnw -B -q package -DskipTests
java scripts/bench/Load.java mint dir="$work" count=4000 issuer="$issuer" >/dev/null

log "own PostgreSQL on $pg_port and Redis on $redis_port"
mkdir -p "$work/pg"; chown postgres "$work/pg" 2>/dev/null || true
as_postgres "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
  -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
psql -h 127.0.0.1 -p $pg_port -U postgres -q -c "create role fulian login password 'fulian'" \
  -c "create database fulian owner fulian"
start_redis() { redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null; }
start_redis

# How the app trusts tokens: the benchmark key (default), or the local Keycloak (its own drill).
bench_oidc=(-Dquarkus.oidc.auth-server-url= "-Dquarkus.oidc.public-key=$(cat "$work/public.pem")"
  -Dquarkus.oidc.token.issuer=$issuer -Dquarkus.oidc.health.enabled=false)
oidc_opts=("${bench_oidc[@]}")
start_app() { # [extra -D options...]; ready when $probe_token is accepted
  java -Xmx384m \
    -Dquarkus.http.port=$app_port -Dquarkus.management.port=$((app_port + 1000)) \
    -Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:$pg_port/fulian \
    -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:$pg_port/fulian \
    -Dquarkus.redis.hosts=redis://127.0.0.1:$redis_port \
    -Dquarkus.oidc-client.auth-server-url=http://127.0.0.1:8180/realms/fulian \
    "${oidc_opts[@]}" \
    -Dfulian.rate-limits.limits.signed-in-ip.requests=100000000 \
    -Dfulian.rate-limits.limits.write-member.requests=100000000 \
    -Dfulian.rate-limits.limits.anonymous-ip.requests=100000000 \
    -Dfulian.rate-limits.limits.help-anonymous-ip.requests=100000000 \
    -Dfulian.crypto.keys=outage:YmVuY2htYXJrLW9ubHkta2V5LW5vdC1mb3ItdXNlISE= \
    -Dfulian.news.demo-seed=false "$@" \
    -jar target/quarkus-app/quarkus-run.jar >>"$work/app.log" 2>&1 &
  app_pid=$!
  echo "$app_pid" >"$work/app.pid"
  local t0; t0=$(date +%s.%N)
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $probe_token" \
      "127.0.0.1:$app_port/me/consent-texts" || true)" = 200 ] && {
      awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", e - s }'; return; }
    sleep 0.2
  done
  tail -20 "$work/app.log" >&2; echo "the app did not start" >&2; exit 1
}
token1="$(head -1 "$work/tokens.txt" | cut -d' ' -f2)"
probe_token="$token1"
admin="$(cat "$work/admin.txt")"
start_app >/dev/null
awk '{ printf "%s,演练%d\n", $1, NR }' "$work/tokens.txt" >"$work/members.csv"
psql -h 127.0.0.1 -p $pg_port -U fulian -d fulian -q -v ON_ERROR_STOP=1 \
  -c "\\copy member (subject, display_name) from '$work/members.csv' with (format csv)"
district=$(sql "select id from org_unit where code = 'FT'")
# The caseworker who records calls during the drills: a seat at FT-01-01 (the prod jar seeds no
# demo appointments), her token minted with the others.
own=$(sql "select id from org_unit where code = 'FT-01-01'")
caseworker="$(cat "$work/caseworker.txt")"
sql "insert into case_team (subject, org_unit_id, role, assigned_by) values ('0a000000-0000-4000-8000-000000000007', $own, 'CASEWORKER', 'outage-drill')" >/dev/null
# shellcheck source=scripts/bench/lib.sh
. "$repo/scripts/bench/lib.sh"

field() { sed -E "s/.*[ ^]$1=([^ ]+).*/\\1/" <<<" $2"; }

# Requests for help offered beside the rush, anonymously, 2 a second (ADR 0020: an acknowledged
# request for help is never lost); the reference code of every 201 is kept, every answer counted.
offer_help() { # name seconds
  local end=$((SECONDS + $2)) n=0 out code
  : >"$work/help-$1.txt"; : >"$work/help-codes-$1.txt"
  while [ "$SECONDS" -lt "$end" ]; do
    n=$((n + 1))
    out=$(curl -s -m 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"category\":\"OTHER\",\"account\":\"演练求助 $1 $n\",\"contactBy\":\"INBOX_ONLY\"}" \
      "127.0.0.1:$app_port/help-requests" || true)
    code=$(tail -1 <<<"$out")
    echo "${code:-000}" >>"$work/help-codes-$1.txt"
    [ "$code" != 201 ] || sed -nE 's/.*"reference":"([^"]+)".*/\1/p' <<<"$out" | head -1 >>"$work/help-$1.txt"
    sleep 0.5
  done
}

# Calls recorded by the caseworker beside the rush, 1 a second, each with its own clientRequestId
# and retried with the same id (up to 3 times, 1 s apart) until acknowledged, as the console does.
offer_staff() { # name seconds
  local end=$((SECONDS + $2)) n=0 id code try
  : >"$work/staff-$1.txt"; : >"$work/staff-codes-$1.txt"
  while [ "$SECONDS" -lt "$end" ]; do
    n=$((n + 1)); id=$(cat /proc/sys/kernel/random/uuid)
    for try in 1 2 3 4; do
      code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $caseworker" \
        -d "{\"clientRequestId\":\"$id\",\"category\":\"MARRIAGE_FAMILY\",\"account\":\"演练来电 $1 $n\",\"contactBy\":\"PHONE\",\"safeContact\":\"13800000000 工作日白天\",\"orgUnitId\":$own,\"channel\":\"PHONE\"}" \
        "127.0.0.1:$app_port/case-work/help-requests" || true)
      echo "${code:-000}" >>"$work/staff-codes-$1.txt"
      case "$code" in 200|201) echo "$id" >>"$work/staff-$1.txt"; break ;; esac
      [ "$try" = 4 ] || sleep 1
    done
    sleep 1
  done
}

# After a drill: every acknowledged call is stored, once.
check_staff() { # name
  local acked missing dup answers
  acked=$(wc -l <"$work/staff-$1.txt")
  cp "$work/staff-$1.txt" "$work/staff-ids.csv"
  missing=$(psql -h 127.0.0.1 -p $pg_port -U fulian -d fulian -At -q \
    -c "create temp table s (id uuid)" \
    -c "\\copy s from '$work/staff-ids.csv'" \
    -c "select count(*) from s where not exists (select 1 from help_request r where r.client_request_id = s.id)" | tail -1)
  dup=$(sql "select count(*) - count(distinct client_request_id) from help_request where recorded_by is not null and client_request_id is not null")
  answers=$(sed 's/^000$/0/' "$work/staff-codes-$1.txt" | sort | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? "," : ""), $2, $1 }')
  echo "   calls recorded by staff: offered $(wc -l <"$work/staff-codes-$1.txt") tries, acknowledged $acked, acknowledged but missing $missing, stored twice $dup; answers $answers"
  [ "$missing" = 0 ] || fail "$1: $missing acknowledged calls are missing"
  [ "$dup" = 0 ] || fail "$1: $dup calls stored twice"
  if grep -qvE '^(200|201|503|000)$' "$work/staff-codes-$1.txt"; then
    fail "$1: calls answered other than 201 or 503: $answers"
  fi
  rows+=("| $1: calls recorded by staff | $(wc -l <"$work/staff-codes-$1.txt") | $acked | $((acked - missing)) | $missing | $answers | | | | |")
}

# After a drill: every acknowledged request for help is stored (looked up by its code's SHA-256).
check_help() { # name
  local acked missing answers
  acked=$(wc -l <"$work/help-$1.txt")
  while read -r ref; do printf '%s' "$ref" | sha256sum | cut -d' ' -f1; done \
    <"$work/help-$1.txt" >"$work/help-hashes.csv"
  missing=$(psql -h 127.0.0.1 -p $pg_port -U fulian -d fulian -At -q \
    -c "create temp table h (hash text)" \
    -c "\\copy h from '$work/help-hashes.csv'" \
    -c "select count(*) from h where not exists (select 1 from help_request r where r.reference_hash = h.hash)" | tail -1)
  answers=$(sed 's/^000$/0/' "$work/help-codes-$1.txt" | sort | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? "," : ""), $2, $1 }')
  echo "   requests for help: offered $(wc -l <"$work/help-codes-$1.txt"), acknowledged $acked, acknowledged but missing $missing; answers $answers"
  [ "$missing" = 0 ] || fail "$1: $missing acknowledged requests for help are missing"
  if grep -qvE '^(201|503|000)$' "$work/help-codes-$1.txt"; then
    fail "$1: requests for help answered other than 201 or 503: $answers"
  fi
  rows+=("| $1: requests for help | $(wc -l <"$work/help-codes-$1.txt") | $acked | $((acked - missing)) | $missing | $answers | | | | |")
}

# One drill: a session of 300 seats, sign-ups offered at $rate/s for $2 s while "$3" runs in the
# background (the fault); then every acknowledged sign-up must be stored, and the usual checks.
drill() { # name seconds fault-function
  local s out acked stored missing confirmed taken dup
  s=$(new_session 300 "演练 $1")
  "$3" &
  local fault=$!
  offer_help "$1" "$2" &
  local helper=$!
  offer_staff "$1" "$2" &
  local staff=$!
  out=$(java scripts/bench/Load.java open method=POST "url=http://127.0.0.1:$app_port/sessions/$s/registrations" \
    tokens="$work/tokens.txt" rate="$rate" seconds="$2" body='{}' acks="$work/acks-$1.txt" | tail -1)
  wait "$fault" || true
  wait "$helper" || true
  wait "$staff" || true
  app_pid=$(cat "$work/app.pid") # a fault may have restarted the app (in its own subshell)
  # the app may have been restarted by the fault; wait until it answers again
  for _ in $(seq 1 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token1" "127.0.0.1:$app_port/me/consent-texts" || true)" = 200 ] && break
    sleep 0.2
  done
  acked=$(wc -l <"$work/acks-$1.txt")
  cp "$work/acks-$1.txt" "$work/acked.csv"
  missing=$(psql -h 127.0.0.1 -p $pg_port -U fulian -d fulian -At -q \
    -c "create temp table acked (subject text)" \
    -c "\\copy acked from '$work/acked.csv'" \
    -c "select count(*) from acked a where not exists (select 1 from registration r join member m on m.id = r.member_id where r.session_id = $s and m.subject = a.subject)" | tail -1)
  stored=$(sql "select count(*) from registration where session_id = $s")
  confirmed=$(sql "select count(*) from registration where session_id = $s and status = 'CONFIRMED'")
  taken=$(sql "select count(*) from seat where session_id = $s and registration_id is not null")
  dup=$(sql "select count(*) - count(distinct member_id) from registration where session_id = $s")
  echo "   $out"
  echo "   acknowledged $acked, stored $stored, acknowledged but missing $missing; confirmed $confirmed of 300, seats taken $taken, duplicates $dup"
  [ "$missing" = 0 ] || fail "$1: $missing acknowledged sign-ups are missing"
  [ "$confirmed" -le 300 ] || fail "$1: oversold ($confirmed confirmed of 300)"
  [ "$taken" = "$confirmed" ] || fail "$1: $taken seats taken for $confirmed confirmed"
  [ "$dup" = 0 ] || fail "$1: $dup duplicate sign-ups"
  # a dependency's failure is a 503 (with Retry-After), never another 5xx
  if grep -qE '(^|,)5(0[0-24-9]|[1-9][0-9]):' <<<"$(field codes "$out")"; then
    fail "$1: answers other than 503 among the 5xx: $(field codes "$out")"
  fi
  local recovery; recovery=$(cat "$work/recovery" 2>/dev/null || echo "—")
  rows+=("| $1 | $(field requests "$out") | $acked | $stored | $missing | $(field codes "$out") | $(field p50 "$out") | $(field p99 "$out") | $(field max "$out") | $recovery |")
  check_help "$1"
  check_staff "$1"
}

fault_redis() {
  sleep 4; redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1 || true
  sleep 8; start_redis
  local t0; t0=$(date +%s.%N)
  # the rate limiter skips Redis for fulian.rate-limits.redis-skip (5 s) after a failure
  for _ in $(seq 1 100); do
    curl -s "127.0.0.1:$((app_port + 1000))/q/health/ready" | tr -d ' \n' | grep -q '"name":"redis","status":"UP"' && break
    sleep 0.2
  done
  awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s\n", e - s }' >"$work/recovery"
}
fault_postgres() {
  sleep 4
  local t0; t0=$(date +%s.%N)
  as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m fast -w restart \
    -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" >/dev/null
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token1" "127.0.0.1:$app_port/me" || true)" = 200 ] && break
    sleep 0.1
  done
  awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s\n", e - s }' >"$work/recovery"
}
fault_app() {
  sleep 4; kill -9 "$app_pid"; wait "$app_pid" 2>/dev/null || true
  start_app >"$work/recovery.raw"
  echo "$(cat "$work/recovery.raw") s (restart)" >"$work/recovery"
}

restart_app() { # [extra -D options...]: the drill app again, with other options
  kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true
  start_app "$@" >/dev/null
}

# Redis behind a network namespace (veth pair 10.213.0.1 ↔ 10.213.0.2): iptables inside the
# namespace drops packets to it, so the app's connections hang rather than fail fast.
setup_netns() {
  [ "$(id -u)" = 0 ] || { echo "redis-drop needs root" >&2; return 1; }
  command -v iptables >/dev/null || apt-get install -y -qq iptables >/dev/null </dev/null
  ip netns add "$netns"
  ip link add fdrill0 type veth peer name fdrill1
  ip link set fdrill1 netns "$netns"
  ip addr add 10.213.0.1/30 dev fdrill0; ip link set fdrill0 up
  ip netns exec "$netns" ip addr add $ns_redis/30 dev fdrill1
  ip netns exec "$netns" ip link set fdrill1 up
  ip netns exec "$netns" ip link set lo up
  # protected mode off: only the veth peer in this private namespace can reach it
  ip netns exec "$netns" redis-server --port $redis_port --bind $ns_redis --protected-mode no --save '' \
    --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 50); do
    [ "$(redis-cli -h $ns_redis -p $redis_port ping 2>/dev/null)" = PONG ] && return 0; sleep 0.1
  done
  echo "Redis in the namespace did not start" >&2; return 1
}
fault_redis_drop() {
  sleep 4
  ip netns exec "$netns" iptables -I INPUT -p tcp --dport $redis_port -j DROP
  sleep 8
  ip netns exec "$netns" iptables -D INPUT -p tcp --dport $redis_port -j DROP
  local t0; t0=$(date +%s.%N)
  for _ in $(seq 1 300); do
    curl -s -m 2 "127.0.0.1:$((app_port + 1000))/q/health/ready" | tr -d ' \n' | grep -q '"name":"redis","status":"UP"' && break
    sleep 0.2
  done
  awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s\n", e - s }' >"$work/recovery"
}

# A campaign to 20,000 devices; the app is killed once a quarter of them is pushed, then started
# again. Claimed batches come back after their lease (10 s here, 2 min in production).
campaign_members=20000; campaign_batch=200; campaign_workers=2
campaign_app() {
  restart_app -Dfulian.push.fcm.enabled=true -Dfulian.push.fcm.endpoint=http://127.0.0.1:$fcm_port \
    -Dfulian.push.fcm.project-id=jufu-drill -Dfulian.push.fcm.max-in-flight=40 \
    -Dfulian.campaigns.batch-size=$campaign_batch -Dfulian.campaigns.workers=$campaign_workers \
    -Dfulian.campaigns.lease=10s -Dfulian.campaigns.daily-cap-per-member=100
}
campaign_drill() {
  log "building the test classes (the fake FCM lives there)"
  # Maven writes its errors to stdout: kept in a file and shown, never swallowed (issue 17, 9).
  if ! ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/classpath.txt >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log"
    fail "campaign: building the fake FCM failed (another build in target/ at the same time?)"
    return
  fi
  java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
    cn.futian.jufu.testing.fakes.FakeFcm $fcm_port 40 norecord >"$work/fcm.log" 2>&1 &
  fcm_pid=$!
  for _ in $(seq 1 100); do curl -fs "127.0.0.1:$fcm_port/fake/stats" >/dev/null && break; sleep 0.2; done
  curl -fs "127.0.0.1:$fcm_port/fake/stats" >/dev/null || { tail -n 20 "$work/fcm.log"; fail "campaign: the fake FCM did not start"; return; }
  local unit id status stats delivered twice claimed t_kill t_done pushed_at_kill
  unit=$(sql "select id from org_unit where code = 'FT-05'")
  sql "insert into member (subject, display_name) select 'drill-c-' || g, '演练推送' || g from generate_series(1, $campaign_members) g;
    insert into notification_preference (member_id, campaigns_opted_in_at, quiet_enabled)
      select id, now(), false from member where subject like 'drill-c-%';
    insert into device (member_id, token, platform)
      select id, 'drill-token-' || id, 'ANDROID' from member where subject like 'drill-c-%';
    insert into member_follow (member_id, org_unit_id) select id, $unit from member where subject like 'drill-c-%';
    analyze member; analyze device; analyze member_follow; analyze notification_preference"
  campaign_app
  id=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"ownerUnitId\":$district,\"titleZh\":\"演练推送\",\"bodyZh\":\"断电演练\",\"audience\":{\"followersOf\":$unit}}" \
    "127.0.0.1:$app_port/campaigns" | sed -E 's/^\{"id":([0-9]+).*/\1/' || true)
  [[ "$id" =~ ^[0-9]+$ ]] || { fail "campaign: not created ($id)"; return; }
  curl -fsS -X POST -H "Authorization: Bearer $admin" "127.0.0.1:$app_port/campaigns/$id/send" >/dev/null ||
    { fail "campaign: send refused"; return; }
  # A read of the fake's figures that fails (it is busy with thousands of pushes) is read again,
  # never a silent end of the runner.
  for _ in $(seq 1 600); do
    delivered=$(curl -fs "127.0.0.1:$fcm_port/fake/stats" | tr -d ' \n' | sed -E 's/.*"delivered":([0-9]+).*/\1/' || true)
    [[ "$delivered" =~ ^[0-9]+$ ]] && [ "$delivered" -ge $((campaign_members / 4)) ] && break
    sleep 0.1
  done
  kill -9 "$app_pid" 2>/dev/null || fail "campaign: the app had died before the kill (see its log)"
  wait "$app_pid" 2>/dev/null || true
  t_kill=$(date +%s.%N)
  sleep 1 # requests the SDK had on the wire are answered by now
  pushed_at_kill=$(curl -fs "127.0.0.1:$fcm_port/fake/stats" | tr -d ' \n' | sed -E 's/.*"delivered":([0-9]+).*/\1/' || true)
  claimed=$(sql "select count(*) from campaign_batch where campaign_id = $id and status = 'CLAIMED'")
  campaign_app
  status=""
  for _ in $(seq 1 900); do
    status=$(curl -fs -H "Authorization: Bearer $admin" "127.0.0.1:$app_port/campaigns/$id" \
      | sed -E 's/.*"status":"([A-Z_]+)".*/\1/' || true)
    [ "$status" = COMPLETED ] && break
    sleep 0.2
  done
  t_done=$(date +%s.%N)
  stats=$(curl -fs "127.0.0.1:$fcm_port/fake/stats" | tr -d ' \n' || true)
  delivered=$(sed -E 's/.*"distinctTokens":([0-9]+).*/\1/' <<<"$stats")
  twice=$(sed -E 's/.*"tokensDeliveredMoreThanOnce":([0-9]+).*/\1/' <<<"$stats")
  local bound=$((claimed * campaign_batch)) resumed
  resumed=$(awk -v s="$t_kill" -v e="$t_done" 'BEGIN { printf "%.1f s", e - s }')
  echo "   pushed at the kill $pushed_at_kill, batches claimed then $claimed (bound $bound); after restart: status $status, devices reached $delivered of $campaign_members, pushed twice $twice, done $resumed after the kill"
  [ "$status" = COMPLETED ] || fail "campaign: not completed after the restart ($status)"
  [ "$delivered" = "$campaign_members" ] || fail "campaign: $delivered of $campaign_members devices reached"
  [ "$twice" -le "$bound" ] || fail "campaign: $twice devices pushed twice, more than the $bound in flight"
  rows+=("| campaign ($campaign_members devices) | pushed at kill $pushed_at_kill | | reached $delivered | | pushed twice $twice (bound $bound) | | | | completed $resumed after the kill (lease 10 s) |")
  kill "$fcm_pid" 2>/dev/null || true; fcm_pid=""
  restart_app
}

for sc in "${scenarios[@]}"; do
  case "$sc" in
    redis-drop)
      log "drill: redis-drop (packets to Redis dropped for 8 s; $rate sign-ups/s for 16 s)"
      rm -f "$work/recovery"
      if setup_netns; then
        restart_app -Dquarkus.redis.hosts=redis://$ns_redis:$redis_port
        drill "$sc" 16 fault_redis_drop
        restart_app
      else
        fail "redis-drop: could not set up the network namespace"
      fi
      ;;
    campaign)
      log "drill: app killed during a campaign to $campaign_members devices"
      campaign_drill
      ;;
    redis|postgres|app)
      log "drill: $sc ($rate sign-ups/s for 16 s)"
      rm -f "$work/recovery"
      drill "$sc" 16 "fault_$sc"
      ;;
    keycloak)
      log "drill: keycloak stopped"
      kc_token=$(curl -fs -d grant_type=password -d client_id=fulian-app -d username=resident-a \
        -d password=fulian-demo http://127.0.0.1:8180/realms/fulian/protocol/openid-connect/token \
        | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
      # an app that trusts the real Keycloak (keys fetched while it is up)
      oidc_opts=(-Dquarkus.oidc.health.enabled=true); probe_token="$kc_token"
      restart_app
      before=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $kc_token" "127.0.0.1:$app_port/me")
      bash scripts/services.sh stop >/dev/null 2>&1 || true
      # services.sh stop leaves PostgreSQL/Redis it did not start; Keycloak is the one it owns
      during=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $kc_token" "127.0.0.1:$app_port/me")
      login=$(curl -s -o /dev/null -w '%{http_code}' -d grant_type=password -d client_id=fulian-app \
        -d username=resident-a -d password=fulian-demo http://127.0.0.1:8180/realms/fulian/protocol/openid-connect/token || true)
      ready=$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$((app_port + 1000))/q/health/ready")
      live=$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$((app_port + 1000))/q/health/live")
      echo "   issued token before $before, while Keycloak is down $during; a new login: HTTP $login (000 = refused); readiness $ready, liveness $live"
      [ "$during" = 200 ] || fail "keycloak: an issued token stopped working ($during)"
      [ "$login" != 200 ] || fail "keycloak: a login succeeded while Keycloak was down"
      [ "$live" = 200 ] || fail "keycloak: liveness failed ($live)"
      t0=$(date +%s.%N)
      bash scripts/services.sh start >/dev/null
      kc_back=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f s", e - s }')
      rows+=("| keycloak | token issued before: $before → $during while down | | | | new login: $login | | | | Keycloak back in $kc_back; readiness while down $ready, liveness $live |")
      ;;
    *) echo "unknown scenario $sc" >&2; exit 2 ;;
  esac
done

{
  echo "## Last run"
  echo
  echo "$(date -u +%Y-%m-%d) · $(nproc) cores · \`bash scripts/outage/run.sh\` · sign-ups offered at $rate/s for"
  echo "16 s on a session of 300 seats, the fault 4 s in, and anonymous requests for help offered beside"
  echo "them at 2/s. Codes: HTTP status:count (0 = no answer)."
  echo
  echo "| drill | requests | acknowledged | stored | acknowledged but missing | answers | p50 ms | p99 ms | max ms | recovery |"
  echo "|---|--:|--:|--:|--:|---|--:|--:|--:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Checks: $([ "$failures" = 0 ] && echo "all passed (no acknowledged sign-up or request for help missing, no seat oversold, no duplicate)" || echo "**$failures FAILED**")."
} >"$work/section.md"
cat "$work/section.md"
replace_section "$repo/RELIABILITY.md" "## Last run" "$work/section.md"
[ "$failures" = 0 ] || exit 1
