// Read-only Markdown documents for results (explanations, the usage report), shown in the
// Markdown preview beside the code. A virtual document (scheme `sidecar`) is never dirty,
// so closing it asks nothing, and showing it again updates it in place.
import * as vscode from 'vscode';

export const SCHEME = 'sidecar';

export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  /** Show `markdown` as the document `name` (e.g. "Explanation"), rendered beside the editor. */
  async show(name: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}.md` });
    this.contents.set(uri.path, markdown);
    this.changed.fire(uri);
    await showMarkdown(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Render a Markdown file or document beside the editor; the plain text if no preview. */
export async function showMarkdown(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}
