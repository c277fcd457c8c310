// Which command starts `sidecar lsp`. No editor API here: the caller passes the settings,
// the workspace folders and a probe of the file system, so the order is unit-tested.
//
// Order: `sidecar.serverCommand`; `sidecar.pythonPath -m sidecar lsp`; the `sidecar`
// of each workspace folder's `.venv` or `venv` (trusted workspaces only: it is a program
// from the workspace); `sidecar` on PATH; `python3` (or `python`) on PATH with
// `-m sidecar lsp`, which fails to start when sidecar is not installed for it.
import * as path from 'node:path';

export interface Launch {
  command: string;
  args: string[];
  /** Where the command came from, for the log and the error message. */
  source: string;
}

export interface DiscoveryInput {
  serverCommand: string[];
  pythonPath: string;
  workspaceFolders: string[];
  /** Whether the workspace is trusted (its programs may run). */
  trusted: boolean;
  /** The PATH to search. */
  pathEnv: string;
  platform: NodeJS.Platform;
}

export interface Probe {
  /** Whether `file` exists and may be executed. */
  isExecutable(file: string): boolean;
}

export interface Discovery {
  launch?: Launch;
  /** Every place looked at, in order (for the error message when nothing was found). */
  tried: string[];
}

const LSP_ARGS = ['lsp'];
const MODULE_ARGS = ['-m', 'sidecar', 'lsp'];
const VENV_DIRS = ['.venv', 'venv'];

export function discoverServer(input: DiscoveryInput, probe: Probe): Discovery {
  const tried: string[] = [];
  if (input.serverCommand.length > 0) {
    const [command, ...args] = input.serverCommand;
    return { launch: { command, args, source: 'sidecar.serverCommand' }, tried };
  }
  if (input.pythonPath) {
    return { launch: { command: input.pythonPath, args: MODULE_ARGS, source: 'sidecar.pythonPath' }, tried };
  }
  const windows = input.platform === 'win32';
  const paths = windows ? path.win32 : path.posix;
  const exe = (name: string): string => (windows ? `${name}.exe` : name);

  if (input.trusted) {
    for (const folder of input.workspaceFolders) {
      for (const venv of VENV_DIRS) {
        const candidate = paths.join(folder, venv, windows ? 'Scripts' : 'bin', exe('sidecar'));
        tried.push(candidate);
        if (probe.isExecutable(candidate)) {
          return { launch: { command: candidate, args: LSP_ARGS, source: `workspace ${venv}` }, tried };
        }
      }
    }
  } else if (input.workspaceFolders.length > 0) {
    tried.push('(the workspace .venv and venv: skipped, the workspace is not trusted)');
  }

  const onPath = which(exe('sidecar'), input, probe, tried);
  if (onPath) return { launch: { command: onPath, args: LSP_ARGS, source: 'PATH' }, tried };

  for (const name of ['python3', 'python']) {
    const python = which(exe(name), input, probe, tried);
    if (python) return { launch: { command: python, args: MODULE_ARGS, source: `${name} on PATH` }, tried };
  }
  return { tried };
}

function which(name: string, input: DiscoveryInput, probe: Probe, tried: string[]): string | undefined {
  const paths = input.platform === 'win32' ? path.win32 : path.posix;
  const delimiter = input.platform === 'win32' ? ';' : ':';
  tried.push(`${name} on PATH`);
  for (const dir of input.pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = paths.join(dir, name);
    if (probe.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The command line as one string, quoted where needed, for messages and the log. */
export function commandLine(launch: Launch): string {
  return [launch.command, ...launch.args].map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part)).join(' ');
}
