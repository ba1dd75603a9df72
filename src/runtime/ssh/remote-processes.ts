import type { EndResult, ProcStat } from '../proc-tree.js';
import type { ProcessTable } from '../runner.js';
import type { OutpostHost } from './outpost-host.js';

/** An outpost's process table: each call is one helper run over the connection (/proc read there). */
export function remoteProcesses(r: OutpostHost): ProcessTable {
  const ask = <T>(req: Record<string, unknown>, timeoutMs?: number) => r.helper<T>('procs', req, timeoutMs);
  return {
    alive: async (pid) => (pid === undefined ? false : ask<boolean>({ op: 'alive', pid })),
    cmdline: (pid) => ask<string[] | null>({ op: 'cmdline', pid }).then((v) => v ?? undefined),
    cwd: (pid) => ask<string | null>({ op: 'cwd', pid }).then((v) => v ?? undefined),
    signal: (pid, signal = 'SIGTERM') => ask<boolean>({ op: 'signal', pid, signal }),
    signalGroup: (pgid, signal = 'SIGKILL') => ask<boolean>({ op: 'signal-group', pid: pgid, signal }),
    find: (q) => ask<ProcStat[]>({ op: 'find', ...q }),
    end: (procs, opts = {}) =>
      ask<EndResult>({ op: 'end', procs, graceMs: opts.graceMs ?? 2000 }, (opts.graceMs ?? 2000) + 20_000),
  };
}
