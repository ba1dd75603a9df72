import type { CommandModule } from '../context.js';
import { table } from '../format.js';
import { formatAge } from '../../core/time.js';
import { currentOverlaps } from '../../oracle/report.js';
import { blockOnOverlap, nudgeAboutOverlap } from '../../oracle/steer.js';

export const overlapsCommand: CommandModule = (program, ctx) => {
  const cmd = program
    .command('overlaps')
    .description('the merge oracle: live branches that change the same files, and how (nudge, block)')
    .option('--rig <rig>', 'only this rig')
    .action(async (o: { rig?: string }) => {
      const rigs = await currentOverlaps(ctx.town(), o.rig);
      const now = Date.now();
      const rows = rigs.flatMap((r) => r.pairs.map((p) => ({ rig: r.rig, ...p })));
      ctx.print(
        rigs.map(({ report: _r, ...rest }) => rest),
        () => {
          const followed = rigs.map((r) => `${r.rig}: ${r.branches} live branch(es)`).join(', ');
          if (rows.length === 0) return `no overlapping branches (${followed || 'no rigs'})`;
          return table(
            ['RIG', 'CLASS', 'A', 'B', 'FOR', 'WHAT'],
            rows.map((p) => [
              p.rig,
              p.class,
              p.owners[0],
              p.owners[1],
              formatAge(now - Date.parse(p.since)),
              p.summary,
            ]),
          );
        },
      );
    });
  cmd
    .command('nudge')
    .description('mail POLECAT what the branches it overlaps change, and nudge it to read it')
    .argument('<polecat>', 'NAME or RIG/NAME (usually the later of the two)')
    .option('--with <other>', 'only the overlap with this polecat')
    .action(async (polecat: string, o: { with?: string }) => {
      const r = await nudgeAboutOverlap(ctx.town(), polecat, o.with);
      ctx.print(
        r,
        () =>
          `told ${r.polecat} about ${r.others.join(', ')} (mail ${r.mail}); nudge ${r.delivered ? 'delivered' : `NOT delivered: ${r.detail}`}`,
      );
    });
  cmd
    .command('block')
    .description("make POLECAT's issue wait for the landing of the issues it overlaps (a blocks dependency)")
    .argument('<polecat>', 'NAME or RIG/NAME')
    .option('--with <other>', 'only the overlap with this polecat')
    .action(async (polecat: string, o: { with?: string }) => {
      const r = await blockOnOverlap(ctx.town(), polecat, o.with);
      ctx.print(r, () => `${r.polecat} now waits for ${r.waitsFor.join(', ')} to land`);
    });
};
