#!/usr/bin/env bash
# Runs the editor tests: (a) the Mocha suites in the extension host of code-server's VS Code server,
# (b) the browser UI test of the packaged .vsix in code-server, (c) headless Neovim and Emacs
# (eglot) over stdio.
# Usage: bash test/e2e/run-all.sh [exthost] [ui] [ui-editor] [nvim] [emacs]      (default: all)
# Env: KH_E2E_DIR (tool cache, default ~/.cache/kube-hardener-e2e), KH_SKIP_SETUP=1, KH_SKIP_BUILD=1.
# Each runner stops what it starts; this script also stops the process tree of a step that
# is left over or interrupted (Ctrl+C), by PID.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
STEPS=("$@")
[ ${#STEPS[@]} -eq 0 ] && STEPS=(exthost ui ui-editor nvim emacs)
STEP_PID=""
RESULTS=()
FAILED=0
START=$(date +%s)

descendants() { local child; for child in $(pgrep -P "$1" 2>/dev/null); do echo "$child"; descendants "$child"; done; }
kill_tree() {
  [ -n "${1:-}" ] || return 0
  local pids; pids="$(descendants "$1") $1"
  kill $pids 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=""; for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    [ -z "$alive" ] && return 0
    sleep 0.2
  done
  kill -9 $alive 2>/dev/null || true
}
on_exit() { kill_tree "$STEP_PID"; }
trap on_exit EXIT
trap 'echo "interrupted"; exit 130' INT TERM

banner() { printf '\n===== %s =====\n' "$*"; }

# run_step NAME LABEL COMMAND...: runs one test in the background (so that it can be stopped as a tree).
run_step() {
  local name=$1 label=$2; shift 2
  banner "$label"
  local started; started=$(date +%s)
  "$@" &
  STEP_PID=$!
  wait "$STEP_PID"
  local rc=$?
  kill_tree "$STEP_PID"
  STEP_PID=""
  local status=PASS; [ $rc -eq 0 ] || { status=FAIL; FAILED=1; }
  RESULTS+=("$(printf '%-4s  %-52s %4ss' "$status" "$label" "$(( $(date +%s) - started ))")")
}

if [ "${KH_SKIP_SETUP:-}" != 1 ]; then
  banner "set-up (test/e2e/setup.sh)"
  bash test/e2e/setup.sh || exit 1
fi
if [ "${KH_SKIP_BUILD:-}" != 1 ]; then
  banner "npm run package (production build + kube-hardener.vsix)"
  npm run --silent package >/dev/null || { echo "npm run package failed"; exit 1; }
  echo "kube-hardener.vsix: $(stat -c %s kube-hardener.vsix) bytes; $(unzip -Z1 kube-hardener.vsix | tr '\n' ' ')"
fi

for step in "${STEPS[@]}"; do
  case "$step" in
    exthost) run_step exthost "extension host: Mocha suites (code-server's VS Code)" node test/e2e/run-exthost.mjs ;;
    ui) run_step ui "UI: packaged .vsix in code-server + Chromium" node test/e2e/ui.mjs ;;
    ui-editor) run_step ui-editor "UI: hover, Ctrl+. menu, settings, scan (#12)" node test/e2e/ui-editor.mjs ;;
    nvim) run_step nvim "Neovim $(nvim --version 2>/dev/null | head -1 | cut -d' ' -f2): LSP over stdio" bash test/e2e/nvim/run.sh ;;
    emacs) run_step emacs "Emacs $(emacs --version 2>/dev/null | head -1 | cut -d' ' -f3) + eglot: LSP over stdio" bash test/e2e/emacs/run.sh ;;
    *) echo "unknown step $step (known: exthost ui ui-editor nvim emacs)"; exit 2 ;;
  esac
done

banner "editor tests"
printf '%s\n' "${RESULTS[@]}"
echo "total $(( $(date +%s) - START )) s; screenshots in test-results/"
exit $FAILED
