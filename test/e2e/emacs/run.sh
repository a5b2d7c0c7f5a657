#!/usr/bin/env bash
# Emacs (batch) + eglot, configured by init.el (the README's snippet), against
# kube-hardener-server --stdio (dist/server.js): exit 0 only when kube-hardener's
# diagnostics arrived in flymake; `timeout` guards against hangs.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
command -v emacs >/dev/null || { echo "emacs not installed: run test/e2e/setup.sh" >&2; exit 1; }
[ -f "$ROOT/dist/server.js" ] || { echo "dist/server.js missing: run npm run build" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kh-emacs-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/test/e2e/fixtures/workspace/privileged-pod.yaml" "$WORK/"
# kube-hardener-server on PATH, as `npm install -g` would put it.
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexec node "%s/dist/server.js" "$@"\n' "$ROOT" > "$WORK/bin/kube-hardener-server"
chmod +x "$WORK/bin/kube-hardener-server"
cd "$WORK"
# -Q: no init file or site-start; HOME in the work folder keeps ~/.emacs.d untouched.
PATH="$WORK/bin:$PATH" HOME="$WORK" timeout "${KH_EMACS_TIMEOUT:-60}" \
  emacs -Q --batch -l "$HERE/check-diagnostics.el" privileged-pod.yaml
