// The status bar item: applies status.ts's view, keeps this window's recent calls, and
// refreshes today's usage after calls (throttled) and every few minutes.
import * as vscode from 'vscode';

import type { Routed, Usage } from './protocol';
import { RECENT_CALLS, type RecentCall } from './report';
import { formatStatus, type StatusState } from './status';

const REFRESH_AFTER_CALL_MS = 1500;
const REFRESH_EVERY_MS = 5 * 60 * 1000;

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: StatusState;
  readonly recent: RecentCall[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    completionsEnabled: boolean,
    private readonly fetchUsage: () => Promise<Usage | undefined>,
  ) {
    this.item = vscode.window.createStatusBarItem('sidecar.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Sidecar';
    this.state = { phase: 'starting', completionsEnabled };
    this.render();
    this.item.show();
    this.timer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
  }

  update(patch: Partial<StatusState>): void {
    this.state = { ...this.state, ...patch };
    if (patch.phase && patch.phase !== 'failed') this.state.error = undefined;
    this.render();
  }

  routed(routed: Routed): void {
    this.recent.push({ ...routed, at: new Date() });
    if (this.recent.length > RECENT_CALLS) this.recent.shift();
    this.update({ routed });
    this.scheduleRefresh();
  }

  /** Ask for today's usage now; returns it (undefined when the server cannot answer). */
  async refresh(): Promise<Usage | undefined> {
    const usage = await this.fetchUsage();
    if (usage) this.update({ usage });
    return usage;
  }

  private scheduleRefresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.refresh();
    }, REFRESH_AFTER_CALL_MS);
  }

  private render(): void {
    const view = formatStatus(this.state);
    this.item.text = view.text;
    this.item.tooltip = new vscode.MarkdownString(view.tooltip, true);
    this.item.accessibilityInformation = { label: view.label };
    this.item.command = view.command;
    this.item.backgroundColor = view.background
      ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`)
      : undefined;
  }

  dispose(): void {
    clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.item.dispose();
  }
}
