import { errorMessage } from '../core/errors.js';
import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { branchChanges } from '../runtime/branch-diff.js';
import type { GitRepo } from '../runtime/git.js';
import { RefFiles } from '../runtime/ref-files.js';
import type { Runner } from '../runtime/runner.js';
import type { RigPaths } from '../town/paths.js';
import { type OracleBranch, OracleFile } from '../town/schemas/oracle.js';
import { computePairs } from './pairs.js';

/** A branch to follow: a live polecat's or a queued merge request's. */
export type Tracked = { branch: string; owner: string; issue?: string; mr?: string };

export type RefreshResult = {
  file: OracleFile;
  /** Something differs from before the refresh (branches, tips, pairs). */
  changed: boolean;
  /** git processes this refresh started (0 when no ref moved). */
  gitCalls: number;
  problems: string[];
};

const DIFF_CONCURRENCY = 4;

/**
 * The merge oracle of one rig, kept current incrementally: each refresh
 * reads the branch tips from the canonical clone's ref files (no process),
 * diffs only the branches whose tip moved (one git call each), and
 * reclassifies the pairs when anything changed. `persist` writes
 * <rig>/.runtime/oracle.json when the report changed (the daemon); readers
 * (refinery, CLI) refresh in memory, reusing what the file already knows.
 */
export class OverlapOracle {
  private readonly refs: RefFiles;
  private readonly repo: GitRepo;
  private file?: OracleFile;
  /** Branch → tip whose diff failed: not tried again until the branch moves. */
  private readonly failed = new Map<string, string>();

  constructor(
    readonly paths: RigPaths,
    readonly defaultBranch: string,
    runner: Runner,
    readonly opts: { persist?: boolean } = {},
  ) {
    this.repo = runner.git(paths.canonicalClone);
    this.refs = RefFiles.of(this.repo);
  }

  /** The last report (read from disk on first use). */
  current(): OracleFile | undefined {
    if (!this.file) {
      const r = tryReadJson(this.paths.oracleFile, OracleFile);
      if (r.ok && r.value.rig === this.paths.name) this.file = r.value;
    }
    return this.file;
  }

  async refresh(tracked: readonly Tracked[], now = Date.now()): Promise<RefreshResult> {
    const nowIso = new Date(now).toISOString();
    const prev = this.current();
    const problems: string[] = [];
    const wanted = new Map<string, Tracked>();
    for (const t of tracked) {
      const old = wanted.get(t.branch);
      wanted.set(t.branch, old ? { ...old, ...dropUndefined(t), owner: old.owner } : t);
    }
    const originRef = `refs/remotes/origin/${this.defaultBranch}`;
    const headRef = `refs/heads/${this.defaultBranch}`;
    const tips = await this.refs.tips([
      originRef,
      headRef,
      ...[...wanted.keys()].map((b) => `refs/heads/${b}`),
    ]);
    let gitCalls = this.refs.gitCalls;
    this.refs.gitCalls = 0;
    const mainRef = tips.get(originRef) ? originRef : headRef;
    const mainSha = tips.get(mainRef) ?? '';

    const branches: Record<string, OracleBranch> = {};
    const toDiff: [string, Tracked, string][] = [];
    let changed = !prev || prev.main.sha !== mainSha || prev.main.ref !== mainRef;
    for (const [branch, t] of [...wanted.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const tip = tips.get(`refs/heads/${branch}`);
      if (!tip) continue; // gone (landed and deleted) or not created yet
      const old = prev?.branches[branch];
      const meta = { owner: t.owner, ...(t.issue ? { issue: t.issue } : {}), ...(t.mr ? { mr: t.mr } : {}) };
      if (old && old.tip === tip) {
        branches[branch] = { ...old, ...meta };
        if (old.owner !== meta.owner || old.issue !== meta.issue || old.mr !== meta.mr) changed = true;
      } else if (tip === mainSha || !mainSha) {
        branches[branch] = { ...meta, tip, seen_at: nowIso, files: [] };
        changed = true;
      } else if (this.failed.get(branch) !== tip) toDiff.push([branch, t, tip]);
      else if (old) branches[branch] = old;
    }
    for (let i = 0; i < toDiff.length; i += DIFF_CONCURRENCY) {
      await Promise.all(
        toDiff.slice(i, i + DIFF_CONCURRENCY).map(async ([branch, t, tip]) => {
          gitCalls++;
          try {
            const files = await branchChanges(this.repo, mainSha, tip);
            branches[branch] = {
              owner: t.owner,
              ...(t.issue ? { issue: t.issue } : {}),
              ...(t.mr ? { mr: t.mr } : {}),
              tip,
              seen_at: nowIso,
              files,
            };
            changed = true;
          } catch (e) {
            this.failed.set(branch, tip);
            problems.push(`${branch}: ${errorMessage(e)}`);
            const old = prev?.branches[branch];
            if (old) branches[branch] = old;
          }
        }),
      );
    }
    if (prev && Object.keys(prev.branches).some((b) => !(b in branches))) changed = true;
    if (!changed && prev) return { file: prev, changed: false, gitCalls, problems };

    const pairs = computePairs(branches, prev?.pairs ?? [], nowIso);
    const keys = new Set(pairs.map((p) => p.key));
    const announced = Object.fromEntries(Object.entries(prev?.announced ?? {}).filter(([k]) => keys.has(k)));
    const file: OracleFile = {
      version: 1,
      rig: this.paths.name,
      updated_at: nowIso,
      main: { ref: mainRef, sha: mainSha },
      branches,
      pairs,
      announced,
    };
    this.file = file;
    if (this.opts.persist) await writeJsonAtomic(this.paths.oracleFile, file);
    return { file, changed: true, gitCalls, problems };
  }

  /** Record that a pair's class was announced (an event was written for it). */
  async announce(key: string, cls: string | undefined): Promise<void> {
    const file = this.current();
    if (!file) return;
    const announced = { ...file.announced };
    if (cls === undefined) delete announced[key];
    else announced[key] = cls;
    this.file = { ...file, announced };
    if (this.opts.persist) await writeJsonAtomic(this.paths.oracleFile, this.file);
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
