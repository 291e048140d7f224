#!/usr/bin/env bash
# Local development / test services for 聚FU家园 (fulian) on 127.0.0.1:
#   PostgreSQL (5432), Redis (6379), Keycloak 26.7.3 (8180, management 9000).
#
# Usage: scripts/services.sh start|stop|status
#
# - start is idempotent: services that already answer are reused, never restarted.
# - stop only stops what this script started itself (recorded under .local/state/).
# - All state lives in <repo>/.local/ (git-ignored).
#
# Overridable with env vars (defaults are what the app config uses):
#   FULIAN_PG_PORT, FULIAN_PG_CLUSTER, FULIAN_REDIS_PORT, FULIAN_KC_PORT, FULIAN_KC_MGMT_PORT,
#   FULIAN_KC_VERSION, FULIAN_KC_TIMEOUT (seconds), FULIAN_KC_HEAP (JVM heap options).
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/.." && pwd -P)"
LOCAL_DIR="$REPO_ROOT/.local"
STATE_DIR="$LOCAL_DIR/state"

HOST=127.0.0.1
PG_PORT="${FULIAN_PG_PORT:-5432}"
PG_CLUSTER="${FULIAN_PG_CLUSTER:-main}"   # Debian cluster name used when this script starts PostgreSQL
REDIS_PORT="${FULIAN_REDIS_PORT:-6379}"
KC_PORT="${FULIAN_KC_PORT:-8180}"
KC_MGMT_PORT="${FULIAN_KC_MGMT_PORT:-9000}"
KC_VERSION="${FULIAN_KC_VERSION:-26.7.3}"
KC_TIMEOUT="${FULIAN_KC_TIMEOUT:-180}"
KC_HEAP="${FULIAN_KC_HEAP:--Xms64m -Xmx512m}"
KC_REALM=fulian

DB_USER=fulian
DB_PASSWORD=fulian
DB_NAMES=(fulian fulian_test fulian_readme fulian_proxy) # the app's, the tests', scripts/readme-check.sh's

REDIS_DIR="$LOCAL_DIR/redis"
KC_DIR="$LOCAL_DIR/keycloak"
KC_HOME="$KC_DIR/keycloak-$KC_VERSION"
KC_LOG="$KC_DIR/keycloak.log"
KC_PIDFILE="$KC_DIR/keycloak.pid"
KC_BUILD_MARKER="$KC_HOME/.fulian-built"
KC_REALM_SRC="$REPO_ROOT/scripts/keycloak/fulian-realm.json"
KC_REALM_SUM_FILE="$KC_DIR/realm.sha256"
KC_BUILD_ARGS=(--db=dev-file --health-enabled=true)
KC_PROVIDER_SRC="$REPO_ROOT/src/keycloak-provider"
KC_PROVIDER_JAR=fulian-keycloak-provider.jar

export DEBIAN_FRONTEND=noninteractive

log()  { printf '[services] %s\n' "$*"; }
warn() { printf '[services] WARN: %s\n' "$*" >&2; }
die()  { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

as_root() {
  if is_root; then "$@"; else sudo -n "$@" 2>/dev/null || sudo "$@"; fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install manually: $*"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null >/dev/null
}

need_cmd() { # need_cmd <command> <apt package>
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

# Plain TCP probe (works without any client tools installed).
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

# ---------------------------------------------------------------- PostgreSQL

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$HOST" -p "$PG_PORT" >/dev/null 2>&1
  else
    tcp_open "$HOST" "$PG_PORT"
  fi
}

pg_admin_psql() { # runs psql as the postgres OS user over the local socket
  if is_root; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"
  else
    sudo -n -u postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"
  fi
}

pg_version() { # newest configured cluster version, else newest installed server
  local v
  v="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1 || true)"
  if [ -z "$v" ]; then
    v="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1 || true)"
  fi
  printf '%s' "$v"
}

pg_start() {
  if pg_up; then
    log "postgres: already up on $HOST:$PG_PORT (reusing)"
  else
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null || true)" ]; then
      apt_install postgresql
    fi
    local ver
    ver="$(pg_version)"
    [ -n "$ver" ] || die "postgres: no PostgreSQL version found after install"
    if [ ! -d "/etc/postgresql/$ver/$PG_CLUSTER" ]; then
      log "postgres: creating cluster $ver/$PG_CLUSTER"
      as_root pg_createcluster --port "$PG_PORT" "$ver" "$PG_CLUSTER" >/dev/null
    fi
    if ! pg_up; then
      log "postgres: starting cluster $ver/$PG_CLUSTER"
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$PG_CLUSTER" start
      printf '%s %s\n' "$ver" "$PG_CLUSTER" >"$STATE_DIR/postgres.started"
    fi
    local i
    for i in $(seq 1 60); do pg_up && break; sleep 0.5; done
    pg_up || die "postgres: not ready on $HOST:$PG_PORT after 30 s"
    log "postgres: up on $HOST:$PG_PORT"
  fi
  pg_ensure_db
}

pg_ensure_db() {
  if ! command -v psql >/dev/null 2>&1; then
    apt_install postgresql-client
  fi
  if ! pg_admin_psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
    warn "postgres: cannot run admin SQL as OS user 'postgres'; ensure role '$DB_USER' and databases ${DB_NAMES[*]} yourself"
    return 0
  fi
  # role (idempotent; keeps the password in sync)
  pg_admin_psql -d postgres <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SQL
  local db created=()
  for db in "${DB_NAMES[@]}"; do
    if [ "$(pg_admin_psql -d postgres -Atc "select 1 from pg_database where datname = '$db'")" != "1" ]; then
      pg_admin_psql -d postgres -c "CREATE DATABASE $db OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0" >/dev/null
      created+=("$db")
    fi
    pg_admin_psql -d "$db" -c "ALTER DATABASE $db OWNER TO $DB_USER; ALTER SCHEMA public OWNER TO $DB_USER" >/dev/null
  done
  if [ "${#created[@]}" -gt 0 ]; then
    log "postgres: created database(s) ${created[*]} (owner $DB_USER)"
  else
    log "postgres: role $DB_USER and databases ${DB_NAMES[*]} present"
  fi
}

pg_stop() {
  if [ -f "$STATE_DIR/postgres.started" ]; then
    local ver cluster
    read -r ver cluster <"$STATE_DIR/postgres.started"
    log "postgres: stopping cluster $ver/$cluster (started by this script)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" stop || warn "postgres: stop failed"
    rm -f "$STATE_DIR/postgres.started"
  elif pg_up; then
    log "postgres: left running (not started by this script)"
  else
    log "postgres: not running"
  fi
}

# --------------------------------------------------------------------- Redis

redis_up() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null || true)" = "PONG" ]
  else
    local reply=""
    {
      exec 3<>"/dev/tcp/$HOST/$REDIS_PORT" || return 1
      printf 'PING\r\n' >&3
      read -r -t 2 reply <&3 || true
      exec 3<&- 3>&-
    } 2>/dev/null || return 1
    [ "${reply%$'\r'}" = "+PONG" ]
  fi
}

redis_start() {
  if redis_up; then
    log "redis: already up on $HOST:$REDIS_PORT (reusing)"
    return 0
  fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  mkdir -p "$REDIS_DIR"
  log "redis: starting on $HOST:$REDIS_PORT"
  redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$REDIS_DIR" --logfile "$REDIS_DIR/redis.log" --pidfile "$REDIS_DIR/redis.pid"
  : >"$STATE_DIR/redis.started"
  local i
  for i in $(seq 1 40); do redis_up && break; sleep 0.25; done
  redis_up || { tail -n 20 "$REDIS_DIR/redis.log" >&2 || true; die "redis: no PONG after 10 s"; }
  log "redis: up on $HOST:$REDIS_PORT"
}

redis_stop() {
  if [ -f "$STATE_DIR/redis.started" ]; then
    log "redis: stopping (started by this script)"
    local pid=""
    [ -f "$REDIS_DIR/redis.pid" ] && pid="$(cat "$REDIS_DIR/redis.pid" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" || true
      local i
      for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    elif command -v redis-cli >/dev/null 2>&1; then
      redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    rm -f "$STATE_DIR/redis.started"
  elif redis_up; then
    log "redis: left running (not started by this script)"
  else
    log "redis: not running"
  fi
}

# ------------------------------------------------------------------ Keycloak

http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

kc_ready() {
  [ "$(http_code "http://$HOST:$KC_MGMT_PORT/health/ready")" = "200" ] &&
    [ "$(http_code "http://$HOST:$KC_PORT/realms/$KC_REALM/.well-known/openid-configuration")" = "200" ]
}

kc_pid() { # prints the pid of the Keycloak we started, if it is alive
  local pid
  [ -f "$KC_PIDFILE" ] || return 1
  pid="$(cat "$KC_PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

provider_sum() { # of the provider's sources: a change rebuilds the jar and Keycloak
  (cd "$KC_PROVIDER_SRC" && find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) |
    sha256sum | cut -d' ' -f1
}

# What Keycloak was set up from: the realm file and the provider. A change re-imports the realm.
realm_sum() { { sha256sum "$KC_REALM_SRC"; provider_sum; } | sha256sum | cut -d' ' -f1; }

mvn_cmd() {
  if [ -x "$REPO_ROOT/mvnw" ]; then
    printf '%s' "$REPO_ROOT/mvnw"
  else
    command -v mvn >/dev/null 2>&1 || apt_install maven
    printf '%s' mvn
  fi
}

kc_install() {
  if [ -x "$KC_HOME/bin/kc.sh" ]; then return 0; fi
  need_cmd unzip unzip
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
  local zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
  local dl="$KC_DIR/download"
  if [ ! -s "$zip" ]; then
    log "keycloak: downloading keycloak-quarkus-dist $KC_VERSION from Maven Central (~170 MiB)"
    mkdir -p "$dl"
    (cd "$REPO_ROOT" && "$(mvn_cmd)" -q -B dependency:copy \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" "-DoutputDirectory=$dl" </dev/null)
    zip="$dl/keycloak-quarkus-dist-$KC_VERSION.zip"
    [ -s "$zip" ] || die "keycloak: download failed ($zip missing)"
  fi
  log "keycloak: unpacking into ${KC_HOME#"$REPO_ROOT"/}"
  local tmp="$KC_DIR/unzip.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  unzip -q "$zip" -d "$tmp"
  [ -x "$tmp/keycloak-$KC_VERSION/bin/kc.sh" ] || die "keycloak: unexpected zip layout"
  mv "$tmp/keycloak-$KC_VERSION" "$KC_HOME"
  rm -rf "$tmp" "$dl"
}

kc_env() {
  export KC_BOOTSTRAP_ADMIN_USERNAME=admin
  export KC_BOOTSTRAP_ADMIN_PASSWORD=admin
  export JAVA_OPTS_KC_HEAP="$KC_HEAP"
  export JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1"
}

kc_provider() { # builds the project's Keycloak provider (ADR 0014) and puts it into providers/
  local sum
  sum="$(provider_sum)"
  if [ -f "$KC_HOME/providers/$KC_PROVIDER_JAR" ] && [ "$(cat "$KC_DIR/provider.sum" 2>/dev/null)" = "$sum" ]; then
    return 0
  fi
  log "keycloak: building the project's provider (src/keycloak-provider)"
  (cd "$REPO_ROOT" && "$(mvn_cmd)" -q -B -f src/keycloak-provider/pom.xml package </dev/null) ||
    die "keycloak: provider build failed"
  cp "$KC_PROVIDER_SRC/target/$KC_PROVIDER_JAR" "$KC_HOME/providers/$KC_PROVIDER_JAR"
  printf '%s\n' "$sum" >"$KC_DIR/provider.sum"
  rm -f "$KC_BUILD_MARKER" # kc.sh build must see the new provider
}

kc_build() {
  local want="${KC_BUILD_ARGS[*]}"
  if [ -f "$KC_BUILD_MARKER" ] && [ "$(cat "$KC_BUILD_MARKER")" = "$want" ]; then
    return 0
  fi
  log "keycloak: kc.sh build $want (once, ~20-40 s)"
  (kc_env && cd "$KC_HOME" && bin/kc.sh build "${KC_BUILD_ARGS[@]}" </dev/null >"$KC_DIR/build.log" 2>&1) || {
    tail -n 30 "$KC_DIR/build.log" >&2 || true
    die "keycloak: build failed (see ${KC_DIR#"$REPO_ROOT"/}/build.log)"
  }
  printf '%s' "$want" >"$KC_BUILD_MARKER"
}

kc_wait() {
  local pid="$1" start=$SECONDS
  while ! kc_ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$KC_LOG" >&2 || true
      die "keycloak: process $pid exited before becoming ready"
    fi
    if [ $((SECONDS - start)) -ge "$KC_TIMEOUT" ]; then
      tail -n 40 "$KC_LOG" >&2 || true
      die "keycloak: not ready after ${KC_TIMEOUT} s"
    fi
    sleep 1
  done
}

kc_start() {
  [ -f "$KC_REALM_SRC" ] || die "keycloak: realm file missing: $KC_REALM_SRC"
  need_cmd curl curl
  if kc_ready; then
    if [ -f "$KC_REALM_SUM_FILE" ] && [ "$(cat "$KC_REALM_SUM_FILE")" != "$(realm_sum)" ] \
      && kc_pid >/dev/null; then
      log "keycloak: realm file or provider changed since import: restarting to re-import"
      kc_stop
    else
      log "keycloak: already up on http://$HOST:$KC_PORT (reusing)"
      return 0
    fi
  fi
  local pid
  if pid="$(kc_pid)"; then
    log "keycloak: process $pid already starting, waiting for readiness"
    kc_wait "$pid"
    realm_sum >"$KC_REALM_SUM_FILE"
    log "keycloak: up on http://$HOST:$KC_PORT (realm $KC_REALM)"
    return 0
  fi
  if tcp_open "$HOST" "$KC_PORT"; then
    die "keycloak: port $KC_PORT is taken by something that is not a ready Keycloak with realm '$KC_REALM'"
  fi

  mkdir -p "$KC_DIR"
  kc_install
  kc_provider
  kc_build

  # Realm import: --import-realm skips realms that already exist, so a changed realm
  # file means starting from an empty dev-file database.
  local sum
  sum="$(realm_sum)"
  if [ -d "$KC_HOME/data/h2" ] && { [ ! -f "$KC_REALM_SUM_FILE" ] || [ "$(cat "$KC_REALM_SUM_FILE")" != "$sum" ]; }; then
    log "keycloak: realm file changed since last import - resetting dev database"
    rm -rf "$KC_HOME/data/h2"
  fi
  mkdir -p "$KC_HOME/data/import"
  cp "$KC_REALM_SRC" "$KC_HOME/data/import/fulian-realm.json"

  log "keycloak: starting on http://$HOST:$KC_PORT (management $KC_MGMT_PORT), log ${KC_LOG#"$REPO_ROOT"/}"
  rm -f "$KC_PIDFILE"
  (
    kc_env
    cd "$KC_HOME"
    # setsid: own session/process group, so stop can signal kc.sh and its java child together.
    nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$KC_PIDFILE" \
      bin/kc.sh start --optimized \
      --http-enabled=true --http-host="$HOST" --http-port="$KC_PORT" \
      --http-management-port="$KC_MGMT_PORT" \
      --hostname="http://$HOST:$KC_PORT" --cache=local --import-realm \
      </dev/null >"$KC_LOG" 2>&1 &
  )
  local i
  for i in $(seq 1 50); do [ -s "$KC_PIDFILE" ] && break; sleep 0.1; done
  pid="$(cat "$KC_PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] || die "keycloak: failed to launch (no pid file)"
  kc_wait "$pid"
  printf '%s\n' "$sum" >"$KC_REALM_SUM_FILE"
  log "keycloak: up on http://$HOST:$KC_PORT (realm $KC_REALM, pid $pid)"
}

kc_stop() {
  local pid
  if pid="$(kc_pid)"; then
    log "keycloak: stopping (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 120); do
      kill -0 "$pid" 2>/dev/null || pgrep -g "$pid" >/dev/null 2>&1 || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null || pgrep -g "$pid" >/dev/null 2>&1; then
      warn "keycloak: still running after 30 s, sending KILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$KC_PIDFILE"
  elif kc_ready; then
    rm -f "$KC_PIDFILE"
    log "keycloak: left running (not started by this script)"
  else
    rm -f "$KC_PIDFILE"
    log "keycloak: not running"
  fi
}

# -------------------------------------------------------------------- main

status_line() { # name up? port extra
  printf '%-9s %-4s %s:%s%s\n' "$1" "$2" "$HOST" "$3" "${4:+  ($4)}"
}

cmd_status() {
  local owner
  owner=$([ -f "$STATE_DIR/postgres.started" ] && echo "started by services.sh" || echo "external")
  if pg_up; then status_line postgres up "$PG_PORT" "$owner"; else status_line postgres down "$PG_PORT"; fi
  owner=$([ -f "$STATE_DIR/redis.started" ] && echo "started by services.sh" || echo "external")
  if redis_up; then status_line redis up "$REDIS_PORT" "$owner"; else status_line redis down "$REDIS_PORT"; fi
  local pid
  if kc_ready; then
    if pid="$(kc_pid)"; then owner="pid $pid"; else owner="external"; fi
    status_line keycloak up "$KC_PORT" "$owner, realm $KC_REALM, management $KC_MGMT_PORT"
  elif pid="$(kc_pid)"; then
    status_line keycloak down "$KC_PORT" "starting, pid $pid"
  else
    status_line keycloak down "$KC_PORT"
  fi
}

main() {
  local cmd="${1:-}"
  mkdir -p "$STATE_DIR"
  case "$cmd" in
    start)
      local t0=$SECONDS
      need_cmd jq jq # README's walkthrough reads the answers with jq (curl: kc_start)
      pg_start
      redis_start
      kc_start
      log "all services up ($((SECONDS - t0)) s)"
      ;;
    stop)
      kc_stop
      redis_stop
      pg_stop
      ;;
    status)
      cmd_status
      ;;
    *)
      echo "usage: $0 start|stop|status" >&2
      exit 2
      ;;
  esac
}

main "$@"
