// What a command's result says to the user. No editor API here.
import type { Action, CommandResult, RoutingInfo } from './protocol';
import { formatUsd, shortModel } from './status';

export const TITLES: Record<Action, string> = {
  review: 'Reviewing the selection',
  refactor: 'Refactoring the selection',
  explain: 'Explaining the selection',
  plan: 'Planning the change',
};

/** "local · SmolLM2-135M-Instruct, $0.00" from a result's routing decision. */
export function routeSummary(info: RoutingInfo | undefined): string {
  if (!info?.route) return 'route unknown';
  const cost = typeof info.cost_usd === 'number' ? `, ${formatUsd(info.cost_usd)}` : '';
  const degraded = info.degraded ? ', degraded' : '';
  return `${info.route} · ${shortModel(info.model)}${cost}${degraded}`;
}

export type Outcome =
  | { kind: 'silent' }
  | { kind: 'info' | 'warning'; message: string; showProblems?: boolean };

/**
 * How to report a finished command. Errors are already shown by the server
 * (`window/showMessage`), and a cancelled command says nothing.
 */
export function outcome(action: Action, result: CommandResult | undefined): Outcome {
  if (!result || result.cancelled || result.error !== undefined) return { kind: 'silent' };
  const route = routeSummary(result.sidecar);
  switch (action) {
    case 'review': {
      const n = result.findings ?? 0;
      return n > 0
        ? { kind: 'info', message: `Sidecar review (${route}): ${n} finding${n === 1 ? '' : 's'} in the Problems panel.`, showProblems: true }
        : { kind: 'info', message: `Sidecar review (${route}): no findings.` };
    }
    case 'refactor':
      return result.applied
        ? { kind: 'info', message: `Sidecar refactored the selection (${route}). Undo reverts it.` }
        : { kind: 'warning', message: `Sidecar's refactoring was not applied (${route}): the document may have changed meanwhile.` };
    case 'explain':
    case 'plan':
      return { kind: 'silent' }; // shown as a document
  }
}

/** The explanation document's Markdown. */
export function explanation(file: string, firstLine: number, lastLine: number, result: CommandResult): string {
  const lines = firstLine === lastLine ? `line ${firstLine}` : `lines ${firstLine}–${lastLine}`;
  return `# Explanation: ${file}, ${lines}\n\n_${routeSummary(result.sidecar)}_\n\n${result.markdown ?? ''}\n`;
}
