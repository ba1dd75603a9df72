import type { CommandModule } from '../context.js';
import { land, parseTarget } from '../../refinery/land.js';
import type { LandingPlan } from '../../refinery/land.js';
import { sanitizeLine } from '../../core/sanitize.js';

const MARK = { ok: '✓', blocked: '✗', skip: '-', todo: '·' } as const;

export function renderPlan(plan: LandingPlan): string {
  return plan.steps.map((s) => `  ${MARK[s.status]} ${sanitizeLine(s.text, 300)}`).join('\n');
}

export const landCommand: CommandModule = (program, ctx) => {
  program
    .command('land')
    .description('land a polecat branch on main directly, bypassing the merge queue')
    .argument('<rig/polecat>', 'e.g. web/nux')
    .option('--dry-run', 'print every step it would take and change nothing')
    .option('--force', 'skip the safety checks (session ended, clean work tree)')
    .option('--skip-tests', "do not run the rig's test_command")
    .option('--direct', '(accepted for compatibility: landing is always direct)')
    .action(async (target: string, o: { dryRun?: boolean; force?: boolean; skipTests?: boolean }) => {
      const { rig, polecat } = parseTarget(target);
      const r = await land(ctx.town(), rig, polecat, {
        dryRun: o.dryRun,
        force: o.force,
        skipTests: o.skipTests,
      });
      ctx.print(r, () => {
        const head = `land ${rig}/${polecat} (branch ${r.plan.branch}${r.plan.issue ? `, issue ${r.plan.issue}` : ''})`;
        if (r.dryRun) {
          const verdict = r.plan.canLand ? 'would land' : `would refuse: ${r.plan.blockers.join('; ')}`;
          return `${head}: dry run, nothing changed\n${renderPlan(r.plan)}\n${verdict}`;
        }
        const l = r.landed!;
        const branch = {
          deleted: 'branch deleted',
          'checked-out': 'branch kept while its worktree exists (the witness removes both)',
          moved: 'branch kept: it has newer commits',
          missing: 'branch already gone',
        }[l.branch];
        return `${head}: landed as ${l.sha.slice(0, 10)}${l.closedIssue ? `; closed ${l.closedIssue}` : ''}; ${branch}`;
      });
      if (r.dryRun && !r.plan.canLand) process.exitCode = 1;
    });
};
