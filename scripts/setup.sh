#!/usr/bin/env bash
# Make this checkout ready to run: Debian packages (as root), npm dependencies, a fresh build.
# Idempotent and fast when nothing changed. Usage: sudo bash scripts/setup.sh [--test] [--no-build]
#   --test      also install the test-only packages (appliance/packages-test.txt)
#   --no-build  skip `npm run build` (scripts/test.sh: `npm test` builds itself)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT="$(xb_repo_root)"
cd "$ROOT"

with_test=0
build=1
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    --no-build) build=0 ;;
    -h | --help)
      sed -n '2,6p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) xb_die "unknown option: $arg (see --help)" ;;
  esac
done

xb_require_node
xb_lock "$ROOT"

lists=(appliance/packages.txt appliance/packages-build.txt)
if [ "$with_test" -eq 1 ]; then lists+=(appliance/packages-test.txt); fi
had_sshd=0
xb_package_installed openssh-server && had_sshd=1
xb_ensure_packages "${lists[@]}"
# openssh-server (test-only) came with a running ssh.service: switch it off only if we just installed it.
if [ "$with_test" -eq 1 ] && [ "$had_sshd" -eq 0 ] && xb_package_installed openssh-server; then xb_disable_fresh_ssh; fi
xb_disable_system_gammu
xb_disable_system_janus
xb_ensure_node_modules "$ROOT"
if [ "$build" -eq 1 ]; then xb_ensure_build "$ROOT"; fi
xb_unlock
