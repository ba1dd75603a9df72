import { emptyChains, ChainsConfig } from '../../src/escalation/chains.js';
import { defaultDaemonSettings, type DaemonSettings } from '../../src/town/daemon-settings.js';
import type { DaemonRig, DaemonSnapshot, SessionFact } from '../../src/daemon/snapshot.js';
import type { Attempt } from '../../src/town/schemas/attempt.js';
import type { Bead, MrState } from '../../src/town/schemas/bead.js';
import type { PolecatState } from '../../src/town/schemas/polecat.js';
import type { RigConfig, WitnessState } from '../../src/town/schemas/rig.js';
import type { MayorState } from '../../src/town/schemas/town.js';
import { polecatRecord } from './polecat.js';

/** Builders for pure decision tests: plain data, no files. */
export const T0 = Date.parse('2026-03-01T12:00:00Z');
export const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();
export const MIN = 60_000;

export function rigConfig(over: Partial<RigConfig> = {}): RigConfig {
  return {
    type: 'rig',
    version: 1,
    name: 'web',
    git_url: '/x.git',
    default_branch: 'main',
    beads: { prefix: 'web' },
    max_workers: 4,
    worker_spawn_delay: 0,
    test_command: '',
    test_timeout: 600,
    merge_strategy: 'rebase',
    dispatch: false,
    default_agent: 'scripted',
    warm_worktrees: 1,
    created_at: at(-100 * MIN),
    ...over,
  };
}

export function issue(id: string, over: Partial<Bead> = {}): Bead {
  return {
    version: 1,
    id,
    title: `Issue ${id}`,
    description: '',
    status: 'open',
    priority: 2,
    issue_type: 'task',
    labels: [],
    dependencies: [],
    created_at: at(-60 * MIN),
    updated_at: at(-60 * MIN),
    ...over,
  };
}

export function mr(
  id: string,
  branch: string,
  source: string,
  state: MrState,
  over: Partial<NonNullable<Bead['mr']>> = {},
): Bead {
  return issue(id, {
    issue_type: 'merge-request',
    status: state === 'merged' || state === 'rejected' ? 'closed' : 'open',
    mr: {
      state,
      rig: 'web',
      branch,
      source_issue: source,
      worker: branch.split('/')[1]!,
      target: 'main',
      history: [{ state, at: at(-5 * MIN), reason: `now ${state}` }],
      ...over,
    },
  });
}

export function polecat(name: string, over: Partial<PolecatState> = {}): PolecatState {
  return polecatRecord(name, at(-30 * MIN), over);
}

export function attempt(
  issueId: string,
  n: number,
  over: Partial<Attempt> & Record<string, unknown> = {},
): Attempt {
  return {
    version: 1,
    id: `${issueId}.a${n}`,
    issue: issueId,
    rig: 'web',
    attempt: n,
    tier: n - 1,
    tier_name: `t${n - 1}`,
    preset: 'scripted',
    started_at: at(-20 * MIN),
    verdict: 'running',
    ...over,
  } as Attempt;
}

export type RigSpec = {
  name?: string;
  config?: Partial<RigConfig>;
  issues?: Bead[];
  polecats?: PolecatState[];
  witness?: WitnessState['polecats'];
  attempts?: Attempt[];
  worktrees?: string[];
};

export function rig(spec: RigSpec = {}): DaemonRig {
  const name = spec.name ?? 'web';
  const attempts = new Map<string, Attempt[]>();
  for (const a of spec.attempts ?? []) attempts.set(a.issue, [...(attempts.get(a.issue) ?? []), a]);
  return {
    name,
    config: rigConfig({ name, ...spec.config }),
    issues: new Map((spec.issues ?? []).map((b) => [b.id, b])),
    polecats: spec.polecats ?? [],
    witness: { version: 1, rig: name, updated_at: at(0), polecats: spec.witness ?? {} },
    attempts,
    worktrees: spec.worktrees ?? [],
  };
}

export type SnapSpec = {
  rigs?: DaemonRig[];
  sessions?: (Partial<SessionFact> & { name: string })[];
  settings?: (s: DaemonSettings) => void;
  chains?: unknown;
  mayor?: MayorState['managers'];
  townBeads?: Bead[];
  lastGcAt?: number;
};

export function snap(spec: SnapSpec = {}): DaemonSnapshot {
  const settings = defaultDaemonSettings();
  spec.settings?.(settings);
  return {
    root: '/town',
    rigs: spec.rigs ?? [rig()],
    townBeads: new Map((spec.townBeads ?? []).map((b) => [b.id, b])),
    mayor: { version: 1, updated_at: at(0), managers: spec.mayor ?? {} },
    sessions: new Map((spec.sessions ?? []).map((s) => [s.name, { alive: true, activityMs: T0, ...s }])),
    settings,
    chains: spec.chains ? ChainsConfig.parse(spec.chains) : emptyChains(),
    ...(spec.lastGcAt !== undefined ? { lastGcAt: spec.lastGcAt } : {}),
  };
}

export const kinds = (actions: { kind: string }[]) => actions.map((a) => a.kind);
