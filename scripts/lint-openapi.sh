#!/usr/bin/env bash
# Lints the API contract openapi.yaml with Redocly's recommended rules (redocly.yaml beside it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$(bash "$root/scripts/node-tools.sh")"
cd "$root"
"$tools/node_modules/.bin/redocly" lint --config scripts/tools/redocly.yaml openapi.yaml
