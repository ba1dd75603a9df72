import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { writeJsonAtomic, writeJsonAtomicSync } from '../core/json-file.js';
import { withLock } from '../core/lock.js';
import { assertName, assertPrefix, defaultPrefix } from '../core/names.js';
import { nowIso } from '../core/time.js';
import { pickDefaultBranch } from './default-branch.js';
import { RigPaths } from './paths.js';
import { RigConfig } from './schemas/rig.js';
import { TOWN_PREFIX, type Town } from './town.js';

export type RigAddOptions = {
  name: string;
  source: string;
  prefix?: string;
  branch?: string;
  testCommand?: string;
  maxWorkers?: number;
  cwd?: string;
};

/** What adding a rig asks of git; the runtime's git layer provides it (the town layer runs no process). */
export interface RigGit {
  clone(source: string, dest: string, branch?: string): Promise<void>;
  currentBranch(dir: string): Promise<string>;
  revParse(dir: string, ref: string): Promise<string | undefined>;
  /** Branches of the clone's origin, HEAD left out. */
  remoteBranches(dir: string): Promise<string[]>;
  checkoutRemoteBranch(dir: string, branch: string): Promise<void>;
}

/** Is this a git URL (as opposed to a local path)? */
function looksLikeUrl(s: string): boolean {
  return /^[a-z+]+:\/\//i.test(s) || /^[\w.-]+@[\w.-]+:/.test(s);
}

/**
 * Add a rig: clone the canonical clone (mayor/rig) and the refinery's clone,
 * write config.json and empty state. Everything is built in a temporary
 * directory and renamed into place; rigs.json is updated last, under a lock.
 */
export async function addRig(town: Town, opts: RigAddOptions, git: RigGit): Promise<RigConfig> {
  const name = assertName('rig', opts.name);
  const prefix = assertPrefix(opts.prefix ?? defaultPrefix(name));
  if (opts.branch !== undefined && !/^[A-Za-z0-9._/-]{1,100}$/.test(opts.branch)) {
    throw new OverseerError('bad-branch', `invalid branch name ${JSON.stringify(opts.branch)}`);
  }
  const existing = town.rigsFile().rigs;
  if (existing[name] || existsSync(join(town.root, name))) {
    throw new OverseerError('rig-exists', `rig ${JSON.stringify(name)} already exists in ${town.root}`);
  }
  if (['mayor', 'config'].includes(name)) {
    throw new OverseerError('bad-name', `rig name ${JSON.stringify(name)} is reserved`);
  }
  if (prefix === TOWN_PREFIX)
    throw new OverseerError('bad-prefix', `beads prefix "${TOWN_PREFIX}" is reserved for town beads`);
  for (const other of Object.keys(existing)) {
    if (town.rig(other).beads.prefix === prefix) {
      throw new OverseerError(
        'prefix-taken',
        `beads prefix ${JSON.stringify(prefix)} is already used by rig ${other}; pass --prefix`,
      );
    }
  }
  let source = opts.source;
  if (!looksLikeUrl(source)) {
    source = resolve(opts.cwd ?? process.cwd(), source);
    if (!existsSync(source))
      throw new OverseerError('no-repo', `no git repository at ${source}: the path does not exist`);
  }

  mkdirSync(town.paths.tmpDir, { recursive: true });
  const tmp = mkdtempSync(join(town.paths.tmpDir, `rig-${name}-`));
  const dest = join(town.root, name);
  try {
    const p = new RigPaths(tmp, name);
    await git.clone(source, p.canonicalClone, opts.branch);
    const branch = opts.branch ?? (await workBranch(git, source, p.canonicalClone));
    if (!(await git.revParse(p.canonicalClone, branch))) {
      throw new OverseerError(
        'empty-repo',
        `${source} has no commits on a branch to work from; commit something first or pass --branch`,
      );
    }
    await git.clone(source, p.refineryClone, branch);
    const now = nowIso();
    const config = RigConfig.parse({
      type: 'rig',
      version: 1,
      name,
      git_url: source,
      default_branch: branch,
      beads: { prefix },
      max_workers: opts.maxWorkers ?? 4,
      worker_spawn_delay: 5,
      test_command: opts.testCommand ?? '',
      created_at: now,
    });
    writeJsonAtomicSync(p.config, config);
    mkdirSync(join(tmp, '.beads'), { recursive: true });
    writeFileSync(p.beads, '');
    writeJsonAtomicSync(p.witnessState, { version: 1, rig: name, updated_at: now, polecats: {} });
    writeJsonAtomicSync(p.refineryState, { version: 1, rig: name, updated_at: now });
    mkdirSync(p.polecatStateDir, { recursive: true });
    mkdirSync(p.attemptsDir, { recursive: true });
    mkdirSync(p.polecatsDir, { recursive: true });
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  try {
    await withLock(town.paths.rigsFile, async () => {
      const rigs = town.rigsFile();
      rigs.rigs[name] = { git_url: source, added_at: nowIso() };
      await writeJsonAtomic(town.paths.rigsFile, rigs);
    });
  } catch (e) {
    rmSync(dest, { recursive: true, force: true });
    throw e;
  }
  await town.events.emit({
    kind: 'rig.added',
    actor: 'overseer',
    rig: name,
    message: `rig ${name} added from ${source}`,
  });
  return town.rig(name);
}

/**
 * The branch a fresh clone works from: the origin's HEAD when it names a
 * branch with commits, else the only branch or main/master (checked out
 * here), else an error listing the branches so the operator can pass one.
 */
async function workBranch(git: RigGit, source: string, clone: string): Promise<string> {
  const head = await git.currentBranch(clone);
  const headOk = head !== 'HEAD' && (await git.revParse(clone, head)) !== undefined;
  if (headOk) return head;
  const pick = pickDefaultBranch(undefined, await git.remoteBranches(clone));
  if (pick.ok) {
    await git.checkoutRemoteBranch(clone, pick.branch);
    return pick.branch;
  }
  if (pick.reason === 'empty')
    throw new OverseerError(
      'empty-repo',
      `${source} has no commits on a branch to work from; commit something first or pass --branch`,
    );
  throw new OverseerError(
    'ambiguous-branch',
    `${source}: its HEAD names no branch with commits, and it has several branches: ${pick.branches.join(', ')}`,
    { hint: `pass the one to work from, e.g. --branch ${pick.branches[0]}` },
  );
}

export function listRigs(town: Town): { name: string; config: RigConfig }[] {
  return town.rigNames().map((name) => ({ name, config: town.rig(name) }));
}
