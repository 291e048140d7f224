#!/usr/bin/env bash
# Installs the pinned Node tools of scripts/tools/ (OpenAPI lint, Playwright) into
# .local/node-tools/ once, and again only when the lock file changes. Prints the folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/scripts/tools"
dest="$root/.local/node-tools"
command -v npm >/dev/null || { echo "node-tools: Node.js and npm are required" >&2; exit 2; }
mkdir -p "$dest"
if [ ! -d "$dest/node_modules" ] || ! cmp -s "$src/package-lock.json" "$dest/package-lock.json"; then
  echo "[node-tools] installing pinned tools into .local/node-tools" >&2
  rm -rf "$dest/node_modules"
  cp "$src/package.json" "$src/package-lock.json" "$dest/"
  (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error </dev/null >&2)
fi
echo "$dest"
