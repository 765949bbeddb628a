# shellcheck shell=bash
# Shared functions for scripts/*.sh and appliance/install.sh. Source it; it does nothing by itself.
# Every function is idempotent and cheap when there is nothing to do.

XB_MIN_NODE="20.19.0"

xb_log() { printf '\033[1;34m[xiaoban]\033[0m %s\n' "$*" >&2; }
xb_warn() { printf '\033[1;33m[xiaoban] warning:\033[0m %s\n' "$*" >&2; }
xb_die() {
  printf '\033[1;31m[xiaoban] error:\033[0m %s\n' "$*" >&2
  exit 1
}

# The repository root (the folder holding package.json), whatever the caller's cwd.
xb_repo_root() {
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  (cd "$here/.." && pwd)
}

xb_is_root() { [ "$(id -u)" -eq 0 ]; }

# version_ge A B: true when dotted version A >= B.
xb_version_ge() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# Refuse clearly when Node.js is missing or older than XB_MIN_NODE.
xb_require_node() {
  if ! command -v node >/dev/null 2>&1; then
    xb_die "Node.js >= ${XB_MIN_NODE} is required but 'node' is not on PATH.
  Debian 12's own nodejs package is 18.x (too old). Install Node.js 20 or 22 LTS, e.g. from the official
  tarball (https://nodejs.org/en/download) into /usr/local, then run this again."
  fi
  local v
  v="$(node -p 'process.versions.node')"
  if ! xb_version_ge "$v" "$XB_MIN_NODE"; then
    xb_die "Node.js ${v} is too old: xiaoban needs >= ${XB_MIN_NODE} (better-sqlite3 12, @tus/server 2). Install Node.js 20 or 22 LTS."
  fi
  command -v npm >/dev/null 2>&1 || xb_die "npm is missing (it ships with Node.js; reinstall Node.js ${XB_MIN_NODE}+)."
}

# Package names from list files: strips comments and blank lines, one name per output line.
xb_read_packages() {
  local file
  for file in "$@"; do
    [ -f "$file" ] || xb_die "package list not found: $file"
    sed -e 's/#.*//' -e 's/[[:space:]]\+/\n/g' "$file" | sed -e '/^$/d'
  done
}

# Install the Debian packages of the given list files that are missing. apt-get runs only when something is
# missing, so a second run costs one dpkg-query.
xb_ensure_packages() {
  local -a wanted missing=()
  mapfile -t wanted < <(xb_read_packages "$@" | sort -u)
  [ "${#wanted[@]}" -gt 0 ] || return 0
  if ! command -v dpkg-query >/dev/null 2>&1; then
    xb_warn "not a Debian system: make sure these are installed: ${wanted[*]}"
    return 0
  fi
  local installed
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${wanted[@]}" 2>/dev/null | awk '$2 ~ /^ii/ { print $1 }' || true)"
  local p
  for p in "${wanted[@]}"; do
    grep -qxF "$p" <<<"$installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  if ! xb_is_root; then
    xb_die "missing Debian packages: ${missing[*]}
  Run this script with sudo (it installs them with apt-get), or install them yourself:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  xb_log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Debian enables gammu-smsd's own service when the package is installed; xiaoban runs its own daemon (with its
# own configuration and database) and two daemons must never share the modem. Only with systemd running, as root.
xb_disable_system_gammu() {
  xb_is_root || return 0
  command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] || return 0
  systemctl cat gammu-smsd.service >/dev/null 2>&1 || return 0
  if systemctl is-enabled --quiet gammu-smsd.service 2>/dev/null || systemctl is-active --quiet gammu-smsd.service 2>/dev/null; then
    xb_log "disabling the system gammu-smsd service (xiaoban supervises its own SMS daemon)"
    systemctl disable --now gammu-smsd.service >/dev/null 2>&1 || xb_warn "could not disable gammu-smsd.service: run 'systemctl disable --now gammu-smsd'"
  fi
}

# Debian's janus package enables its own janus.service with the stock configuration (HTTP API on every
# interface). The box runs Janus itself with a generated loopback-only configuration: keep the stock one off.
xb_disable_system_janus() {
  xb_is_root || return 0
  command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] || return 0
  systemctl cat janus.service >/dev/null 2>&1 || return 0
  if systemctl is-enabled --quiet janus.service 2>/dev/null || systemctl is-active --quiet janus.service 2>/dev/null; then
    xb_log "disabling the system janus service (xiaoban supervises its own Janus with a loopback-only API)"
    systemctl disable --now janus.service >/dev/null 2>&1 || xb_warn "could not disable janus.service: run 'systemctl disable --now janus'"
  fi
}

# True when the Debian package is installed (dpkg status "ii").
xb_package_installed() {
  command -v dpkg-query >/dev/null 2>&1 || return 1
  dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'
}

# The backup tests need only the sshd program (they start a private one on loopback). Installing openssh-server
# also enables and starts Debian's ssh.service — port 22 on every interface with password logins. Call this only
# when the package was NOT installed before this run: then nobody can have relied on that service, and it is
# switched off. A box that had openssh-server before (enabled or not) is never touched: that SSH may be how
# someone reaches the box.
xb_disable_fresh_ssh() {
  xb_is_root || return 0
  command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] || return 0
  systemctl cat ssh.service >/dev/null 2>&1 || return 0
  xb_log "disabling ssh.service that installing openssh-server for the tests just enabled (the tests run their own sshd)"
  systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || xb_warn "could not disable ssh.service: run 'systemctl disable --now ssh'"
}

# npm ci when node_modules is missing or package-lock.json changed since the last install.
# (npm writes node_modules/.package-lock.json on every install: it is the stamp.)
xb_ensure_node_modules() {
  local root="$1"
  local stamp="$root/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ ! "$root/package-lock.json" -nt "$stamp" ] && [ ! "$root/package.json" -nt "$stamp" ]; then
    return 0
  fi
  xb_log "installing npm dependencies (npm ci; native modules compile from source, ~2 min on 2 cores)"
  (cd "$root" && npm ci --no-audit --no-fund)
}

# npm run build when dist/ is missing or older than any source file. dist/.build-stamp marks a finished build.
xb_ensure_build() {
  local root="$1"
  local stamp="$root/dist/.build-stamp"
  if [ -f "$stamp" ] && [ -f "$root/dist/server/main.js" ]; then
    local -a sources=()
    local s
    for s in server pwa package.json package-lock.json tsconfig.json tsconfig.server.json tsconfig.pwa.json vite.config.ts vite.config.mts index.html; do
      [ -e "$root/$s" ] && sources+=("$root/$s")
    done
    if [ -z "$(find "${sources[@]}" -newer "$stamp" -type f ! -name '*.test.ts' ! -name '*.test.tsx' -print -quit 2>/dev/null)" ]; then
      return 0
    fi
  fi
  xb_log "building server and PWA (npm run build)"
  (cd "$root" && npm run build)
  touch "$stamp"
}

# Serialise concurrent runs of the set-up (two terminals, CI + a developer) on one checkout.
xb_lock() {
  local root="$1"
  command -v flock >/dev/null 2>&1 || return 0
  local key
  key="$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
  { exec 9>>"/tmp/xiaoban-setup-${key}.lock"; } 2>/dev/null || return 0
  flock 9
}

# Release the lock before exec'ing a long-running process (it would inherit fd 9 and hold the lock).
xb_unlock() { exec 9>&-; }
