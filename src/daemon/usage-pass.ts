import { readdirSync, statSync } from 'node:fs';
import { getPreset, loadAgentsConfig, type AgentsConfig } from '../agents/presets.js';
import { USAGE_READERS, type UsageReader } from '../agents/usage/records.js';
import { sampleUsage } from '../agents/usage/sampler.js';
import { readAttempts } from '../escalation/attempts.js';
import { readPolecats } from '../town/polecat-state.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import { type PolecatUsage, usageKey } from '../town/schemas/usage.js';
import type { Town } from '../town/town.js';
import { readIssueUsage, updateIssueUsage } from '../town/usage.js';

/**
 * One token sampling pass over the town: every polecat with a state file is
 * read from its CLI's records (from the saved cursors), and so, once more,
 * is every entry whose polecat is gone since (its last replies may have
 * landed after the previous pass). Run by the daemon every tick and by
 * `overseer cost` itself, so figures are current without the daemon.
 */

/** Which CLI's records a preset's agent writes: named by the preset's `usage`, else by its `hooks`. */
export function usageReaderOf(agents: AgentsConfig, agent: string): UsageReader | undefined {
  let preset;
  try {
    preset = getPreset(agents, agent);
  } catch {
    return undefined;
  }
  const kind = (preset as { usage?: string }).usage ?? preset.hooks;
  return (USAGE_READERS as readonly string[]).includes(kind) ? (kind as UsageReader) : undefined;
}

/** Finished entries are read once more for this long after their last change, then left alone. */
const FINAL_READ_MS = 10 * 60_000;

export class UsageSampler {
  /** Codex rollouts' working directories (a rollout's first line is read once). */
  private readonly codexCwd = new Map<string, string>();
  /** Each live polecat's entry as this sampler last wrote or saw it, with the ledger file's stamp then. */
  private readonly entries = new Map<string, { entry: PolecatUsage; stamp: string }>();
  /** Ledger files as last looked at by the finished step: their stamp and the keys still to follow. */
  private readonly ledgers = new Map<string, { stamp: string; keys: string[] }>();

  constructor(readonly town: Town) {}

  async pass(now = Date.now()): Promise<{ changed: number }> {
    const agents = loadAgentsConfig(this.town.paths.configDir);
    let changed = 0;
    for (const rig of this.town.rigNames()) {
      const rp = this.town.rigPaths(rig);
      const { polecats } = readPolecats(rp);
      const live = new Set<string>();
      const claimed = new Set<string>();
      for (const p of polecats) {
        live.add(usageKey(p.name, p.created_at));
        if (await this.polecat(rig, p, agents, now, claimed)) changed++;
      }
      changed += await this.finished(rig, live, claimed, agents, now);
    }
    return { changed };
  }

  private env(agents: AgentsConfig, agent: string): NodeJS.ProcessEnv {
    let presetEnv = {};
    try {
      presetEnv = getPreset(agents, agent).env;
    } catch {
      /* unknown preset */
    }
    return { ...process.env, ...presetEnv, ...agents.env };
  }

  private async polecat(
    rig: string,
    p: PolecatState,
    agents: AgentsConfig,
    now: number,
    claimed: Set<string>,
  ): Promise<boolean> {
    const rp = this.town.rigPaths(rig);
    const reader = usageReaderOf(agents, p.agent);
    const key = usageKey(p.name, p.created_at);
    const file = rp.usage(p.issue);
    const sample = (entry: PolecatUsage) =>
      reader
        ? sampleUsage(entry, {
            reader,
            env: this.env(agents, p.agent),
            worktree: p.worktree,
            bornMs: Date.parse(p.created_at),
            nowMs: now,
            codexCwd: this.codexCwd,
          })
        : false;
    // Fast path: the ledger is as this sampler left it; read the records from the cursors it holds,
    // and when nothing is new, touch nothing (no lock, no parse, no write).
    const cached = this.entries.get(`${rig}/${key}`);
    if (cached && cached.stamp === stamp(file)) {
      const trial = structuredClone(cached.entry);
      const moved = sample(trial);
      for (const f of Object.keys(trial.files)) claimed.add(f);
      if (!moved) return false;
    }
    let changed = false;
    let kept: PolecatUsage | undefined;
    await updateIssueUsage(rp, rig, p.issue, (u) => {
      const entry: PolecatUsage = u.polecats[key] ?? {
        polecat: p.name,
        agent: p.agent,
        reader: reader ?? 'none',
        ...attemptOf(rp, p),
        worktree: p.worktree,
        created_at: p.created_at,
        updated_at: new Date(now).toISOString(),
        files: {},
        by_model: {},
        by_day: {},
      };
      const isNew = !u.polecats[key];
      if (!reader) entry.note = `agent ${p.agent} keeps no token records Overseer can read`;
      changed = sample(entry) || isNew;
      for (const f of Object.keys(entry.files)) claimed.add(f);
      if (changed) {
        entry.updated_at = new Date(now).toISOString();
        u.polecats[key] = entry;
      }
      kept = structuredClone(entry);
      return changed;
    });
    if (kept) this.entries.set(`${rig}/${key}`, { entry: kept, stamp: stamp(file) });
    return changed;
  }

  /**
   * Entries of polecats gone since: read on (new files of their worktree
   * included, unless a live polecat reads them), until FINAL_READ_MS after
   * their last change.
   */
  private async finished(
    rig: string,
    live: Set<string>,
    claimed: Set<string>,
    agents: AgentsConfig,
    now: number,
  ): Promise<number> {
    const rp = this.town.rigPaths(rig);
    let names: string[];
    try {
      names = readdirSync(rp.usageDir).filter((n) => n.endsWith('.json'));
    } catch {
      return 0;
    }
    let changed = 0;
    const pending = (key: string, e: PolecatUsage) =>
      !live.has(key) && !e.final && !!e.worktree && USAGE_READERS.includes(e.reader as UsageReader);
    for (const n of names) {
      const path = `${rp.usageDir}/${n}`;
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (now - st.mtimeMs > FINAL_READ_MS) continue;
      // A ledger whose polecats are all live (seen unchanged before) has nothing for this step: no lock, no parse.
      const seen = this.ledgers.get(path);
      const s = `${st.size}:${st.mtimeMs}:${st.ino}`;
      if (seen?.stamp === s && seen.keys.every((k) => live.has(k))) continue;
      const u = readIssueUsage(rp, n.slice(0, -'.json'.length));
      if (!u) continue;
      const keys = Object.entries(u.polecats)
        .filter(([k, e]) => pending(k, e) || live.has(k))
        .map(([k]) => k);
      this.ledgers.set(path, { stamp: s, keys });
      if (!Object.entries(u.polecats).some(([k, e]) => pending(k, e))) continue;
      await updateIssueUsage(rp, rig, n.slice(0, -'.json'.length), (u) => {
        let any = false;
        for (const [key, e] of Object.entries(u.polecats)) {
          if (!pending(key, e)) continue;
          const moved = sampleUsage(e, {
            reader: e.reader as UsageReader,
            env: this.env(agents, e.agent),
            worktree: e.worktree ?? '',
            bornMs: Date.parse(e.created_at),
            nowMs: now,
            codexCwd: this.codexCwd,
            claimed,
          });
          if (!moved && now - Date.parse(e.updated_at) > FINAL_READ_MS) e.final = true;
          if (moved) e.updated_at = new Date(now).toISOString();
          any = any || moved || e.final === true;
        }
        if (any) changed++;
        return any;
      });
    }
    return changed;
  }
}

function attemptOf(rp: ReturnType<Town['rigPaths']>, p: PolecatState): { attempt?: string; tier?: number } {
  const born = Date.parse(p.created_at);
  const mine = readAttempts(rp, p.issue).filter(
    (a) => a.polecat === p.name && Date.parse(a.started_at) <= born + 60_000,
  );
  const a = mine.pop();
  return a ? { attempt: a.id, tier: a.tier } : p.tier !== undefined ? { tier: p.tier } : {};
}

/** A file's identity for "unchanged since": size, mtime and inode. */
function stamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return 'none';
  }
}
