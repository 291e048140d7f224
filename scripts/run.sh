#!/usr/bin/env bash
# Starts the whole thing for a newcomer: PostgreSQL, Redis and Keycloak (scripts/services.sh),
# then builds the service and runs it on http://127.0.0.1:8080 with the demo data from seeds/.
# Ctrl-C stops the service; `bash scripts/services.sh stop` stops the rest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/services.sh start
# The dev build (profile demo, in target/demo): the service plus the demo-year generator, which the
# production build leaves out.
echo "[run] building the service (./mvnw -Pdemo package, tests skipped: scripts/test.sh runs them)"
./mvnw -B -q -Pdemo package -DskipTests
echo "[run] starting on http://127.0.0.1:8080 (Swagger UI: http://127.0.0.1:8080/q/swagger-ui)"
echo "[run] cadre console: http://127.0.0.1:8080/console (community-cadre, street-cadre, admin, caseworker or case-supervisor; password fulian-demo)"
# The console over plain http on this machine (production serves it over HTTPS: secure cookies).
export FULIAN_CONSOLE_HTTPS="${FULIAN_CONSOLE_HTTPS:-false}"
export FULIAN_SEEDS_DEMO_ASSIGNMENTS="${FULIAN_SEEDS_DEMO_ASSIGNMENTS:-true}"
# A year of activity shaped like the 2019 report, so the statistics have something to show.
export FULIAN_DEMO_GENERATE="${FULIAN_DEMO_GENERATE:-true}"
# The field-encryption key ring: a fixed local key, for this machine only (production reads it
# from a Kubernetes Secret; docs/adr/0012-field-encryption.md).
export FULIAN_CRYPTO_KEYS="${FULIAN_CRYPTO_KEYS:-local-dev:ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=}"

# WeChat sign-in without WeChat: a local fake of WeChat's API (FakeWeChat from the test classes)
# on 127.0.0.1:18777. `curl -X POST 'http://127.0.0.1:18777/fake/codes?openid=o-demo'` gives a
# code as wx.login would (README, "WeChat mini-program sign-in"). Set FULIAN_WECHAT_API_BASE_URL
# to use another WeChat endpoint instead.
if [ -z "${FULIAN_WECHAT_API_BASE_URL:-}" ]; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/classpath-test.txt >/dev/null
  mkdir -p .local
  java -Xmx64m -cp "target/demo/test-classes:$(cat target/classpath-test.txt)" \
    cn.futian.jufu.testing.fakes.FakeWeChat 18777 >.local/fake-wechat.log 2>&1 &
  fake_wechat=$!
  trap 'kill "$fake_wechat" 2>/dev/null || true' EXIT
  export FULIAN_WECHAT_ENABLED=true FULIAN_WECHAT_API_BASE_URL=http://127.0.0.1:18777
  export FULIAN_WECHAT_APP_ID=wx-local-demo FULIAN_WECHAT_SECRET=local-demo-secret
  echo "[run] fake WeChat API on http://127.0.0.1:18777 (POST /fake/codes?openid=... for a code)"
fi
java ${JAVA_OPTS:--Xmx512m} -jar target/demo/quarkus-app/quarkus-run.jar
