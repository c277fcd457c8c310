// The extension's settings (`sidecar.*`): read, checked, and mapped onto what the server
// accepts. No editor API here: the caller passes a getter over the configuration.
//
// The server accepts only the editor's own keys (`local.completionMaxTokens`,
// `local.completionTemperature`); the model, gateway, routes and budgets belong to the
// daemon's config file, so they are not settings here and are never sent.

/** The `sidecar.*` settings, checked and defaulted. */
export interface Settings {
  /** The full command line that starts the server; empty: discovered. */
  serverCommand: string[];
  /** An interpreter to run `-m sidecar lsp` with; empty: discovered. */
  pythonPath: string;
  completion: {
    enable: boolean;
    disabledLanguages: string[];
    /** Tokens; null: the daemon's config file decides. */
    maxTokens: number | null;
    /** 0..2; null: the daemon's config file decides. */
    temperature: number | null;
  };
}

/** What `initializationOptions` and `workspace/didChangeConfiguration` carry. */
export interface ServerOptions {
  local: { completionMaxTokens?: number; completionTemperature?: number };
}

export const DEFAULTS: Settings = {
  serverCommand: [],
  pythonPath: '',
  completion: {
    enable: true,
    disabledLanguages: ['plaintext', 'markdown'],
    maxTokens: null,
    temperature: null,
  },
};

/** Reads one key under `sidecar.` (e.g. `completion.maxTokens`); undefined when unset. */
export type Getter = (key: string) => unknown;

/**
 * Read and check the settings. An invalid value is reported in `problems` (one sentence
 * each, naming the setting) and its default used, never thrown.
 */
export function readSettings(get: Getter): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const bad = (key: string, want: string, value: unknown): void => {
    problems.push(`sidecar.${key} must be ${want}, not ${JSON.stringify(value)}: using the default.`);
  };

  let serverCommand = DEFAULTS.serverCommand;
  const command = get('serverCommand');
  if (command !== undefined && command !== null) {
    if (Array.isArray(command) && command.every((part) => typeof part === 'string')) {
      serverCommand = command.length > 0 && command[0].trim() !== '' ? command : [];
    } else if (typeof command === 'string') {
      serverCommand = command.trim() ? [command.trim(), 'lsp'] : []; // a bare executable path
    } else {
      bad('serverCommand', 'a list of strings', command);
    }
  }

  let pythonPath = DEFAULTS.pythonPath;
  const python = get('pythonPath');
  if (typeof python === 'string') {
    pythonPath = python.trim();
  } else if (python !== undefined && python !== null) {
    bad('pythonPath', 'a path', python);
  }

  const enable = get('completion.enable');
  if (enable !== undefined && typeof enable !== 'boolean') bad('completion.enable', 'true or false', enable);

  let disabledLanguages = DEFAULTS.completion.disabledLanguages;
  const languages = get('completion.disabledLanguages');
  if (Array.isArray(languages) && languages.every((id) => typeof id === 'string')) {
    disabledLanguages = languages;
  } else if (languages !== undefined && languages !== null) {
    bad('completion.disabledLanguages', 'a list of language ids', languages);
  }

  let maxTokens: number | null = null;
  const tokens = get('completion.maxTokens');
  if (typeof tokens === 'number' && Number.isInteger(tokens) && tokens >= 1) {
    maxTokens = tokens;
  } else if (tokens !== undefined && tokens !== null) {
    bad('completion.maxTokens', 'a whole number of at least 1', tokens);
  }

  let temperature: number | null = null;
  const temp = get('completion.temperature');
  if (typeof temp === 'number' && Number.isFinite(temp) && temp >= 0 && temp <= 2) {
    temperature = temp;
  } else if (temp !== undefined && temp !== null) {
    bad('completion.temperature', 'a number from 0 to 2', temp);
  }

  return {
    settings: {
      serverCommand,
      pythonPath,
      completion: {
        enable: typeof enable === 'boolean' ? enable : DEFAULTS.completion.enable,
        disabledLanguages,
        maxTokens,
        temperature,
      },
    },
    problems,
  };
}

/**
 * The options the server takes from this editor. `local` is always present, so a change
 * back to "unset" reaches the server as `{local: {}}` and it returns to the config file's
 * values (it ignores an empty settings object).
 */
export function serverOptions(settings: Settings): ServerOptions {
  const local: ServerOptions['local'] = {};
  if (settings.completion.maxTokens !== null) local.completionMaxTokens = settings.completion.maxTokens;
  if (settings.completion.temperature !== null) local.completionTemperature = settings.completion.temperature;
  return { local };
}

/** Whether a change from `before` to `after` needs the server started again. */
export function needsRestart(before: Settings, after: Settings): boolean {
  return (
    before.pythonPath !== after.pythonPath ||
    JSON.stringify(before.serverCommand) !== JSON.stringify(after.serverCommand)
  );
}

/** Whether the server's options differ between `before` and `after`. */
export function serverOptionsChanged(before: Settings, after: Settings): boolean {
  return JSON.stringify(serverOptions(before)) !== JSON.stringify(serverOptions(after));
}

/** Whether ghost text is wanted in a document of `languageId`. */
export function completionsWanted(settings: Settings, languageId: string): boolean {
  return settings.completion.enable && !settings.completion.disabledLanguages.includes(languageId);
}
