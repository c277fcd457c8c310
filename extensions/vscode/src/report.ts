// Today's usage report, as Markdown, from `sidecar/usage` and this window's recent calls.
// No editor API here.
import type { Routed, Usage } from './protocol';
import { budgetLevel, formatUsd, spendText } from './status';

export interface RecentCall extends Routed {
  /** When the notification arrived. */
  at: Date;
}

/** How many of this window's calls the report lists. */
export const RECENT_CALLS = 20;

function time(at: Date): string {
  return at.toTimeString().slice(0, 8);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function usageReport(usage: Usage, recent: RecentCall[], now: Date): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const lines = [
    `# Sidecar usage, ${day}`,
    '',
    `Today's calls of this developer, from every editor and agent on this workstation (the daemon's ledger), at ${time(now)}.`,
    '',
    '| | |',
    '|---|---|',
    `| Calls | ${usage.calls} |`,
    `| Spent | ${formatUsd(usage.cost_usd)} |`,
    `| Served locally | ${Math.round(usage.local_share * 100)}% of calls |`,
    `| The same calls on the frontier model | ${formatUsd(usage.frontier_cost_usd)} |`,
    `| Saved by routing | ${formatUsd(usage.saving_usd)} |`,
  ];
  if (usage.budget_usd !== null && usage.budget_left_usd !== null) {
    const level = budgetLevel(usage);
    const note =
      level === 'exceeded' ? ' (spent: frontier work is served locally)' : level === 'warning' ? ' (near the limit)' : '';
    lines.push(
      `| Budget${usage.budget_scope ? ` (${cell(usage.budget_scope)})` : ''} | ${spendText(usage)}${note} |`,
      `| Left | ${formatUsd(Math.max(0, usage.budget_left_usd))} |`,
    );
  } else {
    lines.push('| Budget | none applies |');
  }
  lines.push('', `## This window's last ${RECENT_CALLS} calls`, '');
  if (recent.length === 0) {
    lines.push('None yet.');
  } else {
    lines.push('| time | task | route | model | cost |', '|---|---|---|---|---|');
    for (const call of [...recent].reverse()) {
      lines.push(
        `| ${time(call.at)} | ${cell(call.task ?? '')} | ${cell(call.route ?? '')} | ${cell(call.model ?? '')} | ${formatUsd(call.cost_usd)} |`,
      );
    }
  }
  lines.push(
    '',
    '## Settings',
    '',
    'The model, the gateway, the routes and the budgets are the daemon\'s, shared by every editor and agent, ' +
      `and come from its config file${usage.config_path ? `: \`${usage.config_path}\`` : ''} ` +
      '(`sidecar config path` prints it). `sidecar report` shows more: by app, task, route, day, with charts (`--html`).',
    '',
  );
  return lines.join('\n');
}
