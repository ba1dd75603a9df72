import { errorMessage } from '../../core/errors.js';
import { runnerFor, sshRunnerFor } from '../../runtime/hosts.js';
import type { GitRepo } from '../../runtime/git.js';
import { readPolecats } from '../../town/polecat-state.js';
import type { Town } from '../../town/town.js';
import { decideMirrorRef, type MirrorRefVerdict } from './mirror-gc-decide.js';

export type MirrorGcReport = {
  outpost: string;
  rigs: { rig: string; removed: MirrorRefVerdict[]; kept: MirrorRefVerdict[]; error?: string }[];
};

const POLECAT_REFS = 'refs/heads/polecat/';

/**
 * Mirror ref GC on one outpost: the polecat branches its mirrors hold for
 * polecats that are gone. Candidates are fetched home first (one fetch per
 * mirror, into a scratch namespace of the canonical clone) so their commits
 * can be judged here against main and the town's branches; a ref is deleted
 * there only by `update-ref` with its old value (a ref that moved meanwhile
 * stays). See mirror-gc-decide.ts for what may go.
 */
export async function gcMirrors(town: Town, outpost: string): Promise<MirrorGcReport> {
  const r = sshRunnerFor(town, outpost);
  await r.conn.ensure();
  const report: MirrorGcReport = { outpost, rigs: [] };
  for (const rig of town.rigNames()) {
    try {
      const verdicts = await judgeMirror(town, rig, outpost);
      if (!verdicts) continue;
      const removed = verdicts.filter((v) => v.remove);
      if (removed.length > 0) {
        const input = removed.map((v) => `delete refs/heads/${v.branch} ${v.sha}\n`).join('');
        const del = await r.run('git', ['-C', r.layout.mirror(rig), 'update-ref', '--stdin'], { input });
        if (del.code !== 0) throw new Error(`update-ref: ${del.stderr.trim()}`);
      }
      report.rigs.push({ rig, removed, kept: verdicts.filter((v) => !v.remove) });
    } catch (e) {
      report.rigs.push({ rig, removed: [], kept: [], error: errorMessage(e) });
    }
  }
  const removed = report.rigs.flatMap((x) => x.removed.map((v) => `${x.rig}:${v.branch}`));
  if (removed.length > 0)
    await town.events.emit({
      kind: 'outpost.mirror-gc',
      actor: 'overseer',
      message: `outpost ${outpost}: removed ${removed.length} mirror ref(s) of gone polecats (${removed.join(', ')})`,
      data: { outpost, removed },
    });
  return report;
}

/** The verdict on each polecat branch of the rig's mirror there; undefined when it has no mirror. */
async function judgeMirror(
  town: Town,
  rig: string,
  outpost: string,
): Promise<MirrorRefVerdict[] | undefined> {
  const r = sshRunnerFor(town, outpost);
  const mirror = r.git(r.layout.mirror(rig));
  const list = await mirror.run(['for-each-ref', '--format=%(refname) %(objectname)', POLECAT_REFS]);
  if (list.code !== 0) return undefined;
  const refs = list.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [ref, sha] = l.split(' ') as [string, string];
      return { branch: ref.slice('refs/heads/'.length), sha };
    });
  if (refs.length === 0) return [];
  await mirror.run(['worktree', 'prune']);
  const wt = await mirror.ok(['worktree', 'list', '--porcelain'], `list the worktrees of ${mirror.dir}`);
  const checkedOut = new Set(
    wt
      .split('\n')
      .filter((l) => l.startsWith('branch refs/heads/'))
      .map((l) => l.slice('branch refs/heads/'.length)),
  );
  const paths = town.rigPaths(rig);
  const live = new Set(readPolecats(paths).polecats.map((p) => p.branch));
  const canonical = runnerFor(town).git(paths.canonicalClone);
  const scratch = (b: string) => `refs/overseer/mirror-gc/${outpost}/${b}`;
  const candidates = refs.filter((x) => !live.has(x.branch) && !checkedOut.has(x.branch));
  let fetched = false;
  if (candidates.length > 0) {
    const f = await canonical.run(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        r.gitUrl(mirror.dir),
        ...candidates.map((c) => `+refs/heads/${c.branch}:${scratch(c.branch)}`),
      ],
      await r.gitSshEnv(),
    );
    fetched = f.code === 0;
  }
  const main = town.rig(rig).default_branch;
  const out: MirrorRefVerdict[] = [];
  try {
    for (const x of refs) {
      const judged = fetched && candidates.includes(x);
      out.push(
        decideMirrorRef({
          ...x,
          live: live.has(x.branch),
          checkedOut: checkedOut.has(x.branch),
          fetched: judged,
          onMain: judged && (await onMain(canonical, main, x.sha)),
          ...(judged ? await heldBy(canonical, x.sha) : {}),
        }),
      );
    }
  } finally {
    for (const c of candidates) await canonical.run(['update-ref', '-d', scratch(c.branch)]);
  }
  return out;
}

/** Every commit of `sha` is on main here (or origin's), as itself or as an equivalent patch (a rebased landing). */
async function onMain(canonical: GitRepo, main: string, sha: string): Promise<boolean> {
  for (const base of [`refs/heads/${main}`, `refs/remotes/origin/${main}`]) {
    if (!(await canonical.tryRev(base))) continue;
    const cherry = await canonical.run(['cherry', base, sha]);
    if (cherry.code === 0 && !cherry.stdout.split('\n').some((l) => l.startsWith('+'))) return true;
  }
  return false;
}

/** A branch (or remote-tracking branch, or tag) of the canonical clone holding `sha`. */
async function heldBy(canonical: GitRepo, sha: string): Promise<{ heldBy?: string }> {
  const r = await canonical.run([
    'for-each-ref',
    '--contains',
    sha,
    '--format=%(refname)',
    'refs/heads',
    'refs/remotes',
    'refs/tags',
  ]);
  const first = r.code === 0 ? r.stdout.split('\n').find(Boolean) : undefined;
  return first ? { heldBy: first } : {};
}
