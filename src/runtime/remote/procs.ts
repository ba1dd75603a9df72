import { localProcesses } from '../processes.js';
import type { ProcId } from '../proc-tree.js';

type ProcRequest =
  | { op: 'alive' | 'cmdline' | 'cwd'; pid: number }
  | { op: 'signal' | 'signal-group'; pid: number; signal: NodeJS.Signals }
  | { op: 'find'; treeOf?: number; env?: { name: string; value: string } }
  | { op: 'end'; procs: ProcId[]; graceMs: number };

/** The outpost's process table, answered here from /proc (the same code as the town's). */
export async function procs(req: ProcRequest): Promise<unknown> {
  const t = localProcesses;
  switch (req.op) {
    case 'alive':
      return t.alive(req.pid);
    case 'cmdline':
      return t.cmdline(req.pid) ?? null;
    case 'cwd':
      return t.cwd(req.pid) ?? null;
    case 'signal':
      return t.signal(req.pid, req.signal);
    case 'signal-group':
      return t.signalGroup(req.pid, req.signal);
    case 'find':
      return t.find(req);
    case 'end':
      return t.end(req.procs, { graceMs: req.graceMs });
  }
}
