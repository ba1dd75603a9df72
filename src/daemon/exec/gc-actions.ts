import { existsSync } from 'node:fs';
import { errorMessage } from '../../core/errors.js';
import { gcMirrors } from '../../polecats/outpost/mirror-gc.js';
import { readOutpostStatuses } from '../../town/outposts.js';
import { removePolecat } from '../../polecats/remove.js';
import { polecatRef, resolvePolecat } from '../../polecats/resolve.js';
import { townServer } from '../../runtime/town-tmux.js';
import { verifyPolecatClean } from '../../polecats/verify.js';
import { SessionNotFoundError } from '../../runtime/tmux-errors.js';
import { polecatSession } from '../../runtime/town-tmux.js';
import { deleteBranch, removeWorktree } from '../../runtime/worktree.js';
import { readPolecat } from '../../town/polecat-state.js';
import { gcVerdict, type WorktreeGitFacts } from '../gc-verdict.js';
import { updateWitnessEntry } from '../witness-state.js';
import { ACTOR, type ActionOf, type ExecContext } from './context.js';
import { polecatBranch } from '../../town/schemas/polecat.js';

/**
 * Workspace GC: checks a worktree with git before removing it, and logs a
 * refusal only when its reason changes, not every pass.
 */
export class GcActions {
  /** Last GC refusal reason per worktree. */
  private refusals = new Map<string, string>();

  /** True when this refusal is news (first time, or a different reason). */
  refuse(rig: string, polecat: string, reason: string): boolean {
    const key = `${rig}/${polecat}`;
    if (this.refusals.get(key) === reason) return false;
    this.refusals.set(key, reason);
    return true;
  }

  /** With each pass: the mirror refs of gone polecats on every outpost that answered its last probe. */
  async mirrors(cx: ExecContext): Promise<string> {
    const out: string[] = [];
    for (const st of readOutpostStatuses(cx.town.paths).filter((s) => s.reachable)) {
      const r = await gcMirrors(cx.town, st.name).catch((e: unknown) => ({ error: errorMessage(e) }));
      if ('error' in r) out.push(`${st.name}: mirror GC failed: ${r.error}`);
      else {
        const removed = r.rigs.reduce((n, x) => n + x.removed.length, 0);
        const kept = r.rigs.flatMap((x) => x.kept.filter((v) => v.why.includes('only on the outpost')));
        if (removed > 0) out.push(`${st.name}: ${removed} mirror ref(s) removed`);
        if (kept.length > 0 && this.refuse('mirror', st.name, kept.map((v) => v.branch).join(',')))
          out.push(`${st.name}: kept ${kept.map((v) => v.branch).join(', ')} (commits only there)`);
      }
    }
    return out.join('; ');
  }

  async check(cx: ExecContext, a: ActionOf<'gc-check'>, now: number): Promise<string> {
    const { town } = cx;
    const paths = town.rigPaths(a.rig);
    const state = readPolecat(paths, a.polecat);
    // A polecat on an outpost is checked there (its worktree, its session), its branch fetched back first.
    const remote = state && state.outpost !== 'local' ? polecatRef(town, state).runner : undefined;
    const runner = remote ?? cx.runner;
    const tmux = remote ? remote.tmux(townServer(town, cx.env)) : cx.tmux;
    const worktree = state?.worktree ?? paths.worktree(a.polecat);
    const branch = state?.branch ?? polecatBranch(a.polecat);
    let facts: WorktreeGitFacts;
    try {
      const v = await verifyPolecatClean(runner, town, { rig: a.rig, polecat: a.polecat, worktree, branch });
      facts = {
        exists: v.worktreeExists,
        dirty: [...v.dirty, ...v.ignored.map((f) => `!! ${f}`)],
        unsafeCommits: v.unlanded.map((c) => c.sha),
        blockers: [
          ...v.inProgress.map((op) => `a ${op} is in progress`),
          ...(v.headProblem ? [v.headProblem] : []),
        ],
      };
    } catch (e) {
      facts = {
        exists: remote ? true : existsSync(worktree),
        dirty: [],
        unsafeCommits: [],
        error: errorMessage(e),
      };
    }
    // The snapshot is from the start of the tick: make sure no session came up since.
    // A worktree without a state file is checked under the session name it would have.
    const session = state?.session ?? polecatSession(town.rig(a.rig).beads.prefix, a.polecat);
    let running: boolean;
    try {
      running =
        (await tmux.hasSession(session)) &&
        !(await tmux.paneDead(session).catch((e: unknown) => {
          if (e instanceof SessionNotFoundError) return true; // ended meanwhile
          throw e;
        }));
    } catch (e) {
      const why = `cannot ask tmux about session ${session} (${errorMessage(e)}); retrying next pass`;
      return this.refuse(a.rig, a.polecat, why) ? `refused: ${why}` : '';
    }
    if (running) {
      const why = `session ${session} is running`;
      return this.refuse(a.rig, a.polecat, why) ? `refused: ${why}` : '';
    }
    const verdict = gcVerdict(facts);
    if (!verdict.remove) {
      const why = `${verdict.reason}${remote ? ` (worktree on outpost ${remote.host})` : ''}`;
      if (!this.refuse(a.rig, a.polecat, why)) return '';
      return `refused: ${why}`;
    }
    if (state) await removePolecat(resolvePolecat(town, `${a.rig}/${a.polecat}`), { tmux, actor: ACTOR });
    else {
      const canonical = runner.git(paths.canonicalClone);
      await removeWorktree(canonical, worktree);
      await deleteBranch(canonical, branch);
    }
    await updateWitnessEntry(paths, a.polecat, () => undefined, now);
    this.refusals.delete(`${a.rig}/${a.polecat}`);
    return `removed worktree ${worktree} and ${branch}: ${verdict.reason}`;
  }
}
