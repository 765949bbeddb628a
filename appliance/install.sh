#!/usr/bin/env bash
# Install — or upgrade — xiaoban (校办) as a system service on a Debian 12 box, from this checkout.
#
#   sudo bash appliance/install.sh             install, or upgrade to this checkout's version
#   sudo bash appliance/install.sh --rollback  go back to the version that ran before the last upgrade
#
# What it does (every step is idempotent):
#   1. checks Node.js >= 20.19 and installs missing Debian packages (appliance/packages*.txt)
#   2. creates the system user `xiaoban` (no login, home /var/lib/xiaoban)
#   3. builds a clean copy in /opt/xiaoban.new (npm ci, npm run build, npm prune --omit=dev), owned by root
#   4. writes /etc/xiaoban/xiaoban.env from appliance/xiaoban.env.example — only if it does not exist
#   5. stops the service, keeps the running version as /opt/xiaoban.prev, moves the new one to /opt/xiaoban
#   6. installs systemd/xiaoban.service, enables and starts it, waits for /api/health
# Data stays in /var/lib/xiaoban. Database migrations run at start after a VACUUM INTO snapshot of the
# database (see the README's upgrade section for restoring it after a rollback).
# Local changes to the unit belong in a drop-in (`systemctl edit xiaoban`): this script overwrites the unit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

SRC="$(xb_repo_root)"
PREFIX=/opt/xiaoban
ETC=/etc/xiaoban
ENV_FILE="$ETC/xiaoban.env"
DATA=/var/lib/xiaoban
UNIT=/etc/systemd/system/xiaoban.service
SERVICE_USER=xiaoban

xb_is_root || xb_die "run as root: sudo bash appliance/install.sh"
command -v systemctl >/dev/null 2>&1 || xb_die "systemd is required (systemctl not found)"

env_value() { # env_value NAME DEFAULT: the value in /etc/xiaoban/xiaoban.env, else DEFAULT
  local v=""
  [ -f "$ENV_FILE" ] && v="$(sed -n "s/^[[:space:]]*$1=//p" "$ENV_FILE" | tail -n1 | tr -d "\"'[:space:]")"
  printf '%s' "${v:-$2}"
}

wait_healthy() {
  local tls port i
  tls="$(env_value XB_TLS on)"
  if [ "$tls" = off ]; then port="$(env_value XB_HTTP_PORT 8080)"; else port="$(env_value XB_HTTPS_PORT 8443)"; fi
  xb_log "waiting for the service to answer on port $port …"
  for i in $(seq 1 60); do
    if TLS="$tls" PORT="$port" node -e "require(process.env.TLS==='off'?'node:http':'node:https').get({host:'127.0.0.1',port:Number(process.env.PORT),path:'/api/health',rejectUnauthorized:false,timeout:2000},(r)=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))" 2>/dev/null; then
      xb_log "xiaoban is up (after ${i} s)"
      return 0
    fi
    systemctl is-failed --quiet xiaoban && break
    sleep 1
  done
  journalctl -u xiaoban -n 40 --no-pager >&2 || true
  return 1
}

print_addresses() {
  local http_port ip
  http_port="$(env_value XB_HTTP_PORT 8080)"
  ip="$(hostname -I 2>/dev/null | awk '{print $1}')"
  xb_log "addresses and first-start instructions: journalctl -u xiaoban -n 30 --no-pager"
  [ "$(env_value XB_TLS on)" = off ] || xb_log "certificate page for staff devices: http://${ip:-<box-ip>}:${http_port}/ca"
}

rollback() {
  [ -d "$PREFIX.prev" ] || xb_die "no previous version in $PREFIX.prev to roll back to"
  xb_log "rolling back to the previous version"
  systemctl stop xiaoban || true
  rm -rf "$PREFIX.failed"
  [ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.failed"
  mv "$PREFIX.prev" "$PREFIX"
  install -m 0644 "$PREFIX/systemd/xiaoban.service" "$UNIT"
  systemctl daemon-reload
  systemctl start xiaoban
  if wait_healthy; then
    xb_log "rolled back; the failed version is kept in $PREFIX.failed"
    xb_warn "if the failed version migrated the database, restore the pre-migration snapshot (README › Upgrade)"
  else
    xb_die "the previous version does not start either — see the log above"
  fi
}

if [ "${1:-}" = "--rollback" ]; then
  rollback
  exit 0
elif [ -n "${1:-}" ]; then
  xb_die "unknown option: $1 (use --rollback or nothing)"
fi

# 1. prerequisites
xb_require_node
xb_ensure_packages "$SRC/appliance/packages.txt" "$SRC/appliance/packages-build.txt"
xb_disable_system_gammu

# 2. service user
if ! getent passwd "$SERVICE_USER" >/dev/null; then
  xb_log "creating system user $SERVICE_USER"
  useradd --system --user-group --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA"

# 3. build a clean copy next to the running one
xb_log "building a clean copy in $PREFIX.new"
rm -rf "$PREFIX.new"
install -d -m 0755 "$PREFIX.new"
tar -C "$SRC" \
  --exclude=./node_modules --exclude=./dist --exclude=./data --exclude=./.git --exclude=./.tmp \
  --exclude=./test-results --exclude=./playwright-report -cf - . | tar -C "$PREFIX.new" -xf -
(
  cd "$PREFIX.new"
  npm ci --no-audit --no-fund
  npm run build
  npm prune --omit=dev --no-audit --no-fund
  touch dist/.build-stamp
)
chown -R root:root "$PREFIX.new"
chmod -R go-w "$PREFIX.new"

# 4. settings (never overwritten)
install -d -m 0750 -o root -g "$SERVICE_USER" "$ETC"
if [ ! -f "$ENV_FILE" ]; then
  install -m 0640 -o root -g "$SERVICE_USER" "$SRC/appliance/xiaoban.env.example" "$ENV_FILE"
  xb_log "wrote $ENV_FILE (all settings commented out: defaults apply)"
fi

# 5. swap versions (later: the backup issue takes a restic snapshot of $DATA here first)
if systemctl is-active --quiet xiaoban; then
  xb_log "stopping the running version"
  systemctl stop xiaoban
fi
if [ -d "$PREFIX" ]; then
  rm -rf "$PREFIX.prev"
  mv "$PREFIX" "$PREFIX.prev"
fi
mv "$PREFIX.new" "$PREFIX"

# 6. service
install -m 0644 "$PREFIX/systemd/xiaoban.service" "$UNIT"
systemctl daemon-reload
systemctl enable xiaoban >/dev/null
systemctl restart xiaoban
if wait_healthy; then
  print_addresses
else
  if [ -d "$PREFIX.prev" ]; then
    xb_die "the new version did not become healthy. Roll back with: sudo bash $PREFIX/appliance/install.sh --rollback"
  fi
  xb_die "xiaoban did not become healthy — see the log above (journalctl -u xiaoban)"
fi
