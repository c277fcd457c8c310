#!/usr/bin/env bash
# Install the real coding-assistant CLIs that the agent tests drive: Claude Code, Codex CLI
# and aider, at pinned versions, into a cache that outlives CI runs on this machine.
#
#   bash .ci/agents.sh            # prints the executables' paths
#   source "$SIDECAR_CI_CACHE/agents.env"   # then: SIDECAR_CLAUDE, SIDECAR_CODEX, SIDECAR_AIDER
#
# A step whose pinned version is already installed is skipped (a stamp file is written only
# after a step succeeds), so a warm run takes about a second. Bump a version below to reinstall.
#
# Both npm packages are launchers for native binaries shipped in per-platform optional
# dependencies (@anthropic-ai/claude-code-linux-x64, @openai/codex-linux-x64): Claude Code
# needs no Node at run time (its package asks for Node >= 22 only in "engines"; the native
# binary and its postinstall run fine on Node 20), Codex's launcher runs on any Node >= 16.
# aider pins ~100 libraries exactly, so it gets a venv of its own.
set -euo pipefail

CLAUDE_CODE_VERSION=2.1.330
CODEX_VERSION=0.169.0
AIDER_VERSION=0.86.2

CACHE="${SIDECAR_CI_CACHE:-$HOME/.cache/sidecar-ci}"
PYTHON="${SIDECAR_CI_PYTHON:-python3}"  # aider needs Python >= 3.10, < 3.13
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"

log() { echo "agents.sh: $*" >&2; }

# --- Node ------------------------------------------------------------------------------
# npm itself needs Node >= 20 these days, so a machine with npm has a Node that Codex's
# launcher accepts: no Node download is needed.
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 18 ]; then
  log "need Node >= 18 and npm on PATH (Codex's launcher is a Node script)"
  exit 1
fi
# agents.env puts this directory first on PATH: it holds only a link to this Node, so
# sourcing the file shadows nothing else (python3, say).
node_bin_dir="$CACHE/bin"
mkdir -p "$node_bin_dir"
ln -sfn "$(command -v node)" "$node_bin_dir/node"

# --- Claude Code and Codex CLI (npm) -------------------------------------------------------
npm_stamp="$CACHE/npm/.sidecar-pinned"
npm_want="claude-code@$CLAUDE_CODE_VERSION codex@$CODEX_VERSION"
claude="$CACHE/npm/node_modules/@anthropic-ai/claude-code/bin/claude.exe"
codex="$CACHE/npm/node_modules/.bin/codex"
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_want" ]; then
  log "installing $npm_want"
  rm -f "$npm_stamp"
  npm install --prefix "$CACHE/npm" --no-audit --no-fund --loglevel=error \
    "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" "@openai/codex@$CODEX_VERSION" >&2
  # npm may skip the postinstall that copies the native binary over the bin/claude.exe stub.
  if ! "$claude" --version 2>/dev/null | grep -q "^$CLAUDE_CODE_VERSION "; then
    (cd "$CACHE/npm/node_modules/@anthropic-ai/claude-code" && node install.cjs >&2)
  fi
  "$claude" --version | grep -q "^$CLAUDE_CODE_VERSION " \
    || { log "claude --version is not $CLAUDE_CODE_VERSION"; exit 1; }
  "$codex" --version | grep -q " $CODEX_VERSION\$" \
    || { log "codex --version is not $CODEX_VERSION"; exit 1; }
  echo "$npm_want" >"$npm_stamp"
fi

# --- aider (its own venv) ----------------------------------------------------------------
aider_stamp="$CACHE/aider-venv/.sidecar-pinned"
aider="$CACHE/aider-venv/bin/aider"
if [ "$(cat "$aider_stamp" 2>/dev/null)" != "aider-chat==$AIDER_VERSION" ]; then
  log "installing aider-chat==$AIDER_VERSION"
  rm -rf "$CACHE/aider-venv"
  "$PYTHON" -m venv "$CACHE/aider-venv"
  "$CACHE/aider-venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "aider-chat==$AIDER_VERSION" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; } >&2
  "$aider" --version | grep -q "$AIDER_VERSION" \
    || { log "aider --version is not $AIDER_VERSION"; exit 1; }
  echo "aider-chat==$AIDER_VERSION" >"$aider_stamp"
fi

# --- env file ----------------------------------------------------------------------------
env_file="$CACHE/agents.env"
cat >"$env_file.tmp" <<EOF
# Written by .ci/agents.sh: source it before the agent tests.
# Codex's launcher is "#!/usr/bin/env node": keep this Node first.
export PATH="$node_bin_dir:\$PATH"
export SIDECAR_CLAUDE="$claude"
export SIDECAR_CODEX="$codex"
export SIDECAR_AIDER="$aider"
EOF
mv "$env_file.tmp" "$env_file"

echo "SIDECAR_CLAUDE=$claude"
echo "SIDECAR_CODEX=$codex"
echo "SIDECAR_AIDER=$aider"
echo "env file: $env_file"
