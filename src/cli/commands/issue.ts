import type { CommandModule } from '../context.js';
import { collect, intOption, table } from '../format.js';
import { sanitize } from '../../core/sanitize.js';
import {
  addDependency,
  closeIssue,
  createIssue,
  getIssue,
  listIssues,
  readyIssues,
  updateIssue,
} from '../../town/issues.js';
import type { Bead, DepType, IssueType } from '../../town/schemas/bead.js';
import { addBeadsCommands } from './issue-beads.js';

export function describeIssue(b: Bead): string {
  const lines = [
    `${b.id}  ${sanitize(b.title)}`,
    `type ${sanitize(b.issue_type)}  status ${sanitize(b.status)}  priority P${b.priority}${b.assignee ? `  assignee ${sanitize(b.assignee)}` : ''}`,
  ];
  if (b.labels.length) lines.push(`labels ${b.labels.map(sanitize).join(', ')}`);
  for (const d of b.dependencies) lines.push(`depends on ${sanitize(d.depends_on_id)} (${sanitize(d.type)})`);
  if (b.mr)
    lines.push(`merge request ${b.mr.state}: ${b.mr.branch} for ${b.mr.source_issue} by ${b.mr.worker}`);
  lines.push(
    `created ${b.created_at}  updated ${b.updated_at}${b.closed_at ? `  closed ${b.closed_at}` : ''}`,
  );
  if (b.close_reason) lines.push(`close reason: ${sanitize(b.close_reason)}`);
  if (b.description) lines.push('', sanitize(b.description));
  for (const c of b.comments ?? [])
    lines.push('', `comment by ${sanitize(c.author ?? '?')} at ${c.created_at ?? '?'}:`, sanitize(c.text));
  return lines.join('\n');
}

const issueRows = (list: (Bead & { rig: string })[]) =>
  table(
    ['ID', 'RIG', 'TYPE', 'P', 'STATUS', 'ASSIGNEE', 'TITLE'],
    list.map((b) => [b.id, b.rig, b.issue_type, b.priority, b.status, b.assignee ?? '', b.title]),
  );

export const issueCommand: CommandModule = (program, ctx) => {
  const issue = program.command('issue').description('create, list, show, update and close issues (beads)');
  issue
    .command('create')
    .description('create an issue in a rig')
    .argument('<rig>', 'rig name')
    .requiredOption('--title <title>', 'one-line title')
    .option('--description <text>', 'what to do', '')
    .option('--type <type>', 'task, bug, feature, epic or chore', 'task')
    .option('--priority <n>', '0 (highest) to 4', intOption('--priority'), 2)
    .option('--parent <id>', 'parent epic (parent-child dependency)')
    .option('--label <label>', 'label (repeatable)', collect, [])
    .action(
      async (
        rig: string,
        o: {
          title: string;
          description: string;
          type: string;
          priority: number;
          parent?: string;
          label: string[];
        },
      ) => {
        const b = await createIssue(ctx.town(), rig, {
          title: o.title,
          description: o.description,
          type: o.type as IssueType,
          priority: o.priority,
          parent: o.parent,
          labels: o.label,
        });
        ctx.print(b, () => `created ${b.id}: ${sanitize(b.title)}`);
      },
    );
  issue
    .command('list')
    .description('list issues')
    .option('--rig <rig>', 'only this rig')
    .option('--status <status>', 'only this status (any bd status: open, in_progress, closed, hooked, ...)')
    .option('--type <type>', 'only this type')
    .action((o: { rig?: string; status?: string; type?: string }) => {
      const list = listIssues(ctx.town(), o);
      ctx.print(list, () => issueRows(list) || 'no issues');
    });
  issue
    .command('show')
    .description('show one issue')
    .argument('<id>')
    .action((id: string) => {
      const b = getIssue(ctx.town(), id);
      ctx.print(b, () => describeIssue(b));
    });
  issue
    .command('update')
    .description('change fields of an issue')
    .argument('<id>')
    .option('--title <title>')
    .option('--description <text>')
    .option('--status <status>', 'open, in_progress, blocked, deferred, closed, pinned or hooked')
    .option('--priority <n>', '0-4', intOption('--priority'))
    .option('--type <type>')
    .option('--assignee <who>', 'assignee ("" to clear)')
    .option('--add-label <label>', 'add a label (repeatable)', collect, [])
    .option('--remove-label <label>', 'remove a label (repeatable)', collect, [])
    .action(
      async (
        id: string,
        o: {
          title?: string;
          description?: string;
          status?: string;
          priority?: number;
          type?: string;
          assignee?: string;
          addLabel: string[];
          removeLabel: string[];
        },
      ) => {
        const b = await updateIssue(ctx.town(), id, {
          title: o.title,
          description: o.description,
          status: o.status,
          priority: o.priority,
          type: o.type,
          assignee: o.assignee === undefined ? undefined : o.assignee === '' ? null : o.assignee,
          addLabels: o.addLabel,
          removeLabels: o.removeLabel,
        });
        ctx.print(b, () => `updated ${b.id}`);
      },
    );
  issue
    .command('close')
    .description('close an issue')
    .argument('<id>')
    .option('--reason <reason>', 'why it is closed')
    .action(async (id: string, o: { reason?: string }) => {
      const b = await closeIssue(ctx.town(), id, o.reason);
      ctx.print(b, () => `closed ${b.id}`);
    });
  addBeadsCommands(issue, ctx);
  const dep = issue.command('dep').description('dependencies between issues');
  dep
    .command('add')
    .description('ID depends on DEPENDS_ON')
    .argument('<id>')
    .argument('<depends-on>')
    .option('--type <type>', 'blocks, parent-child, related or discovered-from', 'blocks')
    .action(async (id: string, on: string, o: { type: string }) => {
      const b = await addDependency(ctx.town(), id, on, o.type as DepType);
      ctx.print(b, () => `${id} now depends on ${on} (${o.type})`);
    });

  program
    .command('ready')
    .description('ready work: open, unblocked issues by priority then age')
    .option('--rig <rig>', 'only this rig')
    .action((o: { rig?: string }) => {
      const list = readyIssues(ctx.town(), o.rig);
      ctx.print(list, () => issueRows(list) || 'no ready work');
    });
};
