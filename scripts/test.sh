#!/usr/bin/env bash
# Runs every test: starts the local services the tests talk to (scripts/services.sh), validates
# the Kubernetes manifests, runs the Maven build with all tests against the real PostgreSQL,
# Redis and Keycloak, runs README's walkthrough against the packaged service (scripts/readme-check.sh),
# runs the packaged service behind nginx (scripts/proxy-check.sh) and lints the OpenAPI contract.
# The demo year (src/demo) is built and tested apart, in target/demo (pom.xml, profile demo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/services.sh start
# The browser tests (SwaggerUiLoginTest, ConsoleBrowserTest) drive Debian's chromium with
# playwright-core; the console's screenshots need a CJK font to show Chinese.
if ! command -v chromium >/dev/null || [ ! -d /usr/share/fonts/opentype/noto ]; then
  echo "[test] installing Debian's chromium and Noto CJK fonts for the browser tests"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
bash scripts/node-tools.sh >/dev/null
bash scripts/validate-k8s.sh
./mvnw -B verify "$@"
# The production jar holds no demo code (issue 19): the demo year is built only by the profile demo.
if unzip -l target/quarkus-app/app/*.jar | grep -q 'cn/futian/jufu/demo/.*\.class'; then
  echo "[test] FAIL: the production jar holds demo code (cn/futian/jufu/demo)" >&2; exit 1
fi
# The dev build of scripts/run.sh (profile demo, in target/demo): the demo year's own test, and the
# jar that README's walkthrough runs.
./mvnw -B -Pdemo verify -Dtest='DemoYear*Test' -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
  -Dspotbugs.skip -Dcyclonedx.skip
# README's commands against the jar just built; --self-test: broken copies of README must fail.
bash scripts/readme-check.sh --self-test
# The jar behind a real nginx configured like the Ingress: each resident's own address is counted.
bash scripts/proxy-check.sh
bash scripts/lint-openapi.sh
