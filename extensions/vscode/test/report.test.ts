import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RestartPolicy } from '../src/restarts';
import { usageReport } from '../src/report';
import { explanation, outcome, routeSummary } from '../src/results';

const usage = {
  calls: 3,
  cost_usd: 0.02,
  frontier_cost_usd: 0.05,
  saving_usd: 0.03,
  local_share: 0.6667,
  budget_usd: 1,
  budget_left_usd: 0.1,
  budget_scope: 'developer daily',
  budget_soft_ratio: 0.8,
  config_path: '/home/me/.config/sidecar/config.toml',
};

test('the usage report lists totals, the budget, recent calls and where settings live', () => {
  const now = new Date(2026, 11, 5, 14, 3, 9);
  const recent = [
    { task: 'completion', route: 'local', model: 'SmolLM2', cost_usd: 0, at: new Date(2026, 11, 5, 14, 1, 0) },
    { task: 'planning', route: 'frontier', model: 'gpt|5', cost_usd: 0.02, at: new Date(2026, 11, 5, 14, 2, 0) },
  ];
  const report = usageReport(usage, recent, now);
  assert.match(report, /^# Sidecar usage, 2026-12-05\n/);
  assert.match(report, /\| Calls \| 3 \|/);
  assert.match(report, /\| Served locally \| 67% of calls \|/);
  assert.match(report, /\| Budget \(developer daily\) \| \$0\.90 \/ \$1\.00 \(near the limit\) \|/);
  // Newest first; a pipe in a model name does not break the table.
  const rows = report.split('\n').filter((line) => /^\| 14:0/.test(line));
  assert.deepEqual(rows, [
    '| 14:02:00 | planning | frontier | gpt\\|5 | $0.02 |',
    '| 14:01:00 | completion | local | SmolLM2 | $0.00 |',
  ]);
  assert.match(report, /`\/home\/me\/\.config\/sidecar\/config\.toml`/);
  assert.match(usageReport({ ...usage, budget_usd: null, budget_left_usd: null }, [], now), /\| Budget \| none applies \|[\s\S]*None yet\./);
});

test('command outcomes: findings open the Problems panel; errors and cancels say nothing more', () => {
  const sidecar = { task: 'review', route: 'local', model: 'SmolLM2-135M-Instruct.Q4_1', cost_usd: 0 };
  assert.equal(routeSummary(sidecar), 'local · SmolLM2-135M-Instruct.Q4_1, $0.00');
  assert.deepEqual(outcome('review', { findings: 2, sidecar }), {
    kind: 'info',
    message: 'Sidecar review (local · SmolLM2-135M-Instruct.Q4_1, $0.00): 2 findings in the Problems panel.',
    showProblems: true,
  });
  assert.equal(outcome('review', { findings: 0, sidecar }).kind, 'info');
  assert.equal(outcome('refactor', { applied: false, sidecar }).kind, 'warning');
  assert.deepEqual(outcome('review', { error: 'daemon down' }), { kind: 'silent' });
  assert.deepEqual(outcome('review', { cancelled: true }), { kind: 'silent' });
  assert.deepEqual(outcome('explain', undefined), { kind: 'silent' });
  assert.equal(
    explanation('calc.py', 3, 7, { markdown: 'It sums.', sidecar }),
    '# Explanation: calc.py, lines 3–7\n\n_local · SmolLM2-135M-Instruct.Q4_1, $0.00_\n\nIt sums.\n',
  );
});

test('crashes restart the server at most 4 times in 3 minutes', () => {
  const policy = new RestartPolicy();
  const minute = 60_000;
  assert.deepEqual([0, 1, 2, 3].map((i) => policy.crashed(i * 1000)), [true, true, true, true]);
  assert.equal(policy.crashed(5000), false); // the fifth within the window
  // Crashes older than the window no longer count.
  const spaced = new RestartPolicy();
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => spaced.crashed(i * minute)), [true, true, true, true, true, true]);
  policy.reset();
  assert.equal(policy.crashed(6000), true);
});
