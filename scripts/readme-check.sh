#!/usr/bin/env bash
# Runs README's walkthrough against the packaged service and fails when README and the service
# disagree (issue 16, point 5). Run by scripts/test.sh after the Maven build.
#
#   bash scripts/readme-check.sh [--self-test]
#
# 1. Starts the service as scripts/run.sh does (the dev build of target/demo, with the demo year; demo cadre
#    appointments, the demo year, the local field-encryption key, the fake WeChat API) on
#    127.0.0.1:8080 and 127.0.0.1:18777, against a scratch database of its own (fulian_readme,
#    emptied by Flyway at every start), Redis database 4 (emptied too) and the Keycloak of
#    scripts/services.sh; waits for /q/health/ready (management port, API port + 1000). When 8080 or 18777 is taken (someone's
#    run.sh), it takes a free port instead and rewrites those URLs in the commands it runs.
# 2. Takes the ```sh blocks of the sections in RUN_SECTIONS below and runs them in order in one
#    clean bash (HOME empty, so no ~/.curlrc; set -e and pipefail), with the file's line numbers.
#    A `curl` function in that shell hands every call to a wrapper (first on PATH) that calls the
#    real curl and notes, on the side, the README line bash gives for the call and the HTTP
#    status of each transfer; what the command prints is untouched.
# 3. Checks, per command (its lines found as the shell does: quotes, $( ), trailing \): a command
#    with a `# NNN …` comment (README puts it on the command's last line) must have every curl
#    call answer exactly NNN and make at least one; every other call must answer 2xx. No command
#    may fail or be missing (a fresh machine lacks uuidgen, say). Every section of RUN_SECTIONS
#    must exist and hold a ```sh block; a ```sh block elsewhere must be in SKIP_SECTIONS (so a
#    new one is not missed). Failures name the README line, the statuses expected and got.
# --self-test afterwards runs broken copies of README (a status changed, a status comment removed,
# an unknown command, a missing section) and fails unless each one is refused.
# The service stops at the end, whatever happens. One run at a time (a lock in /tmp).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The sections whose ```sh blocks run against the service, in README's order, and the sections
# whose ```sh blocks do not (set-up commands).
RUN_SECTIONS=("Calling the API with a real token" "WeChat mini-program sign-in"
  "Rights protection (维权): asking for help")
SKIP_SECTIONS=("Two commands")

APP_PORT=8080 WECHAT_PORT=18777 # what README says
DB=fulian_readme REDIS_DB=4
self_test=false
case "${1:-}" in
  "") ;;
  --self-test) self_test=true ;;
  *) echo "usage: $0 [--self-test]" >&2; exit 2 ;;
esac

log() { printf '[readme-check] %s\n' "$*"; }
die() { printf '[readme-check] FAIL: %s\n' "$*" >&2; exit 1; }
t0=$SECONDS

build=target/demo # scripts/run.sh's build: ./mvnw -Pdemo package (pom.xml, profile demo)
[ -f $build/quarkus-app/quarkus-run.jar ] && [ -d $build/test-classes ] ||
  die "$build/quarkus-app/quarkus-run.jar or $build/test-classes missing: build first (./mvnw -B -Pdemo package -DskipTests)"
command -v jq >/dev/null || die "jq missing (scripts/services.sh start installs it)"

exec 9>/tmp/fulian-readme-check.lock
if ! flock -n 9; then
  log "another readme-check runs; waiting for it"
  flock -w 600 9 || die "another readme-check held /tmp/fulian-readme-check.lock for 10 minutes"
fi

work="$(mktemp -d)"
app_pid="" wechat_pid=""
stop_all() {
  local pid
  for pid in $app_pid $wechat_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $app_pid $wechat_pid; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ the service

bash scripts/services.sh start >"$work/services.log" 2>&1 || { cat "$work/services.log" >&2; die "scripts/services.sh start failed"; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # preferred-port fallback-range-start
  local p
  port_taken "$1" || { echo "$1"; return; }
  for p in $(seq "$2" $(($2 + 50))); do port_taken "$p" || { echo "$p"; return; }; done
  die "no free port near $2"
}
app_port=$(free_port $APP_PORT 18480)
wechat_port=$(free_port $WECHAT_PORT 18480)
[ "$wechat_port" != "$app_port" ] || wechat_port=$(free_port $((app_port + 1)) $((app_port + 1)))
[ "$app_port" = $APP_PORT ] || log "port $APP_PORT is taken: the service runs on $app_port, the commands' URLs are rewritten"
[ "$wechat_port" = $WECHAT_PORT ] || log "port $WECHAT_PORT is taken: the fake WeChat runs on $wechat_port, the commands' URLs are rewritten"

# Redis: an empty database of our own, so no rate-limit count or cached page outlives a run.
redis-cli -h 127.0.0.1 -p 6379 -n $REDIS_DB flushdb >/dev/null 2>&1 || true

# The fake WeChat API (as scripts/run.sh; the packaged service's libraries hold Vert.x, else the
# test classpath from Maven).
start_wechat() { # classpath
  java -Xmx64m -cp "$build/test-classes:$1" cn.futian.jufu.testing.fakes.FakeWeChat "$wechat_port" \
    >"$work/fake-wechat.log" 2>&1 &
  wechat_pid=$!
  for _ in $(seq 1 100); do
    port_taken "$wechat_port" && return 0
    kill -0 "$wechat_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$wechat_pid" 2>/dev/null || true; wechat_pid=""
  return 1
}
if ! start_wechat "$build/quarkus-app/lib/main/*"; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/classpath-test.txt </dev/null >/dev/null
  start_wechat "$(cat target/classpath-test.txt)" || { cat "$work/fake-wechat.log" >&2; die "the fake WeChat API did not start"; }
fi

# The environment of scripts/run.sh; the database, Redis database and ports of this check.
env FULIAN_SEEDS_DEMO_ASSIGNMENTS=true FULIAN_DEMO_GENERATE=true \
  FULIAN_CRYPTO_KEYS=local-dev:ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE= \
  FULIAN_WECHAT_ENABLED=true FULIAN_WECHAT_API_BASE_URL=http://127.0.0.1:$wechat_port \
  FULIAN_WECHAT_APP_ID=wx-local-demo FULIAN_WECHAT_SECRET=local-demo-secret \
  java -Xmx512m \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$app_port" \
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$((app_port + 1000))" \
  -Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/$DB \
  -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/$DB \
  -Dquarkus.flyway.clean-at-start=true -Dquarkus.flyway.clean-disabled=false \
  -Dquarkus.redis.hosts=redis://127.0.0.1:6379/$REDIS_DB \
  -jar $build/quarkus-app/quarkus-run.jar </dev/null >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$((app_port + 1000))/q/health/ready" || true)" = 200 ] && break
  kill -0 "$app_pid" 2>/dev/null || { tail -n 40 "$work/app.log" >&2; die "the service exited during start-up (log above)"; }
  sleep 0.2
done
[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$((app_port + 1000))/q/health/ready" || true)" = 200 ] ||
  { tail -n 40 "$work/app.log" >&2; curl -s "http://127.0.0.1:$((app_port + 1000))/q/health/ready" >&2 || true; die "the service was not ready after 120 s"; }
log "service ready on 127.0.0.1:$app_port (database $DB, fake WeChat on $wechat_port) after $((SECONDS - t0)) s"

# ------------------------------------------------------------------ the walkthrough

# The wrapper first on PATH: the real curl, plus one side line per transfer in $README_CHECK_CALLS:
# "<README line> <status> <exit code> <method> <url>". -w writes to stderr (stdout stays as it is),
# which the wrapper filters.
mkdir -p "$work/bin" "$work/home"
cat >"$work/bin/curl" <<EOF
#!/usr/bin/env bash
real=$(command -v curl)
EOF
cat >>"$work/bin/curl" <<'EOF'
for a in "$@"; do
  case "$a" in -w | --write-out | -w?* | --write-out=*)
    echo "readme-check: curl with its own -w (README line ${README_CALL_LINE:-?}): its status cannot be recorded" >&2
    exit 99 ;;
  esac
done
err=$(mktemp)
rc=0
"$real" "$@" -w '%{stderr}@readme-check@ %{http_code} %{method} %{url_effective}\n' 2>"$err" || rc=$?
awk -v line="${README_CALL_LINE:-?}" -v rc="$rc" -v calls="$README_CHECK_CALLS" '
  { i = index($0, "@readme-check@ ") }
  i == 0 { print > "/dev/stderr"; next }
  { if (i > 1) print substr($0, 1, i - 1) > "/dev/stderr"
    split(substr($0, i + 15), f, " "); print line, f[1], rc, f[2], f[3] >> calls; n++ }
  END { if (n == 0) print line, "000", rc, "-", "-" >> calls }' "$err"
rm -f "$err"
exit "$rc"
EOF
chmod +x "$work/bin/curl"

# In the walkthrough's shell: every call to curl goes through the wrapper with its line; a
# failing command or a missing one is written down (with its line) and ends the run.
cat >"$work/prelude.sh" <<'EOF'
set -eE -o pipefail
shopt -s inherit_errexit
curl() { README_CALL_LINE=${BASH_LINENO[0]} command curl "$@"; }
command_not_found_handle() {
  printf '%s %s\n' "${BASH_LINENO[0]}" "$1" >>"$README_CHECK_MISSING"
  printf 'bash: %s: command not found\n' "$1" >&2
  return 127
}
trap 'readme_rc=$?; printf "%s %s\n" "$LINENO" "$readme_rc" >>"$README_CHECK_FAILED"; exit "$readme_rc"' ERR
EOF

in_list() { # needle list...
  local n=$1 x; shift
  for x in "$@"; do [ "$x" = "$n" ] && return 0; done
  return 1
}

# The shell's view of where a command ends, enough for README: quotes ('…', "…" with \ escapes),
# $( … ) nesting, a trailing \ and # comments. lex LINE updates sq, dq, depth (kept across lines)
# and sets comment (the line's comment, if any) and more (1 when the command goes on).
sq=0 dq=0 depth=0
lex() {
  local s=$1 i c prev=" " len=${#1}
  comment="" more=0
  for ((i = 0; i < len; i++)); do
    c=${s:i:1}
    if ((sq)); then [ "$c" = "'" ] && sq=0; prev=$c; continue; fi
    if [ "$c" = '\' ]; then
      if ((i == len - 1)); then more=1; fi
      i=$((i + 1)); prev=x; continue
    fi
    case "$c" in
      '"') dq=$((1 - dq)) ;;
      "'") ((dq)) || sq=1 ;;
      '(') [ "$prev" = '$' ] && depth=$((depth + 1)) ;;
      ')') ((depth == 0)) || depth=$((depth - 1)) ;;
      '#') if ((!dq)) && [[ $prev == [[:space:]] ]]; then comment=${s:i}; break; fi ;;
    esac
    prev=$c
  done
  if ((sq || dq || depth)); then more=1; fi
}

# extract README DIR: writes DIR/walkthrough.sh (README's line numbers: the blocks to run, every
# other line empty) and DIR/commands ("<first line> <last line> <status or 2xx>", one line per
# command of those blocks); complains about missing sections and unknown blocks.
extract() {
  local readme=$1 dir=$2 n=0 section="" fence="" line ok=0 s start=0 want=2xx
  local -A blocks=()
  : >"$dir/walkthrough.sh"; : >"$dir/commands"
  sq=0 dq=0 depth=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if [ -z "$fence" ]; then
      if [[ $line =~ ^'## '(.*[^[:space:]])[[:space:]]*$ ]]; then
        section=${BASH_REMATCH[1]}
      elif [[ $line =~ ^'```'[[:space:]]*(sh|bash|shell)[[:space:]]*$ ]]; then
        if in_list "$section" "${RUN_SECTIONS[@]}"; then
          fence=run; blocks[$section]=$(( ${blocks[$section]:-0} + 1 ))
        elif in_list "$section" "${SKIP_SECTIONS[@]}"; then
          fence=skip
        else
          echo "README.md:$n: a \`\`\`sh block in section \"$section\", which readme-check.sh neither runs nor skips: add the section to RUN_SECTIONS (commands against the running service) or SKIP_SECTIONS"
          ok=1; fence=skip
        fi
      elif [[ $line =~ ^'```' ]]; then
        fence=other
      fi
      echo >>"$dir/walkthrough.sh"
      continue
    fi
    if [[ $line =~ ^'```'[[:space:]]*$ ]]; then
      if [ "$fence" = run ] && [ "$start" != 0 ]; then
        echo "README.md:$start: the command does not end in its block (an open quote, \$( or a trailing \\)"; ok=1
      fi
      fence="" start=0; sq=0 dq=0 depth=0
      echo >>"$dir/walkthrough.sh"; continue
    fi
    if [ "$fence" != run ]; then echo >>"$dir/walkthrough.sh"; continue; fi
    if [ "$start" = 0 ] && [[ $line =~ ^[[:space:]]*(#.*)?$ ]]; then
      echo >>"$dir/walkthrough.sh"; continue # blank or a comment line
    fi
    [ "$start" != 0 ] || { start=$n; want=2xx; }
    lex "$line"
    if [[ $comment =~ ^'#'[[:space:]]*([1-5][0-9][0-9])([^0-9]|$) ]]; then want=${BASH_REMATCH[1]}; fi
    if [ "$more" = 0 ]; then echo "$start $n $want" >>"$dir/commands"; start=0; fi
    line=${line//127.0.0.1:$APP_PORT/127.0.0.1:$app_port}
    line=${line//localhost:$APP_PORT/localhost:$app_port}
    line=${line//127.0.0.1:$WECHAT_PORT/127.0.0.1:$wechat_port}
    line=${line//localhost:$WECHAT_PORT/localhost:$wechat_port}
    printf '%s\n' "$line" >>"$dir/walkthrough.sh"
  done <"$readme"
  [ -z "$fence" ] || { echo "README.md: a \`\`\` block is not closed"; ok=1; }
  for s in "${RUN_SECTIONS[@]}"; do
    if ! grep -qxF "## $s" "$readme"; then
      echo "README.md: section \"## $s\" is gone: its walkthrough is not checked (update RUN_SECTIONS in scripts/readme-check.sh)"
      ok=1
    elif [ -z "${blocks[$s]:-}" ]; then
      echo "README.md: section \"## $s\" has no \`\`\`sh block any more (update RUN_SECTIONS in scripts/readme-check.sh)"
      ok=1
    fi
  done
  return $ok
}

# quote README FIRST LAST: the command's lines, indented, for a message.
quote() { sed -n "$2,$3p" "$1" | sed 's/^/    /'; }

# walk README NAME: runs the walkthrough of that file, prints what disagrees; 0 when nothing does.
walk() {
  local readme=$1 dir="$work/$2" bad=0 line code rc method url want first last w calls=0 stated=0
  mkdir -p "$dir/cwd"
  extract "$readme" "$dir" >"$dir/problems" || bad=1
  if [ "$bad" = 0 ]; then
    : >"$dir/calls"; : >"$dir/failed"; : >"$dir/missing"
    local t=$SECONDS
    (cd "$dir/cwd" && env -i PATH="$work/bin:$PATH" HOME="$work/home" LANG=C.UTF-8 TERM=dumb \
      README_CHECK_CALLS="$dir/calls" README_CHECK_FAILED="$dir/failed" README_CHECK_MISSING="$dir/missing" \
      bash --noprofile --norc -c 'source "$1"; source "$2"' walkthrough "$work/prelude.sh" "$dir/walkthrough.sh") \
      >"$dir/output" 2>&1 || true
    # Each line of a command points at the command: its first and last line and its status.
    local -A cmd_of=() called=()
    while read -r first last w; do
      for ((line = first; line <= last; line++)); do cmd_of[$line]="$first $last $w"; done
      [ "$w" = 2xx ] || stated=$((stated + 1))
    done <"$dir/commands"
    while read -r line code rc method url; do
      calls=$((calls + 1))
      if [ -z "${cmd_of[$line]:-}" ]; then
        [[ $code == 2?? ]] && continue
        echo "a curl call outside README's commands (bash line $line: $method $url) answered $code, not 2xx"
        bad=1; continue
      fi
      read -r first last want <<<"${cmd_of[$line]}"
      called[$first]=1
      if [ "$want" = 2xx ] && [[ $code == 2?? ]] || [ "$want" = "$code" ]; then continue; fi
      if [ "$want" = 2xx ]; then w="2xx (the line states no status)"; else w=$want; fi
      echo "README.md:$last: expected $w, got $code ($method $url, curl exit $rc):"
      quote "$readme" "$first" "$last"
      bad=1
    done <"$dir/calls"
    while read -r first last want; do
      [ "$want" != 2xx ] && [ -z "${called[$first]:-}" ] || continue
      echo "README.md:$last: expects $want, but the command made no curl call:"
      quote "$readme" "$first" "$last"
      bad=1
    done <"$dir/commands"
    while read -r line w; do
      echo "README.md:$line: command not found: $w (not on a fresh machine after the two set-up commands)"; bad=1
    done <"$dir/missing"
    while read -r line rc; do
      read -r first last want <<<"${cmd_of[$line]:-$line $line -}"
      echo "README.md:$last: the command failed (exit $rc):"
      quote "$readme" "$first" "$last"
      bad=1
    done <"$dir/failed"
    echo "$(wc -l <"$dir/commands") commands, $calls curl calls, $stated with a stated status, in $((SECONDS - t)) s" >"$dir/summary"
  fi
  cat "$dir/problems"
  if [ "$bad" != 0 ] && [ -s "$dir/output" ]; then
    echo "--- what the walkthrough printed (last 30 lines):"
    tail -n 30 "$dir/output" | cut -c1-400
    echo
  fi
  return "$bad"
}

if out=$(walk README.md readme); then
  log "README.md: the walkthrough ran as written: $(cat "$work/readme/summary")"
else
  printf '%s\n' "$out" >&2
  die "README.md's walkthrough and the service disagree (above). Fix README (or the service)."
fi

if $self_test; then
  # Each broken copy must be refused, with a message naming what broke.
  mutate() { # name sed-expression expected-message
    local copy="$work/$1.md" out
    sed -E "$2" README.md >"$copy"
    cmp -s README.md "$copy" && die "self-test $1: the change ($2) matched nothing in README.md"
    if out=$(walk "$copy" "$1"); then
      die "self-test $1: a README with $2 passed the check"
    fi
    grep -qE "$3" <<<"$out" || { printf '%s\n' "$out" >&2; die "self-test $1: refused, but without \"$3\""; }
    log "self-test $1: refused as it should be: $(grep -m1 -E "$3" <<<"$out")"
  }
  mutate wrong-status '0,/[[:space:]]# 200/s//  # 404/' 'expected 404, got 200'
  mutate no-status '0,/[[:space:]]# 401[^`]*$/s///' 'expected 2xx.*got 401'
  mutate missing-command 's#cat /proc/sys/kernel/random/uuid#uuidgen-not-installed#' 'command not found: uuidgen-not-installed'
  mutate gone-section 's/^## WeChat mini-program sign-in$/## WeChat sign-in/' 'section "## WeChat mini-program sign-in" is gone'
fi
log "done in $((SECONDS - t0)) s"
