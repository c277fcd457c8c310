// The palette and context-menu commands. Review, Refactor, Explain and Plan change run the
// server's commands on the selection (an empty selection: the definition around the cursor)
// under a cancellable progress notification; cancelling it cancels the LSP request.
import * as path from 'node:path';
import * as vscode from 'vscode';

import type { ResultDocuments } from './documents';
import type { Action } from './protocol';
import { usageReport } from './report';
import { explanation, outcome, TITLES } from './results';
import type { SidecarServer } from './server';
import type { StatusBar } from './statusBar';

export interface CommandContext {
  server: SidecarServer;
  status: StatusBar;
  documents: ResultDocuments;
  log: vscode.LogOutputChannel;
}

const PROMPTS: Partial<Record<Action, vscode.InputBoxOptions>> = {
  refactor: {
    title: 'Sidecar: Refactor Selection',
    prompt: 'How should the selection change? (Empty: for readability.)',
    placeHolder: 'e.g. use a dict comprehension',
  },
  plan: {
    title: 'Sidecar: Plan Change',
    prompt: 'What change should be planned? It is routed as planning, to the frontier model by default.',
    placeHolder: 'e.g. support weighted averages across the stats package',
  },
};

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const lastText: Partial<Record<Action, string>> = {};
  const onSelection = (action: Action) => async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('Sidecar: open a file and select the code first.');
      return;
    }
    const converter = context.server.converter;
    if (!context.server.running || !converter) {
      void vscode.window.showWarningMessage("Sidecar's language server is not running.", 'Show Output').then((choice) => {
        if (choice) context.log.show();
      });
      return;
    }
    const document = editor.document;
    const selection = editor.selection;
    const args: unknown[] = [converter.asUri(document.uri), converter.asRange(selection)];
    const prompt = PROMPTS[action];
    if (prompt) {
      const text = await vscode.window.showInputBox({ ...prompt, value: lastText[action], ignoreFocusOut: true });
      if (text === undefined) return;
      lastText[action] = text;
      if (text.trim()) args.push(text.trim());
    }
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Sidecar: ${TITLES[action]}…`, cancellable: true },
        (_progress, token) => context.server.execute(action, args, token),
      );
      if (action === 'explain' && result?.markdown !== undefined && !result.error) {
        const file = path.basename(document.uri.fsPath || document.uri.path);
        // A selection that ends at the start of a line does not take that line in.
        const last = selection.end.line - (selection.end.character === 0 && selection.end.line > selection.start.line ? 1 : 0);
        await context.documents.show('Explanation', explanation(file, selection.start.line + 1, last + 1, result));
        return;
      }
      const said = outcome(action, result);
      if (said.kind === 'silent') return;
      if (said.showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
      if (said.kind === 'info') void vscode.window.showInformationMessage(said.message);
      else void vscode.window.showWarningMessage(said.message);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      context.log.error(`${action} failed: ${message}`);
      void vscode.window.showErrorMessage(`Sidecar ${action} failed: ${message}`);
    }
  };

  return [
    vscode.commands.registerCommand('sidecar.reviewSelection', onSelection('review')),
    vscode.commands.registerCommand('sidecar.refactorSelection', onSelection('refactor')),
    vscode.commands.registerCommand('sidecar.explainSelection', onSelection('explain')),
    vscode.commands.registerCommand('sidecar.planChange', onSelection('plan')),
    vscode.commands.registerCommand('sidecar.showUsage', async () => {
      const usage = await context.status.refresh();
      if (!usage) {
        void vscode.window.showWarningMessage("Sidecar: today's usage is not available: the language server is not running.");
        return;
      }
      await context.documents.show('Usage today', usageReport(usage, context.status.recent, new Date()));
    }),
    vscode.commands.registerCommand('sidecar.toggleCompletions', async () => {
      const config = vscode.workspace.getConfiguration('sidecar');
      const enabled = config.get<boolean>('completion.enable', true);
      const set = config.inspect<boolean>('completion.enable');
      const target =
        set?.workspaceFolderValue !== undefined
          ? vscode.ConfigurationTarget.WorkspaceFolder
          : set?.workspaceValue !== undefined
            ? vscode.ConfigurationTarget.Workspace
            : vscode.ConfigurationTarget.Global;
      await config.update('completion.enable', !enabled, target);
      void vscode.window.setStatusBarMessage(`Sidecar: inline completions ${enabled ? 'off' : 'on'}`, 3000);
    }),
    vscode.commands.registerCommand('sidecar.restartServer', () => context.server.restart()),
    vscode.commands.registerCommand('sidecar.showOutput', () => context.log.show()),
  ];
}
