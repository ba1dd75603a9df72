import { z } from 'zod';
import { Version } from './schemas/common.js';
import type { TownPaths } from './paths.js';
import { Duration } from '../core/duration.js';
import { readYamlConfig, tryReadYamlConfig } from '../core/yaml-config.js';
import { BudgetSettings } from './budgets.js';

export const DAEMON_CONFIG_FILE = 'daemon.yaml';

export const DEFAULT_NUDGE_TEXT =
  'Overseer witness here: no activity from you for a while. If you are stuck, say what blocks you; ' +
  'if you are done, commit and run `overseer done`.';

export const DEFAULT_IDLE_NUDGE_TEXT =
  'Overseer witness here: your turn ended but your issue is not done yet. Continue until it is, then ' +
  'commit and run `overseer done`. If something blocks you, say what.';

const s = (n: number) => n * 1000;
const m = (n: number) => n * 60_000;

/** <town>/config/daemon.yaml: the daemon's own knobs. Every field has a default. */
export const DaemonSettings = z.looseObject({
  version: Version.default(1),
  /** Time between ticks. */
  tick_interval: Duration.default(s(5)),
  /** Between ticks, the agents' states are read again this often (a question shows as waiting within about this). */
  state_interval: Duration.default(s(1)),
  witness: z
    .looseObject({
      /** A working polecat with no activity this long is stuck: the one stuck timer (agent states and witness). */
      stuck_after: Duration.default(m(15)),
      nudge_text: z.string().min(1).max(2000).default(DEFAULT_NUDGE_TEXT),
      max_nudges: z.number().int().min(0).max(20).default(3),
      /** Time between two nudges, and between the last nudge and the escalation. */
      nudge_cooldown: Duration.default(m(5)),
      /**
       * An idle agent (its turn ended) whose issue is not done is nudged to continue after this long;
       * these nudges count toward max_nudges, then it is escalated like a stuck one.
       */
      idle_nudge_after: Duration.default(m(2)),
      idle_nudge_text: z.string().min(1).max(2000).default(DEFAULT_IDLE_NUDGE_TEXT),
      /** Pane output this soon after a nudge is the nudge's own echo, not progress. */
      nudge_echo_grace: Duration.default(s(15)),
      /** A session gone while working: start it again (up to max_respawns) or escalate at once. */
      dead_policy: z.enum(['respawn', 'escalate']).default('respawn'),
      max_respawns: z.number().int().min(0).max(20).default(1),
      /** Failed pre-removal verifications before escalating. */
      max_verify_failures: z.number().int().min(1).max(20).default(3),
      verify_cooldown: Duration.default(s(30)),
    })
    .prefault({}),
  supervisor: z
    .looseObject({
      /** A manager whose pane changed within this is busy: leave it alone. */
      manager_busy_within: Duration.default(m(2)),
      poke_cooldown: Duration.default(m(10)),
      respawn_cooldown: Duration.default(m(5)),
      max_manager_sessions: z.number().int().min(1).max(50).default(3),
    })
    .prefault({}),
  gc: z
    .looseObject({
      enabled: z.boolean().default(true),
      interval: Duration.default(m(5)),
    })
    .prefault({}),
  refinery: z.looseObject({ enabled: z.boolean().default(true) }).prefault({}),
  /** Token and resource sampling (see docs: each CLI's own records, read from saved offsets). */
  usage: z
    .looseObject({
      enabled: z.boolean().default(true),
      /** Time between two token sampling passes. */
      sample_interval: Duration.default(s(5)),
    })
    .prefault({}),
  budgets: BudgetSettings,
  /** Machine use per polecat (CPU and memory of its process tree, worktree disk) and the runaway alert. */
  resources: z
    .looseObject({
      enabled: z.boolean().default(true),
      /** A worktree's disk use is measured at most this often (a walk of the tree, never every tick). */
      disk_interval: Duration.default(m(5)),
      /** A tree above this CPU % (100 = one core) for runaway_for is a runaway: attention. 0: off. */
      runaway_cpu_pct: z.number().nonnegative().default(150),
      runaway_for: Duration.default(m(5)),
      /** A tree above this resident memory (MB) is a runaway at once. 0: off. */
      runaway_rss_mb: z.number().nonnegative().default(8192),
    })
    .prefault({}),
});
export type DaemonSettings = z.infer<typeof DaemonSettings>;

export function defaultDaemonSettings(): DaemonSettings {
  return DaemonSettings.parse({});
}

export function loadDaemonSettings(paths: TownPaths): DaemonSettings {
  return readYamlConfig(paths.configFile(DAEMON_CONFIG_FILE), DaemonSettings);
}

export function validateDaemonSettingsFile(path: string): string | undefined {
  const r = tryReadYamlConfig(path, DaemonSettings);
  return r.ok ? undefined : r.message;
}
