#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: npm packages, the bundles, and (with --test) what the tests
# need from Debian (chromium, redis-server, neovim, libkrb5-dev) and code-server in .cache/.
set -euo pipefail
cd "$(dirname "$0")/.."

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# npm ci only when the lock changed since the last install.
stamp=node_modules/.gluepy-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
# nodejs-polars's binary for this machine, which npm leaves out on Node 20 (it declares node >= 22).
node scripts/ensure-polars-binary.mjs

# --test: also what the tests need; --no-code-server leaves code-server to the caller (scripts/test.sh installs
# it beside the first suites, as only the end-to-end suite runs it).
for_tests=false code_server=true
for arg in "$@"; do
  case $arg in
    --test) for_tests=true ;;
    --no-code-server) code_server=false ;;
    *) echo "setup.sh: unknown option $arg (use --test, --no-code-server)" >&2; exit 2 ;;
  esac
done

if $for_tests; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v nvim >/dev/null || need+=(neovim)
  [ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${need[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if $code_server; then scripts/install-code-server.sh; fi
fi

node esbuild.config.mjs
