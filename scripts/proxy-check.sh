#!/usr/bin/env bash
# The service behind a real nginx configured the way ingress-nginx forwards (X-Forwarded-For
# appended with $proxy_add_x_forwarded_for, X-Real-IP, X-Forwarded-Proto), started from the jar
# that ships with settings from the environment only, as in k8s/overlays/prod: forwarded headers
# believed from the proxy alone (ADR 0015). Residents come from distinct loopback addresses
# (curl --interface 127.0.0.N). It checks that
#   - the per-address limit counts each resident's own address, not the proxy's;
#   - a resident writing X-Forwarded-For herself gains nothing (the proxy's hop is the one counted);
#   - a caller that bypasses the proxy cannot claim an address with the header;
#   - the audit log records the resident's address;
#   - the console's sign-in redirects to Keycloak with an https redirect_uri on the proxy's host.
# Usage: scripts/proxy-check.sh            (after ./mvnw package; scripts/test.sh runs it)
#        scripts/proxy-check.sh start|stop (only the nginx, on 127.0.0.1:18080 → 127.0.0.1:8095;
#        FULIAN_PROXY_CHECK_PORT and FULIAN_PROXY_APP_PORT change them: scripts/bench/run.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

NGINX_PORT="${FULIAN_PROXY_CHECK_PORT:-18080}"
APP_PORT="${FULIAN_PROXY_APP_PORT:-8095}"
dir="$root/.local/nginx"
log() { printf '[proxy-check] %s\n' "$*"; }
die() { printf '[proxy-check] FAILED: %s\n' "$*" >&2; exit 1; }

nginx_start() {
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    log "installing Debian's nginx"
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    # The package's own service is not used: policy-rc.d keeps apt from starting it.
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
    $sudo_cmd chmod +x /usr/sbin/policy-rc.d
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light </dev/null >/dev/null
    $sudo_cmd rm -f /usr/sbin/policy-rc.d
  fi
  mkdir -p "$dir/logs" "$dir/tmp"
  # ingress-nginx's defaults where they matter for throughput: a worker per core, 16384
  # connections per worker, keep-alive connections to the upstream (320, 10000 requests each).
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile 65535;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 16384; }
http {
  access_log ${FULIAN_PROXY_ACCESS_LOG:-$dir/logs/access.log};
  upstream app {
    server 127.0.0.1:$APP_PORT;
    keepalive 320;
    keepalive_requests 10000;
    keepalive_timeout 60s;
  }
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      client_max_body_size 10m;
      proxy_set_header Host \$host;
      proxy_set_header X-Real-IP \$remote_addr;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
    }
  }
}
CONF
  nginx_stop
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -c "$dir/nginx.conf"
  log "nginx on 127.0.0.1:$NGINX_PORT → 127.0.0.1:$APP_PORT"
}

nginx_stop() {
  if [ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
    kill "$(cat "$dir/nginx.pid")"
    for _ in $(seq 1 20); do kill -0 "$(cat "$dir/nginx.pid" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/nginx.pid"
}

case "${1:-check}" in
  start) nginx_start; exit 0 ;;
  stop) nginx_stop; exit 0 ;;
  check) ;;
  *) echo "usage: $0 [check|start|stop]" >&2; exit 2 ;;
esac

[ -f target/quarkus-app/quarkus-run.jar ] || die "no target/quarkus-app/quarkus-run.jar: run ./mvnw package first"
command -v jq >/dev/null 2>&1 || die "jq is needed (scripts/services.sh installs it)"

app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  nginx_stop
}
trap cleanup EXIT

nginx_start
# The prod overlay's shape: settings from the environment only, forwarding believed from the proxy.
# Five anonymous calls per address and minute, so that a few calls show whose address is counted.
log "starting the service on 127.0.0.1:$APP_PORT (settings from the environment)"
env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$APP_PORT \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$((APP_PORT + 1000)) \
  QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/fulian_proxy \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/fulian_proxy \
  QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/2 \
  QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true \
  QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
  QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1/32 \
  QUARKUS_SCHEDULER_ENABLED=false \
  FULIAN_LINKS_BASE_URL=https://proxy-check.fulian.example.invalid \
  FULIAN_RATE_LIMITS_LIMITS_ANONYMOUS_IP_REQUESTS=5 \
  FULIAN_CRYPTO_KEYS="local-dev:ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=" \
  java -Xmx256m -jar target/quarkus-app/quarkus-run.jar >"$dir/logs/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 180); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.250 "http://127.0.0.1:$((APP_PORT + 1000))/q/health/ready" || true)" = 200 ] && break
  kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$dir/logs/app.log" >&2; die "the service did not start"; }
  sleep 0.5
done

redis-cli -n 2 --scan --pattern 'rl:*' | xargs -r redis-cli -n 2 del >/dev/null 2>&1 || true

failures=0
status() { # status <from address> <url> [curl args...]: the HTTP status
  local from="$1" url="$2"; shift 2
  curl -s -o "$dir/last-body" -D "$dir/last-headers" -w '%{http_code}' --interface "$from" "$@" "$url"
}
expect() { # expect <what> <wanted> <got>
  if [ "$2" = "$3" ]; then log "ok    $1: $3"; else log "WRONG $1: wanted $2, got $3"; failures=$((failures + 1)); fi
}
via_proxy="http://127.0.0.1:$NGINX_PORT"

# 1. Resident A's five anonymous calls pass, the sixth is refused as a problem with Retry-After.
for i in 1 2 3 4 5; do
  expect "resident A (127.0.0.2) call $i through nginx" 200 "$(status 127.0.0.2 "$via_proxy/checkin/keys")"
done
expect "resident A's sixth call" 429 "$(status 127.0.0.2 "$via_proxy/checkin/keys")"
expect "its Content-Type" "application/problem+json" \
  "$(grep -i '^content-type:' "$dir/last-headers" | tr -d '\r' | cut -d' ' -f2 | cut -d';' -f1)"
expect "its Retry-After is present" yes "$(grep -qi '^retry-after: [0-9]' "$dir/last-headers" && echo yes || echo no)"
expect "its code" rate-limited "$(jq -r .code "$dir/last-body")"
# 2. Resident B behind the same proxy has a budget of her own.
expect "resident B (127.0.0.3) through nginx" 200 "$(status 127.0.0.3 "$via_proxy/checkin/keys")"
# 3. Resident A claiming another address in X-Forwarded-For: nginx appends her real one, which counts.
expect "resident A forging X-Forwarded-For" 429 \
  "$(status 127.0.0.2 "$via_proxy/checkin/keys" -H 'X-Forwarded-For: 198.51.100.77')"
# 4. Resident C (fresh) forging resident A's exhausted address is not held by it either.
expect "resident C (127.0.0.4) forging A's address" 200 \
  "$(status 127.0.0.4 "$via_proxy/checkin/keys" -H 'X-Forwarded-For: 127.0.0.2')"

# 5. The audit log records the resident's address (a refused call is audited).
token=$(curl -s -d grant_type=password -d client_id=fulian-app -d username=resident-a \
  -d password=fulian-demo http://127.0.0.1:8180/realms/fulian/protocol/openid-connect/token | jq -r .access_token)
[ -n "$token" ] && [ "$token" != null ] || die "no token from Keycloak"
rid="proxy-check-$(cat /proc/sys/kernel/random/uuid)"
expect "a resident's refused call through nginx" 403 \
  "$(status 127.0.0.5 "$via_proxy/admin/audit" -H "Authorization: Bearer $token" -H "X-Request-Id: $rid")"
audit_ip() { psql -h 127.0.0.1 -U fulian -d fulian_proxy -Atc "select ip from audit_log where request_id = '$1'"; }
export PGPASSWORD=fulian
expect "the audit log's address for it" 127.0.0.5 "$(audit_ip "$rid")"
# 6. Straight to the service, not through the proxy: the header is not believed.
rid2="proxy-check-$(cat /proc/sys/kernel/random/uuid)"
expect "a call around the proxy with a forged header" 403 \
  "$(status 127.0.0.6 "http://127.0.0.1:$APP_PORT/admin/audit" -H "Authorization: Bearer $token" \
      -H "X-Request-Id: $rid2" -H 'X-Forwarded-For: 198.51.100.78')"
expect "the audit log's address for it" 127.0.0.6 "$(audit_ip "$rid2")"
# 7. The console's sign-in behind the proxy (TLS ends at the Ingress, ADR 0028): /console sends the
# browser to Keycloak with a redirect_uri on the host the browser asked for, over https (nginx's
# $host carries no port: at the Ingress that is 443), and the state cookie is Secure, HttpOnly and
# scoped to /console.
expect "the console through nginx, not signed in" 302 "$(status 127.0.0.7 "$via_proxy/console/events")"
location="$(grep -i '^location:' "$dir/last-headers" | tr -d '\r' | cut -d' ' -f2-)"
expect "it goes to Keycloak's sign-in with client fulian-console" yes \
  "$(case "$location" in *"/realms/fulian/protocol/openid-connect/auth?"*"client_id=fulian-console"*) echo yes ;; *) echo "no ($location)" ;; esac)"
expect "its redirect_uri is the browser's host over https" yes \
  "$(case "$location" in *"redirect_uri=https%3A%2F%2F127.0.0.1%2Fconsole"*) echo yes ;; *) echo "no ($location)" ;; esac)"
state_cookie="$(grep -i '^set-cookie: q_auth' "$dir/last-headers" | tr -d '\r')"
expect "the state cookie is Secure, HttpOnly, Path=/console" yes \
  "$(echo "$state_cookie" | grep -qi 'secure' && echo "$state_cookie" | grep -qi 'httponly' \
      && echo "$state_cookie" | grep -qi 'path=/console' && echo yes || echo "no ($state_cookie)")"

if [ "$failures" -gt 0 ]; then
  die "$failures check(s) wrong; nginx and service logs in ${dir#"$root"/}/logs"
fi
log "all checks passed: behind nginx, each resident is counted by her own address"
