#!/usr/bin/env bash
# Quick start: set up (packages, npm ci, build — each only when needed), then run xiaoban in the foreground.
# The demo school is seeded unless XB_DEMO=0. The server itself prints its addresses, the certificate page
# and the demo credentials. Usage (from anywhere): sudo bash scripts/start.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT="$(xb_repo_root)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
export XB_DEMO="${XB_DEMO:-1}"
exec node dist/server/main.js
