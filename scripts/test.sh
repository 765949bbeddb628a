#!/usr/bin/env bash
# Everything CI runs: set up (incl. test-only packages such as Chromium), then `npm test`
# (lint, typecheck, unit + API tests, build, end-to-end tests). Usage (from anywhere): sudo bash scripts/test.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT="$(xb_repo_root)"
bash "$ROOT/scripts/setup.sh" --test --no-build
cd "$ROOT"
exec npm test
