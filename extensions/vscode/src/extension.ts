// Entry point: wires the language client, the status bar, the commands and the settings.
// activate() starts nothing slow itself: the server starts in the background, and the time
// activate() took is written to the Sidecar output ("activated in N ms").
import * as vscode from 'vscode';

import { ResultDocuments, SCHEME, showMarkdown } from './documents';
import { registerCommands } from './commands';
import { SidecarServer } from './server';
import { needsRestart, readSettings, serverOptionsChanged, type Settings } from './settings';
import { StatusBar } from './statusBar';

let server: SidecarServer | undefined;

function loadSettings(log: vscode.LogOutputChannel): Settings {
  const config = vscode.workspace.getConfiguration('sidecar');
  const { settings, problems } = readSettings((key) => config.get(key));
  for (const problem of problems) {
    log.warn(problem);
    void vscode.window.showWarningMessage(`Sidecar: ${problem}`);
  }
  return settings;
}

/** Set by the bundle's first statement (esbuild.mjs); absent when not bundled. */
declare global {
  var __sidecarLoadStart: number | undefined;
}

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const loadMs = globalThis.__sidecarLoadStart === undefined ? undefined : started - globalThis.__sidecarLoadStart;
  const log = vscode.window.createOutputChannel('Sidecar', { log: true });
  let settings = loadSettings(log);

  const documents = new ResultDocuments();
  const status = new StatusBar(settings.completion.enable, () => server?.usage() ?? Promise.resolve(undefined));
  server = new SidecarServer(
    log,
    {
      phase: (phase, error) => status.update({ phase, error }),
      routed: (routed) => status.routed(routed),
      ready: () => void status.refresh(),
    },
    () => settings,
    (uri) => showMarkdown(uri),
  );
  const current = server;

  context.subscriptions.push(
    log,
    documents,
    status,
    current,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    ...registerCommands({ server: current, status, documents, log }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('sidecar')) return;
      const before = settings;
      settings = loadSettings(log);
      status.update({ completionsEnabled: settings.completion.enable });
      if (needsRestart(before, settings)) {
        log.info('server command changed: restarting the language server');
        await current.restart();
      } else if (serverOptionsChanged(before, settings)) {
        await current.sendSettings(settings);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (!current.running) void current.restart(); // the workspace's venv may now be used
    }),
  );

  void current.start();
  const load = loadMs === undefined ? '' : ` (loading the bundle took ${loadMs.toFixed(1)} ms before that)`;
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms${load}`);
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
