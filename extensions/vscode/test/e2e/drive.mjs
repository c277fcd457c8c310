// Drive code-server (real VS Code in a browser) with the sidecar extension installed, in
// headless Chromium through playwright-core, as a person would: open a Python file, type,
// wait for ghost text, accept it with Tab, save; time keystroke-to-ghost-text; select a
// function and run "Sidecar: Review Selection" from the command palette; read the Problems
// panel and the status bar; open the usage report from the status bar. Screenshots at
// each step. tests/e2e/test_vscode.py starts code-server and asserts on what this writes.
//
//   node drive.mjs CONFIG.json      (config: see `cfg.` below; the result goes to cfg.out)
//
// Every wait is bounded; a failed step is recorded in `errors` and the steps that need it
// are skipped, so the result always says how far it got.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const STATUS = `[id="${cfg.extensionId}.sidecar.status"]`;
// Ghost text: the part on the cursor's line is in `.ghost-text-decoration` spans, each
// further line a row of `span.ghost-text` in a view zone below it.
const INLINE_GHOST = '.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text-decoration-preview';
const LINE_GHOST = '.monaco-editor span.ghost-text';
const result = { errors: [], steps: [], screenshots: [], ms: {}, latencies_ms: [], ghost: null, problems: [], status: null };
const t0 = Date.now();

function step(name) {
  result.steps.push({ name, at_ms: Date.now() - t0 });
}

async function shot(page, name) {
  const path = join(cfg.shots, `${String(result.screenshots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path });
  result.screenshots.push(path);
}

/** The ghost text on screen ("" for none), spaces as typed. */
function readGhost([inlineSelector, lineSelector]) {
  const inline = [...document.querySelectorAll(inlineSelector)].map((n) => n.textContent ?? '').join('');
  const rows = [];
  for (const span of document.querySelectorAll(lineSelector)) {
    if (!rows.includes(span.parentElement)) rows.push(span.parentElement);
  }
  const lines = rows.map((row) => [...row.querySelectorAll(lineSelector.split(' ').pop())].map((n) => n.textContent ?? '').join(''));
  const text = (inline + (lines.length > 0 ? `\n${lines.join('\n')}` : '')).replace(/\u00a0/g, ' ');
  return text.trim() ? text : '';
}

/** Wait until ghost text shows; its text and how long it took, or null after timeoutMs. */
async function waitGhost(page, since, timeoutMs) {
  try {
    await page.waitForFunction(readGhost, [INLINE_GHOST, LINE_GHOST], { timeout: timeoutMs, polling: 'raf' });
  } catch {
    return null;
  }
  const ms = performance.now() - since;
  return { ms, text: await page.evaluate(readGhost, [INLINE_GHOST, LINE_GHOST]) };
}

async function noGhost(page) {
  await page.keyboard.press('Escape');
  await page
    .waitForFunction((selectors) => !document.querySelector(selectors.join(', ')), [INLINE_GHOST, LINE_GHOST], { timeout: 5000 })
    .catch(() => {});
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Pids of this test's `sidecar lsp` processes (the marker is in their environment). */
function languageServers() {
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (cmdline.includes('lsp') && cmdline.some((a) => a.includes('sidecar')) && environ.includes(cfg.marker)) {
        pids.push(Number(name));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function selectFirstLines(page, count) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < count; i++) await page.keyboard.press('Shift+ArrowDown');
}

async function statusItem(page) {
  const item = page.locator(STATUS);
  return { text: ((await item.textContent()) ?? '').trim(), label: (await item.getAttribute('aria-label')) ?? '' };
}

async function run(page) {
  await page.goto(cfg.url);
  await page.waitForSelector('.monaco-workbench', { timeout: cfg.timeouts.workbench_ms });
  step('workbench');
  // The server is up once the item leaves "starting" (and it never shows "not running").
  await page.waitForFunction(
    (selector) => {
      const label = document.querySelector(selector)?.getAttribute('aria-label') ?? '';
      return label !== '' && !label.includes('starting');
    },
    STATUS,
    { timeout: cfg.timeouts.server_ms },
  );
  result.status_at_start = await statusItem(page);
  step('server');

  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(cfg.file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: cfg.file }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction((file) => document.querySelector('.tab.active')?.textContent?.includes(file), cfg.file, {
    timeout: 10_000,
  });
  step('opened');
  await shot(page, 'opened');

  // Type below the file's last line, a line at a time (Enter first: editor.autoIndent is
  // off, so each line carries its own indent), until ghost text shows: the tiny model may
  // offer nothing the server keeps at one place, so there are a few attempts.
  await page.keyboard.press('Control+End');
  result.typed_text = '';
  let ghost = null;
  for (const lines of cfg.attempts) {
    for (const line of lines) {
      await page.keyboard.press('Enter');
      await page.keyboard.type(line, { delay: 15 });
      result.typed_text += `\n${line}`;
    }
    ghost = await waitGhost(page, performance.now(), cfg.timeouts.ghost_ms);
    if (ghost) break;
  }
  step('typed');
  if (!ghost) {
    // Nothing yet: ask explicitly (editor.action.inlineSuggest.trigger), once.
    await page.keyboard.press('Alt+Backslash');
    ghost = await waitGhost(page, performance.now(), cfg.timeouts.ghost_ms);
  }
  if (!ghost) throw new Error(`no ghost text after ${cfg.attempts.length} attempts`);
  result.ghost = ghost;
  step('ghost');
  await shot(page, 'ghost-text');
  await page.keyboard.press('Tab');
  await page.waitForFunction((selectors) => !document.querySelector(selectors.join(', ')), [INLINE_GHOST, LINE_GHOST], {
    timeout: 10_000,
  });
  await page.keyboard.press('Control+S');
  await page.waitForFunction(() => !document.querySelector('.tab.active.dirty'), null, { timeout: 10_000 });
  result.accepted_saved = true;
  step('accepted');
  await shot(page, 'accepted-with-tab');

  // A setting the server takes changes, edited as a person would (the settings JSON, saved):
  // the extension sends it (its log says what it sent).
  const settings = JSON.parse(readFileSync(cfg.user_settings, 'utf8'));
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  // (It may open as a tab or as a floating editor: wait for the focused editor to show it.)
  await page.waitForFunction(
    () => document.activeElement?.closest('.monaco-editor')?.textContent?.includes('sidecar.completion.temperature'),
    null,
    { timeout: 20_000 },
  );
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify({ ...settings, ...cfg.changed_settings }, null, 1));
  await page.keyboard.press('Control+S');
  const sent = await waitForLog('workspace/didChangeConfiguration', 20_000);
  if (!sent) throw new Error('no workspace/didChangeConfiguration within 20 s of the settings change');
  await page.keyboard.press('Control+W');
  await page.locator('.tab', { hasText: cfg.file }).first().click();
  await page.locator('.tab.active', { hasText: cfg.file }).waitFor({ timeout: 10_000 });
  step('settings');
  await shot(page, 'settings-changed');

  // Keystroke to ghost text: a new line each time (a prefix the server never saw, so no
  // cache), the last character typed is the measured keystroke.
  for (const [index, line] of cfg.latency_lines.entries()) {
    await noGhost(page);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(line.slice(0, -1), { delay: 15 });
    await noGhost(page);
    const since = performance.now();
    await page.keyboard.type(line.slice(-1));
    const seen = await waitGhost(page, since, cfg.timeouts.latency_ms);
    result.latencies_ms.push(seen ? Math.round(seen.ms) : null);
    if (index === 0) await shot(page, 'latency-run');
  }
  await noGhost(page);
  await page.keyboard.press('Control+S');
  await page.waitForFunction(() => !document.querySelector('.tab.active.dirty'), null, { timeout: 10_000 });
  step('latency');

  // Select the first function and review it.
  await selectFirstLines(page, cfg.review_lines);
  await runCommand(page, 'Sidecar: Review Selection');
  await page
    .locator('.notification-toast', { hasText: 'Reviewing the selection' })
    .first()
    .waitFor({ timeout: 10_000 })
    .then(() => shot(page, 'review-progress'))
    .catch(() => {}); // a fast model may finish first
  const rows = page.locator('.markers-panel .monaco-list-row');
  const nothing = page.locator('.notification-toast', { hasText: 'no findings' }).first();
  await Promise.race([
    rows.first().waitFor({ state: 'visible', timeout: cfg.timeouts.review_ms }),
    nothing.waitFor({ timeout: cfg.timeouts.review_ms }).then(() => {
      throw new Error('the review answered "no findings"');
    }),
  ]);
  result.problems = await rows.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? n.textContent ?? ''));
  result.problems_status = (await page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '';
  step('review');
  await shot(page, 'review-problems');

  // Explain: the answer opens as a rendered Markdown document beside the code.
  await page.keyboard.press('Escape');
  await selectFirstLines(page, cfg.review_lines);
  await runCommand(page, 'Sidecar: Explain Selection');
  const explanation = page.locator('.tab', { hasText: 'Explanation' }).first();
  await explanation.waitFor({ timeout: cfg.timeouts.review_ms });
  result.explain_tab = ((await explanation.textContent()) ?? '').trim();
  await page.waitForTimeout(1500); // the preview renders in a webview
  step('explain');
  await shot(page, 'explanation');

  // Plan change: the server writes the plan and asks to show it; it opens in the preview.
  await page.locator('.tab', { hasText: cfg.file }).first().click();
  await selectFirstLines(page, cfg.review_lines);
  await runCommand(page, 'Sidecar: Plan Change');
  const description = page.locator('.quick-input-widget input');
  await description.waitFor({ state: 'visible', timeout: 10_000 });
  await description.fill(cfg.plan_description);
  await page.keyboard.press('Enter');
  const plan = page.locator('.tab', { hasText: 'Preview plan-' }).first();
  await plan.waitFor({ timeout: cfg.timeouts.review_ms });
  result.plan_tab = ((await plan.textContent()) ?? '').trim();
  await page.waitForTimeout(1500);
  step('plan');
  await shot(page, 'plan');

  // Refactor, cancelled from its progress notification: nothing may change.
  await page.locator('.tab', { hasText: cfg.file }).first().click();
  await selectFirstLines(page, cfg.review_lines);
  await runCommand(page, 'Sidecar: Refactor Selection');
  const instruction = page.locator('.quick-input-widget input');
  await instruction.waitFor({ state: 'visible', timeout: 10_000 });
  await instruction.fill(cfg.refactor_instruction);
  await page.keyboard.press('Enter');
  const toast = page.locator('.notification-toast', { hasText: 'Refactoring the selection' }).first();
  await toast.waitFor({ timeout: 10_000 });
  const cancelledAt = performance.now();
  await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await toast.waitFor({ state: 'detached', timeout: 10_000 });
  result.refactor_cancel_ms = Math.round(performance.now() - cancelledAt);
  // Longer than the model takes for the whole refactoring: had it gone on, it would be applied.
  await page.waitForTimeout(cfg.cancel_watch_ms);
  result.dirty_after_cancel = (await page.locator('.tab.active.dirty').count()) > 0;
  step('cancelled');
  await shot(page, 'refactor-cancelled');

  // The language server crashes: the extension starts it again, and it answers.
  result.servers_before_crash = languageServers();
  for (const pid of result.servers_before_crash) process.kill(pid, 'SIGKILL');
  const restartDeadline = Date.now() + cfg.timeouts.server_ms;
  while (Date.now() < restartDeadline) {
    const now = languageServers();
    if (now.length > 0 && !now.some((pid) => result.servers_before_crash.includes(pid))) break;
    await page.waitForTimeout(100);
  }
  result.servers_after_crash = languageServers();
  await page.waitForFunction(
    (selector) => {
      const label = document.querySelector(selector)?.getAttribute('aria-label') ?? '';
      return label.includes('last call');
    },
    STATUS,
    { timeout: cfg.timeouts.server_ms },
  );
  step('restarted');

  // Status bar: the last call's route and model, and today's spend; then the usage report
  // (which asks the restarted server for sidecar/usage).
  await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.includes('$'), STATUS, {
    timeout: 20_000,
  });
  result.status = await statusItem(page);
  result.status_background = await page.locator(STATUS).evaluate((n) => getComputedStyle(n).backgroundColor);
  await page.locator(STATUS).click();
  const tab = page.locator('.tab', { hasText: 'Usage today' }).first();
  await tab.waitFor({ timeout: 20_000 });
  result.usage_tab = ((await tab.textContent()) ?? '').trim();
  await page.waitForTimeout(1500); // the preview renders in a webview
  step('usage');
  await shot(page, 'usage-report');

  // Every notification of the session (the center keeps those that went away).
  await runCommand(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center .notification-list-item-message');
  await center.first().waitFor({ timeout: 10_000 }).catch(() => {});
  result.notifications = await center.allTextContents();
  await shot(page, 'notifications');
}

/** The extension's log files (VS Code writes a LogOutputChannel under the user data dir). */
function extensionLogs(dir = join(cfg.user_data, 'logs')) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...extensionLogs(path));
    else if (entry.name === 'Sidecar.log' && dir.endsWith(cfg.extensionId)) found.push(path);
  }
  return found;
}

/** Wait until the extension's log has `text`; true when it did within `timeoutMs`. */
async function waitForLog(text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (extensionLogs().some((path) => readFileSync(path, 'utf8').includes(text))) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** No server can start: the notification says why and how to fix it, with buttons. */
async function noServer(page) {
  await page.goto(cfg.url);
  await page.waitForSelector('.monaco-workbench', { timeout: cfg.timeouts.workbench_ms });
  step('workbench');
  const toast = page.locator('.notification-toast', { hasText: 'Sidecar cannot start' }).first();
  await toast.waitFor({ timeout: cfg.timeouts.server_ms });
  await page.waitForTimeout(1000); // a second notification, if any, would be up by now
  result.error_toasts = await page
    .locator('.notification-toast .notification-list-item-message')
    .evaluateAll((nodes) => nodes.map((n) => n.textContent ?? '').filter((text) => /sidecar/i.test(text)));
  result.toast_buttons = await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents();
  result.status = await statusItem(page);
  step('notified');
  await shot(page, 'cannot-start');
  await toast.locator('.monaco-button', { hasText: 'Open Settings' }).click();
  const query = page.locator('.settings-editor .suggest-input-container .view-lines').first();
  await query.waitFor({ timeout: 20_000 });
  await page.waitForFunction(
    () => (document.querySelector('.settings-editor .suggest-input-container .view-lines')?.textContent ?? '').trim() !== '',
    null,
    { timeout: 10_000 },
  );
  result.settings_query = ((await query.textContent()) ?? '').replace(/\u00a0/g, ' ').trim();
  step('settings');
  await shot(page, 'settings');
}

// A new, empty profile in a folder the test names (so it can find a browser left behind).
const context = await chromium.launchPersistentContext(cfg.browser_profile, {
  executablePath: cfg.chromium,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const deadline = setTimeout(() => {
  result.errors.push(`deadline of ${cfg.timeouts.total_ms} ms passed`);
  finish(2);
}, cfg.timeouts.total_ms);
let finished = false;
async function finish(code) {
  if (finished) return;
  finished = true;
  clearTimeout(deadline);
  result.ms.total = Date.now() - t0;
  writeFileSync(cfg.out, JSON.stringify(result, null, 1));
  await context.close().catch(() => {});
  process.exit(code);
}

const page = context.pages()[0] ?? (await context.newPage());
page.on('pageerror', (error) => result.errors.push(`page error: ${error.message}`));
try {
  await (cfg.scenario === 'no-server' ? noServer(page) : run(page));
  await finish(0);
} catch (error) {
  result.errors.push(`${result.steps.at(-1)?.name ?? 'start'} -> ${error instanceof Error ? error.stack : String(error)}`);
  await shot(page, 'failure').catch(() => {});
  await finish(1);
}
