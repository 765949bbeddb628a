#!/usr/bin/env bash
# Run a command inside a fresh network namespace that has only loopback plus a veth carrying 127.0.0.2.
# Why: Janus never gathers ICE candidates on a loopback-flagged interface, and test media must never use
# this machine's real addresses. Inside, Janus (ice_enforce_list "127.") offers 127.0.0.2; nothing can
# leave (no route out). Everything else the tests use is on 127.0.0.1 as before. Needs root (CI is root).
# Usage: bash scripts/netns-run.sh <command> [args…]
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args…]" >&2
  exit 2
fi
if [ "${XIAOBAN_TEST_NETNS:-}" = "1" ]; then exec "$@"; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "netns-run: needs root for unshare --net (CI runs as root); run: sudo $0 $*" >&2
  exit 1
fi
export XIAOBAN_TEST_NETNS=1
exec unshare --net bash -c '
  set -e
  ip link set lo up
  ip link add xbm0 type veth peer name xbm1      # no "dummy" module on every kernel; a veth pair works
  ip link set xbm0 addrgenmode none
  ip link set xbm1 addrgenmode none
  ip addr add 127.0.0.2/32 dev xbm0
  ip link set xbm1 up
  ip link set xbm0 up                            # RUNNING needs both ends up; Janus skips interfaces that are not
  exec "$@"' netns-run "$@"
