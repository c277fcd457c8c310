import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Usage } from '../src/protocol';
import { budgetLevel, formatStatus, formatUsd, shortModel, spendText } from '../src/status';

const usage: Usage = {
  calls: 12,
  cost_usd: 0.0031,
  frontier_cost_usd: 0.0194,
  saving_usd: 0.0163,
  local_share: 0.9167,
  budget_usd: 5,
  budget_left_usd: 4.5,
  budget_scope: 'developer daily',
  budget_soft_ratio: 0.8,
};
const routed = { task: 'completion', route: 'local', model: 'SmolLM2-135M-Instruct.Q4_1', cost_usd: 0 };

test('money keeps fractions of a cent visible', () => {
  assert.equal(formatUsd(0), '$0.00');
  assert.equal(formatUsd(0.0031), '$0.0031');
  assert.equal(formatUsd(1.5), '$1.50');
});

test('model names are shortened for the status bar', () => {
  assert.equal(shortModel('/models/Qwen3.6-35B-A3B-Q4_K_M.gguf'), 'Qwen3.6-35B-A3B-Q4_K_M');
  assert.equal(shortModel('a'.repeat(40), 10), `${'a'.repeat(9)}…`);
  assert.equal(shortModel(null), 'unknown model');
});

test('route, model and spend against the budget', () => {
  const view = formatStatus({ phase: 'ready', routed, usage, completionsEnabled: true });
  assert.equal(view.text, '$(server-process) local · SmolLM2-135M-Instruct.Q4_1 · $0.50 / $5.00');
  assert.equal(view.background, undefined);
  assert.equal(view.command, 'sidecar.showUsage');
  assert.match(view.tooltip, /Last call: completion → \*\*local\*\* \(SmolLM2-135M-Instruct\.Q4_1\), \$0\.00/);
  assert.match(view.tooltip, /Today: 12 calls, \$0\.0031 spent, 92% local, \$0\.02 saved/);
  assert.match(view.tooltip, /Budget \(developer daily\): \$0\.50 of \$5\.00 used, \$4\.50 left/);
  assert.equal(view.label, 'Sidecar: last call local, SmolLM2-135M-Instruct.Q4_1, today $0.50 of $5.00');
});

test('frontier calls get the cloud icon; no budget shows today\'s spend', () => {
  const view = formatStatus({
    phase: 'ready',
    routed: { task: 'planning', route: 'frontier', model: 'gpt-5.1', cost_usd: 0.02 },
    usage: { ...usage, budget_usd: null, budget_left_usd: null, budget_scope: null },
    completionsEnabled: true,
  });
  assert.equal(view.text, '$(cloud) frontier · gpt-5.1 · $0.0031 today');
  assert.match(view.tooltip, /No budget applies/);
});

test('warning colour from the soft ratio, error colour when spent', () => {
  assert.equal(budgetLevel(undefined), 'none');
  assert.equal(budgetLevel(usage), 'ok');
  const near = { ...usage, budget_left_usd: 1.0 }; // 80% used
  assert.equal(budgetLevel(near), 'warning');
  assert.equal(formatStatus({ phase: 'ready', usage: near, completionsEnabled: true }).background, 'warning');
  // A server without budget_soft_ratio: the daemon's default, 0.8.
  assert.equal(budgetLevel({ ...usage, budget_left_usd: 1.1, budget_soft_ratio: undefined }), 'ok');
  assert.equal(budgetLevel({ ...usage, budget_left_usd: 2.0, budget_soft_ratio: 0.5 }), 'warning');
  const spent = { ...usage, budget_left_usd: 0 };
  assert.equal(budgetLevel(spent), 'exceeded');
  const view = formatStatus({ phase: 'ready', usage: spent, completionsEnabled: true });
  assert.equal(view.background, 'error');
  assert.equal(spendText(spent), '$5.00 / $5.00');
});

test('before any call, while starting, failed, and with completions off', () => {
  assert.equal(formatStatus({ phase: 'ready', completionsEnabled: true }).text, '$(server-process) Sidecar');
  assert.equal(formatStatus({ phase: 'starting', completionsEnabled: true }).text, '$(loading~spin) Sidecar');
  const failed = formatStatus({ phase: 'failed', error: 'no sidecar found', completionsEnabled: true });
  assert.equal(failed.text, '$(error) Sidecar');
  assert.equal(failed.background, 'error');
  assert.equal(failed.command, 'sidecar.showOutput');
  assert.match(failed.tooltip, /not running: no sidecar found/);
  const off = formatStatus({ phase: 'ready', routed, completionsEnabled: false });
  assert.equal(off.text, '$(circle-slash) $(server-process) local · SmolLM2-135M-Instruct.Q4_1');
  assert.match(off.tooltip, /Inline completions: off/);
});
