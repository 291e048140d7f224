# The sign-up rush in the shape the service is deployed in (issue 18); sourced by
# scripts/bench/run.sh, which it reports to through $prod_section (a Markdown file).
#   - tokens issued by the real Keycloak of scripts/services.sh to distinct users (minted ahead of
#     the rush with the password grant); the service verifies them as in production: discovery,
#     JWKS, RS256, issuer, audience;
#   - nginx in front, configured like ingress-nginx (scripts/proxy-check.sh: forwarded headers,
#     upstream keep-alive), the service trusting it as the prod overlay trusts the Ingress;
#   - settings from the environment only, the prod limits (none lifted: every resident comes
#     through one address here, so the per-address flood guard is in force at its prod value),
#     the pod's JVM options (pod_java_options in lib.sh: the image's run-java.sh defaults with the
#     ConfigMap's collector and heap ratio, the pod's 2 CPUs and 1 GiB);
#   - members who do not exist before the rush (their first call creates them), then the same
#     members again; at least 300 concurrent users; an open-model run at half of saturation.
#     The first rush after the start is compared with first-time members once the JIT is warm
#     (P3), and first-time with existing members both warm (P3, P4).
# Environment: BENCH_PROD_USERS [3000] Keycloak users (half per first-time run),
#              BENCH_PROD_CONCURRENCY [300] users of the closed-model runs.

prod_users="${BENCH_PROD_USERS:-3000}"
prod_conc="${BENCH_PROD_CONCURRENCY:-300}"
prod_port=8097
proxy_port=18097
lab_db=$db
db=fulian_bench_prod

log "P. production shape: minting $prod_users tokens from Keycloak (password grant, realm fulian)"
kc_out=$(java scripts/bench/Load.java keycloak dir="$work" count="$prod_users" prefix=bench-resident | tail -1)
echo "   $kc_out"
half=$((prod_users / 2))
head -n "$half" "$work/kc-tokens.txt" >"$work/kc-first.txt"
tail -n +"$((half + 1))" "$work/kc-tokens.txt" >"$work/kc-second.txt"

psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 \
  -c "drop database if exists $db" -c "create database $db owner fulian"
FULIAN_PROXY_CHECK_PORT=$proxy_port FULIAN_PROXY_APP_PORT=$prod_port FULIAN_PROXY_ACCESS_LOG=off \
  bash scripts/proxy-check.sh start >/dev/null

prod_rss() { awk -v k="$1:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$prod_pid/status"; }
prod_start() { # log-file -> starts the jar as the prod overlay runs it, waits for readiness; sets prod_pid, prod_ready (s)
  local launched code=""
  launched=$(date +%s.%N)
  # shellcheck disable=SC2046
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$prod_port \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$((prod_port + 1000)) \
    QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$db \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db \
    QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/4 \
    QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true \
    QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
    QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1/32 \
    QUARKUS_SWAGGER_UI_ENABLED=false \
    FULIAN_SEEDS_DEMO_ASSIGNMENTS=false \
    FULIAN_LINKS_BASE_URL=https://api.bench.fulian.invalid \
    FULIAN_CRYPTO_KEYS="bench:YmVuY2htYXJrLW9ubHkta2V5LW5vdC1mb3ItdXNlISE=" \
    java $(pod_java_options) -Dvertx.cacheDirBase="$work/vertx-cache" \
    -jar target/quarkus-app/quarkus-run.jar >"$1" 2>&1 &
  prod_pid=$!; pids+=("$prod_pid")
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$((prod_port + 1000))/q/health/ready" || true)
    [ "$code" = 200 ] && break
    kill -0 "$prod_pid" 2>/dev/null || { tail -30 "$1"; echo "the prod-shape app died" >&2; exit 1; }
    sleep 0.1
  done
  [ "$code" = 200 ] || { tail -30 "$1"; echo "the prod-shape app did not get ready" >&2; exit 1; }
  prod_ready=$(awk -v s="$launched" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
}

log "P. starting the jar as the prod overlay runs it (environment only, the pod's JVM options)"
prod_start "$work/prod-app.log"
log "P. ready (readiness probe) after $prod_ready s; RSS $(prod_rss VmRSS) MiB"

admin="$(cat "$work/kc-admin.txt")"
app_port=$prod_port
district=$(sql "select id from org_unit where code = 'FT'")
via="http://127.0.0.1:$proxy_port"

prod_closed() { # tokens-file label -> result line; a session with more seats than sign-ups
  local s out
  s=$(new_session 100000 "压测 $2")
  out=$(java scripts/bench/Load.java closed method=POST "url=$via/sessions/$s/registrations" \
    tokens="$1" concurrency="$prod_conc" body='{}' | tail -1)
  check_session "$s" 100000 "$(field ok "$out")" "production shape, $2" >&2
  echo "$out"
}

log "P1. the first rush after the start: $half first-time members, $prod_conc at a time, through nginx"
p_cold=$(prod_closed "$work/kc-first.txt" "first rush after the start, first-time members"); echo "   $p_cold"
log "P2. the same members again right after (existing members, the JIT still warming)"
p_warming=$(prod_closed "$work/kc-first.txt" "existing members, second rush"); echo "   $p_warming"
log "P3. warm: the other $half, first-time members"
p_new=$(prod_closed "$work/kc-second.txt" "first-time members (warm)"); echo "   $p_new"
log "P4. warm: the first $half again, existing members"
p_old=$(prod_closed "$work/kc-first.txt" "existing members (warm)"); echo "   $p_old"
p_rss_rush=$(prod_rss VmRSS); p_hwm_rush=$(prod_rss VmHWM)
read -r p_rate p_secs < <(awk -v r="$(field rps "$p_old")" -v n="$prod_users" 'BEGIN {
  rate = int(r / 2 / 10) * 10; if (rate < 10) rate = 10; s = 10; if (rate * s > n) s = int(n / rate);
  printf "%d %d\n", rate, s }')
log "P5. open model at $p_rate/s for $p_secs s (half of P4's saturation), existing members"
p_s=$(new_session 100000 "压测 open model")
p_open=$(java scripts/bench/Load.java open method=POST "url=$via/sessions/$p_s/registrations" \
  tokens="$work/kc-tokens.txt" rate="$p_rate" seconds="$p_secs" body='{}' | tail -1)
check_session "$p_s" 100000 "$(field ok "$p_open")" "production shape, open model"
echo "   $p_open"
p_rss_end=$(prod_rss VmRSS); p_hwm_end=$(prod_rss VmHWM)
dup_members=$(sql "select count(*) - count(distinct subject) from member")
[ "$dup_members" = 0 ] || fail "production shape: $dup_members duplicate members"
members_made=$(sql "select count(*) from member where subject not like 'pgb-%'")
prod_first_ready=$prod_ready
kill "$prod_pid" 2>/dev/null || true; wait "$prod_pid" 2>/dev/null || true
log "P6. a restart on the database the runs filled (a pod replaced during a deploy)"
prod_start "$work/prod-app-restart.log"
prod_restart_ready=$prod_ready
restart_ok=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$work/kc-tokens.txt" | cut -d' ' -f2)" "$via/events" || true)
[ "$restart_ok" = 200 ] || fail "production shape: GET /events after the restart answered $restart_ok"
echo "   ready after $prod_restart_ready s; GET /events $restart_ok"
kill "$prod_pid" 2>/dev/null || true; wait "$prod_pid" 2>/dev/null || true
FULIAN_PROXY_CHECK_PORT=$proxy_port FULIAN_PROXY_APP_PORT=$prod_port bash scripts/proxy-check.sh stop >/dev/null

prod_section="$work/prod-section.md"
{
  echo "### The production shape (issue 18)"
  echo
  echo "Keycloak-issued tokens for $prod_users distinct users (\`Load.java keycloak\`: $kc_out),"
  echo "verified by the service through discovery and JWKS (RS256) as in production; nginx in front,"
  echo "configured like ingress-nginx (\`scripts/proxy-check.sh\`: forwarded headers, upstream"
  echo "keep-alive); the jar started with settings from the environment only and the pod's JVM options"
  echo "(ADR 0019: the serial collector, the heap at 70 % of the pod's 1 GiB, its 2 CPUs); every prod"
  echo "rate limit in force (all residents come through one address here, so the per-address flood"
  echo "guard counts them all at its prod value); $prod_conc concurrent users; a session with more seats"
  echo "than sign-ups each time."
  echo
  echo "| run | requests | 2xx | errors | sign-ups/s | p50 ms | p95 ms | p99 ms |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|"
  row "P1. first rush after the start, $half first-time members" "$p_cold"
  row "P2. right after, the same $half again (existing)" "$p_warming"
  row "P3. warm, $half other first-time members" "$p_new"
  row "P4. warm, the first $half again (existing)" "$p_old"
  row "P5. open model at $p_rate/s (half of P4), existing members" "$p_open"
  echo
  echo "- First-time ÷ existing members, both warm (P3 ÷ P4; goal ≥ 0.8): **$(ratio "$(field rps "$p_new")" "$(field rps "$p_old")")**."
  echo "- First rush after the start ÷ the same kind of rush warm (P1 ÷ P3, first-time members; goal ≥ 0.8): **$(ratio "$(field rps "$p_cold")" "$(field rps "$p_new")")**."
  echo "- p99 at half of saturation (P5; goal ≤ 100 ms): **$(field p99 "$p_open") ms**."
  echo "- Ready (readiness probe answered) $prod_first_ready s after \`java -jar\` on a fresh database (all migrations),"
  echo "  $prod_restart_ready s after a restart on the database the runs filled (goal ≤ 4 s); RSS after"
  echo "  the closed runs $p_rss_rush MiB (peak $p_hwm_rush), at the end $p_rss_end MiB (peak $p_hwm_end; goal ≤ 400)."
  echo "- Checked in PostgreSQL after every run: no seat oversold, every acknowledged sign-up stored,"
  echo "  none stored unacknowledged, no member twice ($members_made members, every one made by her"
  echo "  first call during P1 and P3; $dup_members duplicates)."
  echo
} >"$prod_section"
db=$lab_db
