#!/usr/bin/env bash
# Sets up a checkout of chat-wall on a fresh machine: pnpm, dependencies, build.
#   --browser   also make sure Chromium is installed (for the browser and end-to-end tests)
#   --services  also make sure PostgreSQL and redis-server are installed (for the scale-out tests,
#               which start their own throwaway servers on loopback)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_services=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --services) want_services=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "chat-wall needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

# pnpm 10: pnpm 11 needs Node 22.
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" != "10" ]; then
  say "Installing pnpm 10"
  npm install --global --no-fund --no-audit pnpm@10.34.9
fi

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "Missing ${*: -1}: install it with your package manager (Debian: sudo apt-get install -y $*)." >&2
    exit 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ "$want_browser" = 1 ] && [ -z "${CHROME_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  say "Installing Chromium"
  apt_install chromium
fi
if [ "$want_services" = 1 ] && ! command -v redis-server >/dev/null 2>&1; then
  say "Installing redis-server"
  apt_install --no-install-recommends redis-server
fi
if [ "$want_services" = 1 ] && [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "Installing PostgreSQL"
  apt_install postgresql
fi

say "Installing dependencies"
if [ -n "${CI:-}" ]; then
  pnpm install --frozen-lockfile
else
  pnpm install
fi

say "Building"
pnpm build
