// What `sidecar lsp` sends and answers beyond the LSP itself (see docs/editors.md).
// Plain types, no editor API: the unit tests import this module.

/** The server's commands (`workspace/executeCommand`); arguments `[uri, range, text?]`. */
export const SERVER_COMMANDS = {
  review: 'sidecar.review',
  refactor: 'sidecar.refactor',
  explain: 'sidecar.explain',
  plan: 'sidecar.plan',
} as const;

export type Action = keyof typeof SERVER_COMMANDS;

/** `sidecar/routed`: one per model call (a completion that missed the cache, a command). */
export interface Routed {
  task: string | null;
  /** `local` or `frontier`. */
  route: string | null;
  model: string | null;
  /** USD. */
  cost_usd: number;
}

/** The answer to `sidecar/usage`: today (local calendar day), this developer. */
export interface Usage {
  calls: number;
  cost_usd: number;
  frontier_cost_usd: number;
  saving_usd: number;
  /** 0..1 */
  local_share: number;
  budget_usd: number | null;
  budget_left_usd: number | null;
  budget_scope: string | null;
  /** Share of the budget from which the daemon warns; absent from older servers. */
  budget_soft_ratio?: number;
  /** The daemon's config file (model, gateway, routes, budgets). */
  config_path?: string;
}

/** The routing decision a command's result carries. */
export interface RoutingInfo {
  task?: string;
  route?: string;
  model?: string;
  cost_usd?: number;
  reasons?: string[];
  degraded?: boolean;
}

/** What a server command answers; which fields depends on the command. */
export interface CommandResult {
  cancelled?: boolean;
  error?: string;
  findings?: number;
  applied?: boolean;
  markdown?: string;
  uri?: string;
  sidecar?: RoutingInfo;
}

/**
 * The experimental client capability that tells the server this client presents command
 * results itself, so Explain's text is not also sent as `window/showMessage`.
 */
export const EXPERIMENTAL_CAPABILITIES = { sidecarCommandResults: true } as const;
