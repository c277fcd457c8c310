// The status bar item's text, tooltip and colour, from the last `sidecar/routed` and the
// last `sidecar/usage`. No editor API here: the status bar controller applies the result.
import type { Routed, Usage } from './protocol';

export type Phase = 'starting' | 'ready' | 'failed' | 'stopped';

export interface StatusState {
  phase: Phase;
  routed?: Routed;
  usage?: Usage;
  completionsEnabled: boolean;
  /** Why the server is not running (phase `failed`). */
  error?: string;
}

export type Background = 'warning' | 'error';

export interface StatusView {
  /** Status bar text, with `$(icon)` codicons. */
  text: string;
  /** Markdown. */
  tooltip: string;
  /** The screen reader's label (no codicons). */
  label: string;
  background?: Background;
  /** The command a click runs. */
  command: 'sidecar.showUsage' | 'sidecar.showOutput';
}

/** The daemon's default `budgets.soft_ratio`, for servers that do not send theirs. */
export const DEFAULT_SOFT_RATIO = 0.8;
const MODEL_CHARS = 28;

/** USD with enough digits to see a local day's fractions of a cent. */
export function formatUsd(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '$0.00';
  if (abs < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

/** A model name short enough for the status bar (its file extension and path dropped). */
export function shortModel(model: string | null | undefined, max = MODEL_CHARS): string {
  if (!model) return 'unknown model';
  const name = model.split(/[\\/]/).pop()!.replace(/\.gguf$/i, '');
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

export type BudgetLevel = 'none' | 'ok' | 'warning' | 'exceeded';

/** Where today's spend stands against the tightest budget. */
export function budgetLevel(usage: Usage | undefined): BudgetLevel {
  if (!usage || usage.budget_usd === null || usage.budget_left_usd === null) return 'none';
  if (usage.budget_left_usd <= 0) return 'exceeded';
  const used = usage.budget_usd - usage.budget_left_usd;
  const soft = usage.budget_soft_ratio ?? DEFAULT_SOFT_RATIO;
  return used >= soft * usage.budget_usd ? 'warning' : 'ok';
}

/** Today's spend: "$0.12 / $5.00" against a budget, else "$0.12 today". */
export function spendText(usage: Usage): string {
  if (usage.budget_usd !== null && usage.budget_left_usd !== null) {
    const used = Math.max(0, usage.budget_usd - usage.budget_left_usd);
    return `${formatUsd(used)} / ${formatUsd(usage.budget_usd)}`;
  }
  return `${formatUsd(usage.cost_usd)} today`;
}

/** Markdown paragraphs (a single newline would not break the line in a tooltip). */
function paragraphs(lines: string[]): string {
  return lines.filter((line) => line !== '').join('\n\n');
}

function routeIcon(route: string | null): string {
  return route === 'frontier' ? '$(cloud)' : '$(server-process)';
}

export function formatStatus(state: StatusState): StatusView {
  const tooltip: string[] = ['**Sidecar**', ''];
  if (state.phase === 'failed') {
    tooltip.push(`The language server is not running: ${state.error ?? 'see the output'}.`, '', 'Click for the output.');
    return {
      text: '$(error) Sidecar',
      label: 'Sidecar: not running',
      tooltip: paragraphs(tooltip),
      background: 'error',
      command: 'sidecar.showOutput',
    };
  }
  if (state.phase === 'starting' || state.phase === 'stopped') {
    const word = state.phase === 'starting' ? 'starting' : 'stopped';
    tooltip.push(`The language server is ${word}.`);
    return {
      text: state.phase === 'starting' ? '$(loading~spin) Sidecar' : '$(debug-disconnect) Sidecar',
      label: `Sidecar: ${word}`,
      tooltip: paragraphs(tooltip),
      command: 'sidecar.showOutput',
    };
  }

  const parts: string[] = [];
  const labels: string[] = [];
  const routed = state.routed;
  if (routed) {
    parts.push(`${routeIcon(routed.route)} ${routed.route ?? '?'} · ${shortModel(routed.model)}`);
    labels.push(`last call ${routed.route ?? 'unknown route'}, ${shortModel(routed.model)}`);
    tooltip.push(
      `Last call: ${routed.task ?? 'call'} → **${routed.route ?? '?'}** (${routed.model ?? 'unknown model'}), ` +
        `${formatUsd(routed.cost_usd)}`,
    );
  } else {
    parts.push('$(server-process) Sidecar');
    labels.push('Sidecar ready');
    tooltip.push('No call yet in this window.');
  }

  const usage = state.usage;
  const level = budgetLevel(usage);
  if (usage) {
    parts.push(spendText(usage));
    labels.push(`today ${spendText(usage).replace('/', 'of')}`);
    tooltip.push(
      '',
      `Today: ${usage.calls} calls, ${formatUsd(usage.cost_usd)} spent, ` +
        `${Math.round(usage.local_share * 100)}% local, ${formatUsd(usage.saving_usd)} saved`,
    );
    if (usage.budget_usd !== null && usage.budget_left_usd !== null) {
      const scope = usage.budget_scope ? ` (${usage.budget_scope})` : '';
      tooltip.push(
        `Budget${scope}: ${formatUsd(Math.max(0, usage.budget_usd - usage.budget_left_usd))} of ` +
          `${formatUsd(usage.budget_usd)} used, ${formatUsd(Math.max(0, usage.budget_left_usd))} left` +
          (level === 'exceeded' ? ' — **spent**: frontier work is served locally' : '') +
          (level === 'warning' ? ' — **near the limit**' : ''),
      );
    } else {
      tooltip.push('No budget applies.');
    }
  }
  if (!state.completionsEnabled) {
    parts.unshift('$(circle-slash)');
    labels.push('inline completions off');
  }
  tooltip.push('', `Inline completions: ${state.completionsEnabled ? 'on' : 'off'}`, '', "Click for today's usage report.");
  return {
    text: parts.join(' · ').replace('$(circle-slash) · ', '$(circle-slash) '),
    label: `Sidecar: ${labels.join(', ')}`,
    tooltip: paragraphs(tooltip),
    background: level === 'exceeded' ? 'error' : level === 'warning' ? 'warning' : undefined,
    command: 'sidecar.showUsage',
  };
}
