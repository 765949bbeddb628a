#!/usr/bin/env bash
# Install — or upgrade — xiaoban (校办) as a system service on a Debian 12 box, from this checkout.
#
#   sudo bash appliance/install.sh                 install, or upgrade to this checkout's version
#   sudo bash appliance/install.sh --skip-backup   upgrade without the backup taken first (when the backup
#                                                  target is unavailable and the upgrade cannot wait)
#   sudo bash appliance/install.sh --rollback      go back to the version that ran before the last upgrade,
#                                                  and to the database from before its migrations
#   sudo bash appliance/install.sh --rollback --force   …even when that database is more than a day old
#
# What it does (every step is idempotent):
#   1. checks Node.js >= 20.19 and installs missing Debian packages (appliance/packages*.txt)
#   2. creates the system user `xiaoban` (no login, home /var/lib/xiaoban)
#   3. builds a clean copy in /opt/xiaoban.new (npm ci, npm run build, npm prune --omit=dev), owned by root
#   4. writes /etc/xiaoban/xiaoban.env from appliance/xiaoban.env.example — only if it does not exist; installs
#      the `xb` command (/usr/local/bin/xb, runs the CLI as the service user)
#   5. when a backup target is configured (<data>/backup/target.json): the RUNNING version backs up
#      (`xb backup run --trigger upgrade`); if that fails nothing is changed (override: --skip-backup)
#   6. stops the service and the backup timer, keeps the running version as /opt/xiaoban.prev, moves the new
#      one to /opt/xiaoban, and records the upgrade in <data>/backup/pre-migrate/last-upgrade.json
#   7. installs systemd/xiaoban.service (+ xiaoban-backup.service/.timer), enables and starts them, waits for
#      /api/health
# Data stays in /var/lib/xiaoban. Database migrations run at start after a VACUUM INTO snapshot of the
# database into <data>/backup/pre-migrate/; --rollback puts that snapshot back (README › Upgrade).
# Local changes to the units belong in drop-ins (`systemctl edit xiaoban`): this script overwrites the units.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

SRC="$(xb_repo_root)"
PREFIX=/opt/xiaoban
ETC=/etc/xiaoban
ENV_FILE="$ETC/xiaoban.env"
DATA=/var/lib/xiaoban
UNIT=/etc/systemd/system/xiaoban.service
UNIT_DIR=/etc/systemd/system
SERVICE_USER=xiaoban
PRE_MIGRATE="$DATA/backup/pre-migrate"
MARKER="$PRE_MIGRATE/last-upgrade.json"

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

# The systemd units of the version in $PREFIX: the backup units only when that version has them (a rollback
# to a version from before backups must not leave a timer calling a command it does not know).
install_units() {
  install -m 0644 "$PREFIX/systemd/xiaoban.service" "$UNIT"
  if [ -f "$PREFIX/systemd/xiaoban-backup.service" ] && [ -f "$PREFIX/systemd/xiaoban-backup.timer" ]; then
    install -m 0644 "$PREFIX/systemd/xiaoban-backup.service" "$PREFIX/systemd/xiaoban-backup.timer" "$UNIT_DIR/"
  elif [ -f "$UNIT_DIR/xiaoban-backup.timer" ]; then
    systemctl disable --now xiaoban-backup.timer >/dev/null 2>&1 || true
    rm -f "$UNIT_DIR/xiaoban-backup.timer" "$UNIT_DIR/xiaoban-backup.service"
  fi
  systemctl daemon-reload
}

start_backup_timer() {
  [ -f "$UNIT_DIR/xiaoban-backup.timer" ] || return 0
  systemctl enable --now xiaoban-backup.timer >/dev/null
}

# Stops the server and the backup timer (a running scheduled backup is stopped too: restic leaves no
# snapshot and the repository usable; the next run starts over).
stop_services() {
  systemctl stop xiaoban-backup.timer xiaoban-backup.service >/dev/null 2>&1 || true
  if systemctl is-active --quiet xiaoban; then
    xb_log "stopping the running version"
    systemctl stop xiaoban
  fi
}

# The database part of a rollback — the same steps as `xb upgrade --rollback` (server/modules/backup/
# backup.upgrade.ts), in shell because the version we return to may not have that command and the failed one
# may not load. rollback_snapshot decides (before anything changes): prints the newest pre-migration snapshot
# taken after the recorded upgrade start, or nothing when there is no database to put back.
rollback_snapshot() {
  local force="$1" snapshot
  if [ ! -f "$MARKER" ]; then
    xb_warn "no upgrade marker ($MARKER): the database is left as it is"
    return 0
  fi
  if grep -q '"rolledBackAt"' "$MARKER"; then
    xb_log "the database of that upgrade was already rolled back (see $MARKER): left as it is"
    return 0
  fi
  snapshot="$(find "$PRE_MIGRATE" -maxdepth 1 -type f -name 'xiaoban-*.sqlite' -newer "$MARKER" -printf '%T@ %p\n' | sort -nr | head -n1 | cut -d' ' -f2-)"
  if [ -z "$snapshot" ]; then
    xb_log "the failed version did not migrate the database (no pre-migration snapshot since the upgrade): left as it is"
    return 0
  fi
  if [ "$force" -ne 1 ] && [ -n "$(find "$snapshot" -mmin +1440)" ]; then
    xb_die "the database from before the upgrade is more than a day old ($(date -r "$snapshot" '+%F %T')): everything entered since then would be set aside.
  Nothing was changed. To roll back the code and put that database back anyway:
    sudo bash $PREFIX/appliance/install.sh --rollback --force"
  fi
  [ "$(sqlite3 "$snapshot" 'PRAGMA integrity_check;' 2>&1)" = ok ] || xb_die "the pre-migration snapshot $snapshot fails its integrity check; nothing was changed"
  printf '%s' "$snapshot"
}

# With the service stopped: the snapshot becomes xiaoban.sqlite; the migrated database (and its WAL) is kept aside.
restore_pre_migrate_db() {
  local snapshot="$1" live="$DATA/xiaoban.sqlite" ts aside
  ts="$(date -u +%Y-%m-%dT%H-%M-%S-%3NZ)"
  aside="$live.rolled-back-$ts"
  install -m 0640 -o "$SERVICE_USER" -g "$SERVICE_USER" "$snapshot" "$live.rollback-tmp"
  sync "$live.rollback-tmp"
  [ -f "$live" ] && mv "$live" "$aside"
  [ -f "$live-wal" ] && mv "$live-wal" "$aside-wal"
  rm -f "$live-shm"
  mv "$live.rollback-tmp" "$live"
  sync "$DATA"
  sed -i "\$ s|}[[:space:]]*\$|,\"rolledBackAt\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\",\"restored\":\"$snapshot\",\"keptAside\":\"$aside\"}|" "$MARKER"
  xb_log "database restored from $(basename "$snapshot") (taken $(date -r "$snapshot" '+%F %T'))"
  xb_log "the migrated database is kept as $aside — changes made with the failed version are only there"
}

rollback() {
  local force="$1" snapshot
  [ -d "$PREFIX.prev" ] || xb_die "no previous version in $PREFIX.prev to roll back to"
  snapshot="$(rollback_snapshot "$force")"
  xb_log "rolling back to the previous version"
  stop_services
  rm -rf "$PREFIX.failed"
  [ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.failed"
  mv "$PREFIX.prev" "$PREFIX"
  [ -z "$snapshot" ] || restore_pre_migrate_db "$snapshot"
  install_units
  systemctl start xiaoban
  if wait_healthy; then
    start_backup_timer
    xb_log "rolled back; the failed version is kept in $PREFIX.failed"
  else
    xb_die "the previous version does not start either — see the log above"
  fi
}

mode=install
skip_backup=0
force=0
for arg in "$@"; do
  case "$arg" in
    --rollback) mode=rollback ;;
    --skip-backup) skip_backup=1 ;;
    --force) force=1 ;;
    *) xb_die "unknown option: $arg (use nothing, --skip-backup, or --rollback [--force])" ;;
  esac
done
if [ "$mode" = rollback ]; then
  rollback "$force"
  exit 0
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
# The xb command: runs /opt/xiaoban's CLI as the service user, whichever version is installed there.
install -m 0755 "$SRC/appliance/xb" /usr/local/bin/xb

# 5. a backup with the running version before anything changes (the new version may migrate the database)
if [ -f "$DATA/backup/target.json" ] && [ -f "$PREFIX/dist/server/cli.js" ]; then
  if [ "$skip_backup" -eq 1 ]; then
    xb_warn "--skip-backup: upgrading without a backup first (the pre-migration database snapshot is still taken)"
  else
    xb_log "backing up with the running version before the upgrade (xb backup run --trigger upgrade) …"
    systemctl stop xiaoban-backup.timer xiaoban-backup.service >/dev/null 2>&1 || true
    if ! /usr/local/bin/xb backup run --trigger upgrade; then
      start_backup_timer
      rm -rf "$PREFIX.new"
      xb_die "the backup before the upgrade failed, so nothing was changed (the running version keeps running).
  Fix the backup (Admin › 备份与恢复, or: sudo xb backup check) and run this again — or, if the upgrade cannot
  wait: sudo bash appliance/install.sh --skip-backup"
    fi
  fi
fi

# 6. swap versions
stop_services
if [ -d "$PREFIX" ]; then
  rm -rf "$PREFIX.prev"
  mv "$PREFIX" "$PREFIX.prev"
fi
mv "$PREFIX.new" "$PREFIX"
# Snapshots the new version's migrations take from now on belong to this upgrade (install.sh --rollback and
# `xb upgrade --rollback` read this marker).
install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA/backup" "$PRE_MIGRATE"
from_version="$( [ -f "$PREFIX.prev/package.json" ] && sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$PREFIX.prev/package.json" | head -n1 || true)"
to_version="$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$PREFIX/package.json" | head -n1)"
printf '{"format":1,"startedAt":"%s","fromVersion":%s,"toVersion":"%s"}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$( [ -n "$from_version" ] && printf '"%s"' "$from_version" || printf null)" "$to_version" >"$MARKER.tmp"
chown "$SERVICE_USER:$SERVICE_USER" "$MARKER.tmp"
mv "$MARKER.tmp" "$MARKER"

# 7. services
install_units
systemctl enable xiaoban >/dev/null
systemctl restart xiaoban
if wait_healthy; then
  start_backup_timer
  print_addresses
else
  if [ -d "$PREFIX.prev" ]; then
    xb_die "the new version did not become healthy. Roll back with: sudo bash $PREFIX/appliance/install.sh --rollback"
  fi
  xb_die "xiaoban did not become healthy — see the log above (journalctl -u xiaoban)"
fi
