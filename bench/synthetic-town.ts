import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TownPaths } from '../src/town/paths.js';
import type { Bead } from '../src/town/schemas/bead.js';
import type { PolecatState } from '../src/town/schemas/polecat.js';

/**
 * A synthetic town for benchmarks: N rigs, issues with dependencies, mail and
 * polecat state files, written straight to disk in town format v1 (no git
 * clones: benchmarks of the file layer do not need them).
 */
export type SyntheticTownSpec = {
  rigs?: number;
  issues?: number;
  /** Dependencies in total, spread over the rigs; each points at an older issue of the same rig. */
  dependencies?: number;
  mails?: number;
  polecats?: number;
  /** Fraction of issues closed. */
  closedRatio?: number;
};

export type SyntheticTown = { root: string; rigs: string[]; issueIds: string[][] };

const STATES = ['working', 'working', 'working', 'waiting', 'idle', 'done', 'stuck', 'dead'] as const;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateSyntheticTown(root: string, spec: SyntheticTownSpec = {}): SyntheticTown {
  const nRigs = spec.rigs ?? 4;
  const nIssues = spec.issues ?? 1000;
  const nDeps = spec.dependencies ?? Math.floor(nIssues / 2);
  const nMails = spec.mails ?? 100;
  const nPolecats = spec.polecats ?? 20;
  const closed = spec.closedRatio ?? 0.3;
  const rand = rng(42);
  const p = new TownPaths(root);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const iso = (i: number) => new Date(t0 + i * 1000).toISOString();

  mkdirSync(p.mayorDir, { recursive: true });
  mkdirSync(p.configDir, { recursive: true });
  mkdirSync(p.runtimeDir, { recursive: true });
  writeFileSync(
    p.townFile,
    JSON.stringify({ type: 'town', version: 1, name: 'synthetic', created_at: iso(0) }),
  );
  const rigs = Array.from({ length: nRigs }, (_, i) => `rig${i}`);
  writeFileSync(
    p.rigsFile,
    JSON.stringify({
      version: 1,
      rigs: Object.fromEntries(rigs.map((r) => [r, { git_url: `/nonexistent/${r}.git`, added_at: iso(0) }])),
    }),
  );
  writeFileSync(p.mayorState, JSON.stringify({ version: 1, updated_at: iso(0), managers: {} }));

  const issueIds: string[][] = [];
  rigs.forEach((rig, ri) => {
    const rp = p.rig(rig);
    const prefix = `r${ri}`;
    mkdirSync(join(rp.root, '.beads'), { recursive: true });
    mkdirSync(rp.polecatStateDir, { recursive: true });
    mkdirSync(rp.attemptsDir, { recursive: true });
    mkdirSync(join(rp.root, 'witness'), { recursive: true });
    mkdirSync(join(rp.root, 'refinery'), { recursive: true });
    writeFileSync(
      rp.config,
      JSON.stringify({
        type: 'rig',
        version: 1,
        name: rig,
        git_url: `/nonexistent/${rig}.git`,
        default_branch: 'main',
        beads: { prefix },
        max_workers: 50,
        worker_spawn_delay: 0,
        test_command: 'true',
        created_at: iso(0),
      }),
    );
    writeFileSync(rp.witnessState, JSON.stringify({ version: 1, rig, updated_at: iso(0), polecats: {} }));
    writeFileSync(rp.refineryState, JSON.stringify({ version: 1, rig, updated_at: iso(0) }));
    const count = Math.floor(nIssues / nRigs) + (ri < nIssues % nRigs ? 1 : 0);
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i.toString(36).padStart(4, '0')}`);
    issueIds.push(ids);
    const deps = Math.floor(nDeps / nRigs);
    const depsOf = new Map<number, number[]>();
    for (let d = 0; d < deps && count > 1; d++) {
      const from = 1 + Math.floor(rand() * (count - 1));
      const to = Math.floor(rand() * from);
      const list = depsOf.get(from) ?? [];
      list.push(to);
      depsOf.set(from, list);
    }
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      const isClosed = rand() < closed;
      const b: Bead = {
        version: 1,
        id,
        title: `Synthetic issue ${i} of ${rig}`,
        description: 'Generated for benchmarks.',
        status: isClosed ? 'closed' : 'open',
        priority: Math.floor(rand() * 5),
        issue_type: i % 50 === 0 ? 'epic' : 'task',
        labels: [],
        dependencies: (depsOf.get(i) ?? []).map((to) => ({
          issue_id: id,
          depends_on_id: ids[to]!,
          type: 'blocks' as const,
          created_at: iso(i),
        })),
        created_at: iso(i),
        updated_at: iso(i),
        ...(isClosed ? { closed_at: iso(i + 1) } : {}),
      };
      lines.push(JSON.stringify(b));
    }
    writeFileSync(rp.beads, lines.join('\n') + (lines.length ? '\n' : ''));
    const pcs = Math.floor(nPolecats / nRigs) + (ri < nPolecats % nRigs ? 1 : 0);
    for (let i = 0; i < pcs; i++) {
      const name = `cat${i}`;
      const st = STATES[i % STATES.length]!;
      const s: PolecatState = {
        version: 1,
        name,
        rig,
        issue: ids[i % Math.max(1, count)] ?? `${prefix}-0000`,
        branch: `polecat/${name}`,
        worktree: join(rp.polecatsDir, name),
        session: `ov-${prefix}-${name}`,
        agent: 'scripted',
        outpost: 'local',
        state: st,
        state_source: 'activity',
        state_reason: `synthetic ${st}`,
        state_since: iso(i),
        created_at: iso(i),
        updated_at: iso(i),
      };
      writeFileSync(rp.polecatState(name), JSON.stringify(s));
    }
  });

  mkdirSync(join(root, '.beads'), { recursive: true });
  const mail: string[] = [];
  const to = ['overseer', 'mayor', ...rigs.map((r) => `${r}/witness`)];
  for (let i = 0; i < nMails; i++) {
    const m: Bead = {
      version: 1,
      id: `hq-${i.toString(36).padStart(4, '0')}`,
      title: `Synthetic message ${i}`,
      description: 'Hello from the benchmark.',
      status: rand() < 0.5 ? 'closed' : 'open',
      priority: 2,
      issue_type: 'message',
      assignee: to[i % to.length],
      sender: 'mayor',
      labels: [],
      dependencies: [],
      created_at: iso(i),
      updated_at: iso(i),
    };
    mail.push(JSON.stringify(m));
  }
  writeFileSync(p.townBeads, mail.join('\n') + (mail.length ? '\n' : ''));
  writeFileSync(p.events, '');
  return { root, rigs, issueIds };
}
