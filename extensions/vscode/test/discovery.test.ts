import assert from 'node:assert/strict';
import { test } from 'node:test';

import { commandLine, discoverServer, type DiscoveryInput } from '../src/discovery';

const base: DiscoveryInput = {
  serverCommand: [],
  pythonPath: '',
  workspaceFolders: ['/work/app', '/work/lib'],
  trusted: true,
  pathEnv: '/usr/local/bin:/usr/bin',
  platform: 'linux',
};

function probe(files: string[]) {
  const set = new Set(files);
  return { isExecutable: (file: string) => set.has(file) };
}

test('explicit settings win, serverCommand before pythonPath', () => {
  const found = discoverServer(
    { ...base, serverCommand: ['uvx', 'sidecar', 'lsp'], pythonPath: '/py' },
    probe(['/work/app/.venv/bin/sidecar']),
  );
  assert.deepEqual(found.launch, { command: 'uvx', args: ['sidecar', 'lsp'], source: 'sidecar.serverCommand' });
  const python = discoverServer({ ...base, pythonPath: '/opt/py/bin/python' }, probe(['/work/app/.venv/bin/sidecar']));
  assert.deepEqual(python.launch, { command: '/opt/py/bin/python', args: ['-m', 'sidecar', 'lsp'], source: 'sidecar.pythonPath' });
});

test("the workspace's .venv, then venv, in folder order", () => {
  const found = discoverServer(base, probe(['/work/lib/.venv/bin/sidecar', '/work/app/venv/bin/sidecar', '/usr/bin/sidecar']));
  assert.deepEqual(found.launch, { command: '/work/app/venv/bin/sidecar', args: ['lsp'], source: 'workspace venv' });
  assert.deepEqual(found.tried, ['/work/app/.venv/bin/sidecar', '/work/app/venv/bin/sidecar']);
});

test('an untrusted workspace runs nothing from the workspace', () => {
  const found = discoverServer({ ...base, trusted: false }, probe(['/work/app/.venv/bin/sidecar', '/usr/bin/sidecar']));
  assert.deepEqual(found.launch, { command: '/usr/bin/sidecar', args: ['lsp'], source: 'PATH' });
  assert.match(found.tried[0], /not trusted/);
});

test('sidecar on PATH, then python3 -m sidecar', () => {
  assert.equal(discoverServer(base, probe(['/usr/bin/sidecar'])).launch?.command, '/usr/bin/sidecar');
  const python = discoverServer(base, probe(['/usr/bin/python3', '/usr/bin/python']));
  assert.deepEqual(python.launch, { command: '/usr/bin/python3', args: ['-m', 'sidecar', 'lsp'], source: 'python3 on PATH' });
});

test('nothing found: every place looked at is listed', () => {
  const found = discoverServer(base, probe([]));
  assert.equal(found.launch, undefined);
  assert.deepEqual(found.tried, [
    '/work/app/.venv/bin/sidecar',
    '/work/app/venv/bin/sidecar',
    '/work/lib/.venv/bin/sidecar',
    '/work/lib/venv/bin/sidecar',
    'sidecar on PATH',
    'python3 on PATH',
    'python on PATH',
  ]);
});

test('Windows: Scripts\\sidecar.exe and ; in PATH', () => {
  const input = { ...base, platform: 'win32' as const, workspaceFolders: ['C:\\src\\app'], pathEnv: 'C:\\Python\\Scripts;C:\\Python' };
  assert.equal(
    discoverServer(input, probe(['C:\\src\\app\\.venv\\Scripts\\sidecar.exe'])).launch?.command,
    'C:\\src\\app\\.venv\\Scripts\\sidecar.exe',
  );
  assert.equal(discoverServer(input, probe(['C:\\Python\\python.exe'])).launch?.command, 'C:\\Python\\python.exe');
});

test('command lines are quoted for messages', () => {
  assert.equal(commandLine({ command: '/my env/bin/python', args: ['-m', 'sidecar', 'lsp'], source: 'x' }), '"/my env/bin/python" -m sidecar lsp');
});
