import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { OverseerError } from '../core/errors.js';
import { assertName } from '../core/names.js';
import { sanitizeLine } from '../core/sanitize.js';
import { fetchPrune, stashes, unpushedCommits } from '../runtime/clone-status.js';
import type { GitRepo } from '../runtime/git.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import { townServer, tmuxCall, townSocketName } from '../runtime/town-tmux.js';
import { attach, type AttachResult } from '../runtime/attach.js';
import { loadAgentsConfig } from '../agents/presets.js';
import { dirtyFiles, excludeInRepo, ignoredFiles, operationsInProgress } from '../runtime/worktree.js';
import type { Town } from '../town/town.js';
import { precious } from './ignored-files.js';

/**
 * Crew workspaces: full clones at RIG/crew/NAME for the overseer's own
 * hands-on work, beside the polecats. They share the rig's beads: the clone
 * carries `.beads/redirect` (bd's convention) pointing at RIG/.beads, and
 * `overseer` run inside finds the town by walking up. `crew rm` refuses while
 * the clone holds anything its remotes do not.
 */
/** The file crew add writes (and excludes) so bd finds the rig's beads. */
const BEADS_REDIRECT = '.beads/redirect';

export type CrewInfo = { rig: string; name: string; path: string; branch: string; session: string };

/** The tmux session of a crew workspace's shell (on the town's server). */
export function crewSession(prefix: string, name: string): string {
  return `ovc-${prefix}-${name}`;
}

function target(town: Town, rig: string, name: string) {
  const config = town.rig(rig);
  assertName('crew', name);
  const paths = town.rigPaths(rig);
  return { config, paths, path: paths.crew(name), session: crewSession(config.beads.prefix, name) };
}

export async function addCrew(town: Town, runner: Runner, rig: string, name: string): Promise<CrewInfo> {
  const { config, paths, path, session } = target(town, rig, name);
  if (existsSync(path))
    throw new OverseerError('crew-exists', `crew workspace ${rig}/${name} already exists at ${path}`);
  mkdirSync(paths.crewDir, { recursive: true });
  // Cloned beside its final place and renamed in: a failed clone leaves nothing behind.
  const tmp = mkdtempSync(join(paths.crewDir, `.adding-${name}-`));
  const dest = join(tmp, 'clone');
  try {
    await runner.git(paths.crewDir).clone(config.git_url, dest, config.default_branch);
    mkdirSync(join(dest, '.beads'), { recursive: true });
    writeFileSync(join(dest, BEADS_REDIRECT), relative(path, join(paths.root, '.beads')) + '\n');
    await excludeInRepo(runner.git(dest), `/${BEADS_REDIRECT}`);
    renameSync(dest, path);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  await town.events.emit({
    kind: 'crew.added',
    actor: 'overseer',
    rig,
    subject: `${rig}/crew/${name}`,
    message: `crew workspace ${name} cloned from ${config.git_url} (${config.default_branch}) at ${path}`,
  });
  return { rig, name, path, branch: config.default_branch, session };
}

/** Crew workspace names of a rig (directories under RIG/crew, dot names left out). */
export function crewNames(town: Town, rig: string): string[] {
  try {
    return readdirSync(town.rigPaths(rig).crewDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

export type CrewStatus = CrewInfo & { dirty: number; unpushed: number; stashes: number; problem?: string };

export async function listCrew(town: Town, runner: Runner, rig?: string): Promise<CrewStatus[]> {
  const rigs = rig ? [town.rig(rig).name] : town.rigNames();
  const out: CrewStatus[] = [];
  for (const r of rigs)
    for (const name of crewNames(town, r)) {
      const { path, session } = target(town, r, name);
      const repo = runner.git(path);
      try {
        const [branch, dirty, unpushed, st] = await Promise.all([
          repo.currentBranch(),
          dirtyFiles(repo),
          unpushedCommits(repo),
          stashes(repo),
        ]);
        out.push({
          rig: r,
          name,
          path,
          branch,
          session,
          dirty: dirty.length,
          unpushed: unpushed.length,
          stashes: st.length,
        });
      } catch (e) {
        const problem = sanitizeLine(e instanceof Error ? e.message : String(e), 200);
        out.push({ rig: r, name, path, branch: '?', session, dirty: 0, unpushed: 0, stashes: 0, problem });
      }
    }
  return out;
}

/** Everything removing the clone would lose; [] when its remotes hold it all. */
export async function crewLosses(repo: GitRepo): Promise<string[]> {
  const reachable = await fetchPrune(repo);
  const [dirty, ignored, unpushed, st, ops] = await Promise.all([
    dirtyFiles(repo),
    ignoredFiles(repo),
    unpushedCommits(repo),
    stashes(repo),
    operationsInProgress(repo),
  ]);
  return [
    ...dirty.map((d) => `uncommitted: ${d}`),
    ...precious(ignored)
      .filter((f) => f !== BEADS_REDIRECT)
      .map((f) => `ignored file that may be work: ${f}`),
    ...unpushed.map((c) => `unpushed commit ${c.sha.slice(0, 12)} ${c.subject}`),
    ...st.map((s) => `stash ${s}`),
    ...ops.map((o) => `${o} in progress`),
    ...(unpushed.length > 0 && !reachable ? ['(origin did not answer: pushed work may look unpushed)'] : []),
  ];
}

export async function removeCrew(
  town: Town,
  runner: Runner,
  rig: string,
  name: string,
  opts: { tmux?: Tmux } = {},
): Promise<{ path: string }> {
  const { path, session } = target(town, rig, name);
  if (!existsSync(path))
    throw new OverseerError('unknown-crew', `no crew workspace ${rig}/${name} (${path})`);
  const refuse = (losses: string[], after: string) =>
    new OverseerError(
      'would-lose-work',
      `refusing to remove crew workspace ${rig}/${name}; this would be lost:\n${losses.map((l) => `  ${sanitizeLine(l, 200)}`).join('\n')}`,
      { hint: `commit and push it from ${path}, or drop it yourself; ${after}` },
    );
  const repo = runner.git(path);
  const first = await crewLosses(repo);
  if (first.length > 0) throw refuse(first, 'nothing was removed');
  const tmux = opts.tmux ?? runner.tmux(townServer(town));
  if (await tmuxCall(() => tmux.hasSession(session))) await tmuxCall(() => tmux.killSession(session));
  const again = await crewLosses(repo);
  if (again.length > 0) throw refuse(again, `its shell session ${session} was ended; the clone was kept`);
  rmSync(path, { recursive: true, force: true });
  await town.events.emit({
    kind: 'crew.removed',
    actor: 'overseer',
    rig,
    subject: `${rig}/crew/${name}`,
    message: `crew workspace ${name} removed: everything in it was pushed`,
  });
  return { path };
}

/** The crew workspace's shell session on the town's tmux server, started if it is not running. */
export async function ensureCrewShell(
  town: Town,
  runner: Runner,
  rig: string,
  name: string,
  opts: { tmux?: Tmux; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const { path, session } = target(town, rig, name);
  if (!existsSync(path))
    throw new OverseerError('unknown-crew', `no crew workspace ${rig}/${name} (${path})`);
  const env = opts.env ?? process.env;
  const tmux = opts.tmux ?? runner.tmux(townServer(town, env));
  // A shell that exited leaves a dead pane (remain-on-exit): start a fresh one.
  if ((await tmuxCall(() => tmux.hasSession(session))) && (await tmux.paneDead(session).catch(() => true)))
    await tmux.killSession(session).catch(() => undefined);
  if (!(await tmuxCall(() => tmux.hasSession(session)))) {
    const shell = env.SHELL && env.SHELL.startsWith('/') ? env.SHELL : '/bin/sh';
    await tmuxCall(() =>
      tmux.newSession({
        name: session,
        cwd: path,
        command: [shell],
        env: { OVERSEER_TOWN: town.root, OVERSEER_RIG: rig },
      }),
    );
  }
  return session;
}

/** Open the crew workspace's shell: beside this pane inside tmux, else in this terminal until detach. */
export async function attachCrew(
  town: Town,
  runner: Runner,
  rig: string,
  name: string,
  opts: { mode?: 'split' | 'window'; tmux?: Tmux } = {},
): Promise<AttachResult> {
  const session = await ensureCrewShell(town, runner, rig, name, { tmux: opts.tmux });
  const mode = opts.mode ?? loadAgentsConfig(town.paths.configDir).attach;
  return tmuxCall(() => attach(runner, { socket: townSocketName(town), session, mode }));
}
