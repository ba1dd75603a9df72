import { loadAgentsConfig } from '../../agents/presets.js';
import { errorMessage } from '../../core/errors.js';
import type { SshRunner } from '../../runtime/ssh/ssh-runner.js';
import type { Town } from '../../town/town.js';

export type CheckItem = { what: string; ok: boolean; detail: string };
export type OutpostCheck = { name: string; ok: boolean; items: CheckItem[] };

/** Free disk below this at the outpost's directory is reported as missing room. */
export const MIN_FREE_BYTES = 1024 ** 3;

// Fixed text; the directory and the programs come in as positional parameters.
const PROBE = [
  // The outpost's `env.PATH`, when set, is where its agents look for their CLIs.
  'dir="$1"; if [ -n "$2" ]; then PATH="$2"; export PATH; fi; shift 2',
  'printf "git=%s\\n" "$(git --version 2>/dev/null)"',
  'printf "tmux=%s\\n" "$(tmux -V 2>/dev/null)"',
  'printf "node=%s\\n" "$(node --version 2>/dev/null)"',
  'for p in "$@"; do printf "program:%s=%s\\n" "$p" "$(command -v "$p" 2>/dev/null)"; done',
  'mkdir -p "$dir" 2>/dev/null && test -w "$dir" && echo writable=yes || echo writable=no',
  'printf "free_kb=%s\\n" "$(df -Pk "$dir" 2>/dev/null | awk \'NR==2 {print $4}\')"',
].join('\n');

/** The programs the town's agent presets run (the scripted agent runs on node). */
export function agentPrograms(town: Town): string[] {
  const out = new Set<string>();
  for (const p of loadAgentsConfig(town.paths.configDir).presets.values()) {
    const bin = p.command[0]!;
    if (!bin.startsWith('{')) out.add(bin);
  }
  return [...out].sort();
}

/** Pure: the check's lines from what the host answered. */
export function checkItems(kv: Map<string, string>, programs: string[], engine?: string): CheckItem[] {
  const items: CheckItem[] = [];
  const need = (what: string, key: string, why: string) => {
    const v = kv.get(key) ?? '';
    items.push({ what, ok: v !== '', detail: v || `missing (${why})` });
  };
  need('git', 'git', 'worktrees and the mirror');
  need('tmux', 'tmux', 'the agent sessions');
  need('node', 'node', "Overseer's helper and the scripted agent");
  // The outpost's `container`: its engine is needed to start any agent there.
  if (engine)
    need(`container engine ${engine}`, `program:${engine}`, 'config `container` runs the agents in it');
  for (const p of programs) {
    const at = kv.get(`program:${p}`) ?? '';
    items.push({
      what: `agent CLI ${p}`,
      ok: at !== '',
      detail: at || 'not on PATH (presets using it cannot run here)',
    });
  }
  items.push({
    what: 'directory',
    ok: kv.get('writable') === 'yes',
    detail: kv.get('writable') === 'yes' ? 'writable' : 'cannot be created or written',
  });
  const kb = Number(kv.get('free_kb'));
  const bytes = Number.isFinite(kb) && kv.get('free_kb') ? kb * 1024 : undefined;
  items.push({
    what: 'free disk',
    ok: bytes !== undefined && bytes >= MIN_FREE_BYTES,
    detail:
      bytes === undefined
        ? 'unknown'
        : `${(bytes / 1024 ** 3).toFixed(1)} GiB${bytes < MIN_FREE_BYTES ? ' (under 1 GiB)' : ''}`,
  });
  return items;
}

/**
 * `outpost check`: the host key and the connection first (nothing else can
 * be asked without them), then one round trip for git, tmux, node, the
 * container engine when the outpost has a `container`, the agent CLIs of the town's presets, the directory and its free disk. Agent
 * CLIs are optional (a host may run only some presets); the rest is needed.
 */
export async function checkOutpost(town: Town, r: SshRunner): Promise<OutpostCheck> {
  const items: CheckItem[] = [];
  try {
    await r.conn.ensure();
    items.push({
      what: 'host key',
      ok: true,
      detail: `matches ${r.config.known_hosts ?? '~/.ssh/known_hosts'}; connected in ${r.conn.status.connectMs ?? '?'} ms`,
    });
  } catch (e) {
    items.push({ what: 'connection', ok: false, detail: errorMessage(e) });
    return { name: r.host, ok: false, items };
  }
  const programs = agentPrograms(town);
  const engine = r.config.container?.engine;
  const asked = engine ? [...programs, engine] : programs;
  const out = await r.run('sh', ['-c', PROBE, 'sh', r.config.dir, r.config.env.PATH ?? '', ...asked], {
    timeoutMs: 30_000,
  });
  const kv = new Map(
    out.stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()] as const),
  );
  items.push(...checkItems(kv, programs, engine));
  // Ports of this machine offered there (a model server): each must be bound on the outpost.
  const forwardErrors = (await r.hostInfo()).forwardErrors ?? {};
  for (const f of r.config.remote_forwards)
    items.push({
      what: `remote forward ${f}`,
      ok: !forwardErrors[f],
      detail: forwardErrors[f] ?? 'listening there through the connection',
    });
  const required = items.filter((i) => !i.what.startsWith('agent CLI'));
  return { name: r.host, ok: required.every((i) => i.ok), items };
}
