#!/usr/bin/env bash
# Headless Neovim (Debian's 0.7.2 or newer) with init.lua (the README's snippet) against
# kube-hardener-server --stdio (dist/server.js): diagnostics arrive,
# a quick fix applies. Exit 0 only when both happened; `timeout` guards against hangs.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
command -v nvim >/dev/null || { echo "nvim not installed: run test/e2e/setup.sh" >&2; exit 1; }
[ -f "$ROOT/dist/server.js" ] || { echo "dist/server.js missing: run npm run build" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kh-nvim-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/test/e2e/fixtures/workspace/privileged-pod.yaml" "$WORK/"
# kube-hardener-server on PATH, as `npm install -g` would put it.
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexec node "%s/dist/server.js" "$@"\n' "$ROOT" > "$WORK/bin/kube-hardener-server"
chmod +x "$WORK/bin/kube-hardener-server"
# --clean: no user config or plugins (init.lua comes in with --cmd, before the file loads);
# -n: no swap file; -i NONE: no shada. Our lines go to stdout, Neovim's messages to stderr.
cd "$WORK"
PATH="$WORK/bin:$PATH" timeout "${KH_NVIM_TIMEOUT:-60}" \
  nvim --clean --headless -n -i NONE --cmd "luafile $HERE/init.lua" privileged-pod.yaml -c "luafile $HERE/check-diagnostics.lua"
