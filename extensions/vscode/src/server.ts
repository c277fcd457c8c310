// The language client: finds and starts `sidecar lsp`, restarts it after a crash, stops it
// on deactivate, and is the one place that talks LSP to it.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  type ClientCapabilities,
  type FeatureState,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';

import { commandLine, discoverServer, type Launch } from './discovery';
import { EXPERIMENTAL_CAPABILITIES, SERVER_COMMANDS, type Action, type CommandResult, type Routed, type Usage } from './protocol';
import { RestartPolicy } from './restarts';
import { completionsWanted, serverOptions, type Settings } from './settings';
import type { Phase } from './status';

export interface ServerEvents {
  phase(phase: Phase, error?: string): void;
  routed(routed: Routed): void;
  ready(): void;
}

/** Tells the server that this client shows command results itself (see protocol.ts). */
class ExperimentalCapabilities implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), ...EXPERIMENTAL_CAPABILITIES };
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: 'static' };
  }
  clear(): void {}
}

/** A plan the server wrote (`<cache>/sidecar/plans/plan-*.md`) and asks to show. */
function isPlan(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && /[\\/]plans[\\/]plan-[^\\/]*\.md$/.test(uri.fsPath);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Why `launch` cannot start the server, or undefined when it can be tried. `cwd` is the
 * server's: `python -m` finds modules in its working directory too.
 */
async function preflight(launch: Launch, cwd: string | undefined): Promise<string | undefined> {
  const isPath = /[\\/]/.test(launch.command);
  if (isPath && !isExecutable(launch.command)) return `${launch.command} is not an executable file`;
  if (launch.args[0] !== '-m') return undefined;
  // `python -m sidecar lsp`: ask the interpreter first, so a missing module is one clear
  // message instead of a server that dies during initialize.
  const check = 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("sidecar") else 3)';
  return new Promise((resolve) => {
    execFile(launch.command, ['-c', check], { cwd, timeout: 20_000 }, (error) => {
      if (!error) resolve(undefined);
      else if (error.code === 3) resolve(`sidecar is not installed for ${launch.command}`);
      else resolve(`${launch.command} did not run: ${error.message.split('\n')[0]}`);
    });
  });
}

export class SidecarServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private launch: Launch | undefined;
  private readonly restarts = new RestartPolicy();
  private stopping = false;
  private everRunning = false;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly events: ServerEvents,
    private readonly settings: () => Settings,
    private readonly showPlan: (uri: vscode.Uri) => Promise<void>,
  ) {}

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  /** Find and start the server; false (with a notification) when it cannot start. */
  async start(): Promise<boolean> {
    const started = performance.now();
    this.events.phase('starting');
    const settings = this.settings();
    const found = discoverServer(
      {
        serverCommand: settings.serverCommand,
        pythonPath: settings.pythonPath,
        workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
          .filter((folder) => folder.uri.scheme === 'file')
          .map((folder) => folder.uri.fsPath),
        trusted: vscode.workspace.isTrusted,
        pathEnv: process.env.PATH ?? '',
        platform: process.platform,
      },
      { isExecutable },
    );
    if (!found.launch) {
      this.log.error(`no sidecar to start; looked at: ${found.tried.join(', ')}`);
      this.failed(
        'no sidecar found',
        "Sidecar found no `sidecar` to start: none in this workspace's .venv or venv, none on PATH, and no python3. " +
          'Install it (`pip install sidecar`), or set sidecar.serverCommand or sidecar.pythonPath.',
      );
      return false;
    }
    const launch = found.launch;
    this.launch = launch;
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    const why = await preflight(launch, folder?.uri.fsPath);
    if (why) {
      this.log.error(`cannot start ${commandLine(launch)} (from ${launch.source}): ${why}`);
      this.failed(
        why,
        `Sidecar cannot start its language server: ${why}. Install sidecar in the environment it runs from ` +
          '(`pip install sidecar`), or set sidecar.serverCommand or sidecar.pythonPath to one that has it.',
      );
      return false;
    }
    this.log.info(`starting ${commandLine(launch)} (from ${launch.source})`);

    const server: ServerOptions = {
      command: launch.command,
      args: launch.args, // no transport: TransportKind.stdio would add --stdio, which `sidecar lsp` refuses
      options: { cwd: folder?.uri.fsPath, env: process.env },
    };
    const client = new LanguageClient('sidecar', 'Sidecar', server, this.clientOptions());
    client.registerFeature(new ExperimentalCapabilities());
    client.onNotification('sidecar/routed', (routed: Routed) => this.events.routed(routed));
    client.onDidChangeState((change) => {
      if (change.newState === State.Running) {
        this.everRunning = true;
        this.events.phase('ready');
      } else if (change.newState === State.Starting) {
        this.events.phase('starting');
      }
    });
    this.client = client;
    this.stopping = false;
    this.everRunning = false;
    try {
      await client.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`the language server did not start: ${message}`);
      this.failed(
        message,
        `Sidecar's language server (${commandLine(launch)}) did not start: ${message}. See the output for its own message.`,
      );
      return false;
    }
    this.log.info(`language server ready in ${(performance.now() - started).toFixed(0)} ms`);
    this.events.ready();
    return true;
  }

  private clientOptions(): LanguageClientOptions {
    return {
      // Every file: the server completes any language (syntax-aware for the ones it parses).
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: this.log,
      // A function: the client calls it at every start, restarts after a crash included,
      // so a restarted server gets the settings of now, not those of the first start.
      initializationOptions: () => {
        const options = serverOptions(this.settings());
        this.log.info(`initializationOptions ${JSON.stringify(options)}`);
        return options;
      },
      middleware: {
        provideInlineCompletionItems: (document, position, context, token, next) =>
          completionsWanted(this.settings(), document.languageId) ? next(document, position, context, token) : undefined,
        // The server also offers textDocument/completion for clients without ghost text. In
        // VS Code that would ask the model twice per keystroke, and the server keeps one
        // completion in flight per document, so each would cancel the other.
        provideCompletionItem: () => undefined,
        // The server offers its four actions anywhere, which would put a light bulb on every
        // line: offer them on a selection, or when asked for (Ctrl+.).
        provideCodeActions: (document, range, context, token, next) =>
          range.isEmpty && context.triggerKind === vscode.CodeActionTriggerKind.Automatic
            ? []
            : next(document, range, context, token),
        window: {
          showDocument: async (params, token, next) => {
            const uri = vscode.Uri.parse(params.uri);
            if (!isPlan(uri)) return next(params, token);
            await this.showPlan(uri);
            return { success: true };
          },
        },
      },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
          handled: true,
        }),
        closed: () => {
          if (this.stopping || !this.everRunning) return { action: CloseAction.DoNotRestart, handled: true };
          if (this.restarts.crashed(Date.now())) {
            this.log.warn('the language server stopped; starting it again');
            return { action: CloseAction.Restart, handled: true };
          }
          const times = this.restarts.max + 1;
          this.failed(
            `stopped ${times} times`,
            `Sidecar's language server stopped ${times} times in 3 minutes and is not started again.`,
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
  }

  /** Report a server that cannot run: status, and a notification with the fixes. */
  private failed(reason: string, message: string): void {
    this.events.phase('failed', reason);
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output', 'Retry').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'sidecar.');
      else if (choice === 'Show Output') this.log.show();
      else if (choice === 'Retry') void this.restart();
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      if (client.isRunning()) await client.stop(5000);
      else await client.dispose(5000);
    } catch (error) {
      this.log.warn(`stopping the language server: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.events.phase('stopped');
  }

  async restart(): Promise<boolean> {
    this.restarts.reset();
    await this.stop();
    return this.start();
  }

  /** Send the editor's own options again (`workspace/didChangeConfiguration`). */
  async sendSettings(settings: Settings): Promise<void> {
    if (!this.client?.isRunning()) return;
    const options = serverOptions(settings);
    this.log.info(`workspace/didChangeConfiguration ${JSON.stringify(options)}`);
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: options });
  }

  /**
   * Run a server command on `[uri, range, text?]`. Cancelling `token` cancels the request
   * (`$/cancelRequest`), which stops the command on the server.
   *
   * @returns undefined when cancelled.
   * @throws Error when the server is not running or the request failed.
   */
  async execute(action: Action, args: unknown[], token: vscode.CancellationToken): Promise<CommandResult | undefined> {
    const client = this.client;
    if (!client?.isRunning()) throw new Error("Sidecar's language server is not running");
    try {
      const result = (await client.sendRequest(
        ExecuteCommandRequest.type,
        { command: SERVER_COMMANDS[action], arguments: args },
        token,
      )) as CommandResult | null;
      return token.isCancellationRequested ? undefined : (result ?? {});
    } catch (error) {
      if (token.isCancellationRequested) return undefined;
      throw error;
    }
  }

  /** Today's usage (`sidecar/usage`), or undefined when the server is not running or failed. */
  async usage(): Promise<Usage | undefined> {
    const client = this.client;
    if (!client?.isRunning()) return undefined;
    try {
      return await client.sendRequest<Usage>('sidecar/usage', {});
    } catch (error) {
      this.log.warn(`sidecar/usage failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The converter for ranges and URIs in command arguments. */
  get converter(): LanguageClient['code2ProtocolConverter'] | undefined {
    return this.client?.code2ProtocolConverter;
  }

  /** What was started, for the report and the log. */
  get launched(): Launch | undefined {
    return this.launch;
  }

  dispose(): void {
    void this.stop();
  }
}
