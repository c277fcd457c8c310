import assert from 'node:assert/strict';
import { test } from 'node:test';

import { completionsWanted, DEFAULTS, needsRestart, readSettings, serverOptions, serverOptionsChanged } from '../src/settings';

function getter(values: Record<string, unknown>) {
  return (key: string): unknown => values[key];
}

test('defaults when nothing is set, and the server keeps its config file values', () => {
  const { settings, problems } = readSettings(getter({}));
  assert.deepEqual(settings, DEFAULTS);
  assert.deepEqual(problems, []);
  assert.deepEqual(serverOptions(settings), { local: {} });
});

test("only the editor's own keys are mapped, in the server's camelCase", () => {
  const { settings } = readSettings(
    getter({ 'completion.maxTokens': 48, 'completion.temperature': 0, serverCommand: ['/x/sidecar', 'lsp'] }),
  );
  assert.deepEqual(serverOptions(settings), { local: { completionMaxTokens: 48, completionTemperature: 0 } });
  // Nothing about the gateway, budgets or the model can be sent from here.
  assert.deepEqual(Object.keys(serverOptions(settings)), ['local']);
});

test('invalid values are reported by name and replaced by defaults', () => {
  const { settings, problems } = readSettings(
    getter({
      'completion.maxTokens': 0,
      'completion.temperature': 3,
      serverCommand: [1, 2],
      pythonPath: 7,
      'completion.disabledLanguages': 'python',
    }),
  );
  assert.equal(settings.completion.maxTokens, null);
  assert.equal(settings.completion.temperature, null);
  assert.deepEqual(settings.serverCommand, []);
  assert.equal(settings.pythonPath, '');
  assert.deepEqual(settings.completion.disabledLanguages, DEFAULTS.completion.disabledLanguages);
  assert.equal(problems.length, 5);
  assert.match(problems[0], /^sidecar\.serverCommand must be a list of strings/);
  assert.ok(problems.some((p) => p.startsWith('sidecar.completion.maxTokens must be a whole number')));
  assert.ok(problems.some((p) => p.startsWith('sidecar.completion.temperature must be a number from 0 to 2')));
});

test('a bare executable path as serverCommand gets the lsp argument', () => {
  assert.deepEqual(readSettings(getter({ serverCommand: '/opt/bin/sidecar' })).settings.serverCommand, [
    '/opt/bin/sidecar',
    'lsp',
  ]);
  assert.deepEqual(readSettings(getter({ serverCommand: ['', 'lsp'] })).settings.serverCommand, []);
});

test('a new command or interpreter restarts the server; completion options are only sent', () => {
  const base = readSettings(getter({})).settings;
  const python = readSettings(getter({ pythonPath: '/usr/bin/python3' })).settings;
  const tokens = readSettings(getter({ 'completion.maxTokens': 16 })).settings;
  assert.equal(needsRestart(base, python), true);
  assert.equal(needsRestart(base, tokens), false);
  assert.equal(serverOptionsChanged(base, tokens), true);
  assert.equal(serverOptionsChanged(base, python), false);
  // Back to unset: still a change, sent as {local: {}} so the server drops its override.
  assert.equal(serverOptionsChanged(tokens, base), true);
});

test('ghost text per language and the master switch', () => {
  const { settings } = readSettings(getter({}));
  assert.equal(completionsWanted(settings, 'python'), true);
  assert.equal(completionsWanted(settings, 'markdown'), false);
  const off = readSettings(getter({ 'completion.enable': false })).settings;
  assert.equal(completionsWanted(off, 'python'), false);
});
