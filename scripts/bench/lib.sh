# Shell functions shared by scripts/bench/run.sh and scripts/outage/run.sh. The first ones expect: sql (runs
# one statement on the app's database), fail (counts a failed check), app_port, admin (an admin
# token) and district (the district's org-unit id).

new_session() { # capacity title -> session id (an event for the whole district, published)
  local starts ends body id
  starts=$(date -u -d '+7 days' +%Y-%m-%dT%H:%M:%SZ); ends=$(date -u -d '+7 days 2 hours' +%Y-%m-%dT%H:%M:%SZ)
  body=$(printf '{"ownerUnitId":%s,"kind":"JOB_FAIR","title":"%s","description":"压测场次","venue":{"address":"福田区福华三路","lat":22.5401,"lng":114.0553},"audienceUnitIds":[%s],"sessions":[{"startsAt":"%s","endsAt":"%s","mode":"FIRST_COME","capacity":%s}]}' \
    "$district" "$2" "$district" "$starts" "$ends" "$1")
  id=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "$body" \
    "127.0.0.1:$app_port/events" | sed -E 's/^\{"id":([0-9]+).*/\1/')
  curl -fs -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"action":"SUBMIT"}' "127.0.0.1:$app_port/events/$id/transitions"
  sql "select id from session where event_id = $id"
}

field() { sed -E "s/.*[ ^]$1=([^ ]+).*/\\1/" <<<" $2"; }

check_session() { # session-id capacity acknowledged label
  local s=$1 cap=$2 acked=$3 label=$4 confirmed waitlisted taken total dup gaps
  confirmed=$(sql "select count(*) from registration where session_id = $s and status = 'CONFIRMED'")
  waitlisted=$(sql "select count(*) from registration where session_id = $s and status = 'WAITLISTED'")
  total=$(sql "select count(*) from registration where session_id = $s")
  taken=$(sql "select count(*) from seat where session_id = $s and registration_id is not null")
  dup=$(sql "select count(*) - count(distinct member_id) from registration where session_id = $s")
  gaps=$(sql "select count(*) - count(distinct waitlist_seq) from registration where session_id = $s and status = 'WAITLISTED'")
  local expect=$(( acked < cap ? acked : cap ))
  echo "   checks ($label): $total sign-ups stored for $acked acknowledged; $confirmed confirmed of $cap seats; $waitlisted waitlisted; $taken seats taken"
  [ "$confirmed" -le "$cap" ] || fail "$label: oversold: $confirmed confirmed for $cap seats"
  [ "$taken" = "$confirmed" ] || fail "$label: $taken seats taken for $confirmed confirmed"
  [ "$confirmed" = "$expect" ] || fail "$label: $confirmed confirmed, expected $expect"
  [ "$total" = "$acked" ] || fail "$label: $total sign-ups stored, $acked acknowledged"
  [ "$dup" = 0 ] || fail "$label: $dup members signed up twice"
  [ "$gaps" = 0 ] || fail "$label: waitlist not contiguous ($gaps entries share or lack a place)"
  [ "$((confirmed + waitlisted))" = "$total" ] || fail "$label: $total stored but $confirmed + $waitlisted placed"
}

replace_section() { # markdown-file "## header" section-file: replaces that section (up to the next
  # "## " header) with the file's text, or appends it; creates the file with "# title" when missing.
  local file=$1 header=$2 section=$3
  [ -f "$file" ] || printf '# %s\n\n' "$(basename "$file" .md | tr 'A-Z' 'a-z' | sed 's/^./\U&/')" >"$file"
  python3 - "$file" "$header" "$section" <<'PY'
import re, sys
path, header, section = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
text = open(path).read()
pattern = re.compile(re.escape(header) + r"\n.*?(?=\n## |\Z)", re.S)
if pattern.search(text):
    text = pattern.sub(lambda m: section.rstrip() + "\n", text)
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w").write(text)
PY
}

# The JVM options of a pod (docs/adr/0019), as the image's run-java.sh builds them: its defaults
# (java-default-options) with the ConfigMap's GC_CONTAINER_OPTIONS and JAVA_MAX_MEM_RATIO, then
# JAVA_OPTS_APPEND (without the bind address), and the container's CPU and memory limits of
# k8s/base/deployment.yaml as the JVM would read them from the cgroup.
pod_java_options() {
  local k=k8s/base/kustomization.yaml d=k8s/base/deployment.yaml gc ratio append cpu mem
  gc=${BENCH_GC:-$(sed -nE 's/^ *- GC_CONTAINER_OPTIONS=(.*)$/\1/p' "$k")} # BENCH_GC: try another collector
  ratio=$(sed -nE 's/^ *- JAVA_MAX_MEM_RATIO=(.*)$/\1/p' "$k")
  append=$(sed -nE 's/^ *- JAVA_OPTS_APPEND=(.*)$/\1/p' "$k" | sed -E 's/-Dquarkus\.http\.host=[^ ]+ ?//')
  cpu=$(awk '/limits:/ { f = 1 } f && /cpu:/ { gsub(/"/, "", $2); print $2; exit }' "$d")
  mem=$(awk '/limits:/ { f = 1 } f && /memory:/ { print $2; exit }' "$d" | sed -E 's/Gi$/g/; s/Mi$/m/')
  echo "-XX:ActiveProcessorCount=$cpu -XX:MaxRAM=$mem -XX:MaxRAMPercentage=${ratio:-80}.0" \
    "${gc:--XX:+UseParallelGC} -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4" \
    "-XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError $append"
}
