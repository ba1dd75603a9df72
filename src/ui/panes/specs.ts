import { formatAge } from '../../core/time.js';
import type { StoreSnapshot } from '../../store/types.js';
import type { Column } from '../components/Table.js';
import type { PaneContext } from '../keys/commands.js';
import { issueDetailLines } from '../selectors/issue-detail.js';
import { mrToken, priorityToken, statusToken, type ThemeToken } from '../theme/index.js';
import {
  selectAttention,
  selectEscalations,
  selectEvents,
  selectMail,
  selectMergeQueue,
  selectPolecats,
  selectReady,
  type AttentionRow,
  type EscalationRow,
  type EventRow,
  type MailRow,
  type MergeRow,
  type PolecatRow,
  type ReadyRow,
} from '../selectors/index.js';

/**
 * What each list pane shows: its rows (from a memoized selector), columns,
 * the text a filter matches, and the lines of its detail view. Pure data:
 * the generic ListPane draws any of them.
 */
export type ListPaneId = 'attention' | 'polecats' | 'merge' | 'mail' | 'escalations' | 'ready' | 'events';
export type PaneId = ListPaneId | 'preview';

export type PaneSpec<T> = {
  id: ListPaneId;
  title: string;
  /** Key context for help and footer (events has no actions of its own: plain 'pane'). */
  context: PaneContext | 'pane';
  rows: (snap: StoreSnapshot) => readonly T[];
  key: (row: T) => string;
  columns: (now: number) => readonly Column<T>[];
  filterText: (row: T) => string;
  detail: (row: T, snap: StoreSnapshot, now: number) => { title: string; lines: string[] };
  empty: string;
};

const age = (now: number, t: number | undefined) =>
  t === undefined || Number.isNaN(t) ? '-' : formatAge(now - t);
const tok = (t: ThemeToken) => () => t;

const attention: PaneSpec<AttentionRow> = {
  id: 'attention',
  title: 'Attention',
  context: 'attention',
  rows: selectAttention,
  key: (r) => r.key,
  columns: (now) => [
    {
      id: 'kind',
      header: 'WHAT',
      width: 9,
      value: (r) => r.kind,
      token: (r) =>
        r.kind === 'escalated'
          ? 'status.warning'
          : statusToken(r.kind === 'conflict' || r.kind === 'failed' ? 'error' : r.kind),
    },
    { id: 'who', header: 'WHO', width: 16, value: (r) => (r.polecat ? `${r.rig}/${r.polecat}` : r.subject) },
    { id: 'age', header: 'WAIT', width: 5, align: 'right', value: (r) => age(now, r.since) },
    { id: 'reason', header: 'REASON', flex: 1, value: (r) => r.reason },
  ],
  filterText: (r) => `${r.kind} ${r.rig} ${r.subject} ${r.issue ?? ''} ${r.reason}`,
  detail: (r, _s, now) => ({
    title: `${r.kind}: ${r.rig}/${r.subject}`,
    lines: [`waiting ${age(now, r.since)}`, `issue: ${r.issue ?? '-'}`, '', r.reason],
  }),
  empty: 'nobody needs you right now',
};

const polecats: PaneSpec<PolecatRow> = {
  id: 'polecats',
  title: 'Polecats',
  context: 'polecats',
  rows: selectPolecats,
  key: (r) => r.key,
  columns: (now) => [
    { id: 'name', header: 'NAME', width: 10, value: (r) => r.name },
    { id: 'rig', header: 'RIG', width: 8, value: (r) => r.rig },
    { id: 'issue', header: 'ISSUE', width: 10, value: (r) => r.issue },
    { id: 'state', header: 'STATE', width: 8, value: (r) => r.state, token: (r) => statusToken(r.state) },
    { id: 'age', header: 'AGE', width: 4, align: 'right', value: (r) => age(now, r.since) },
    { id: 'act', header: 'LAST', width: 4, align: 'right', value: (r) => age(now, r.lastActivity) },
    { id: 'tier', header: 'T', width: 2, value: (r) => (r.tier === undefined ? '-' : String(r.tier)) },
    { id: 'reason', header: 'REASON', flex: 1, value: (r) => r.reason },
  ],
  filterText: (r) => `${r.name} ${r.rig} ${r.issue} ${r.state} ${r.reason} ${r.issueTitle}`,
  detail: (r, _s, now) => ({
    title: `${r.rig}/${r.name} — ${r.state}`,
    lines: [
      `issue    ${r.issue}  ${r.issueTitle}`,
      `state    ${r.state} for ${age(now, r.since)}: ${r.reason}`,
      `activity ${r.lastActivity ? `${age(now, r.lastActivity)} ago` : 'none seen'}`,
      `agent    ${r.agent}${r.model ? ` (${r.model})` : ''}${r.tier !== undefined ? `, tier ${r.tier}` : ''}`,
      `branch   ${r.branch}`,
      `session  ${r.session}`,
    ],
  }),
  empty: 'no polecats: press s on a ready issue to spawn one',
};

const merge: PaneSpec<MergeRow> = {
  id: 'merge',
  title: 'Merge queue',
  context: 'merge',
  rows: selectMergeQueue,
  key: (r) => r.key,
  columns: (now) => [
    { id: 'id', header: 'MR', width: 10, value: (r) => r.id },
    {
      id: 'state',
      header: 'STATE',
      width: 8,
      value: (r) => (r.current ? `${r.state}*` : r.state),
      token: (r) => mrToken(r.state),
    },
    { id: 'worker', header: 'WORKER', width: 10, value: (r) => r.worker },
    { id: 'age', header: 'AGE', width: 4, align: 'right', value: (r) => age(now, r.since) },
    {
      id: 'title',
      header: 'TITLE / REASON',
      flex: 1,
      value: (r) => (r.state === 'queued' ? r.title : r.reason || r.title),
    },
  ],
  filterText: (r) => `${r.id} ${r.state} ${r.worker} ${r.branch} ${r.title} ${r.reason}`,
  detail: (r, _s, now) => ({
    title: `${r.id} ${r.state} (${r.rig})`,
    lines: [
      `branch  ${r.branch}`,
      `worker  ${r.worker}`,
      `issue   ${r.sourceIssue}  ${r.title}`,
      `since   ${age(now, r.since)}: ${r.reason}`,
      ...(r.conflictPaths.length
        ? ['', `conflicting paths (${r.conflictPaths.length}):`, ...r.conflictPaths.map((p) => `  ${p}`)]
        : []),
      ...(r.testOutput.length ? ['', 'test output (tail):', ...r.testOutput.map((l) => `  ${l}`)] : []),
    ],
  }),
  empty: 'the merge queue is empty',
};

const mail: PaneSpec<MailRow> = {
  id: 'mail',
  title: 'Mail',
  context: 'mail',
  rows: selectMail,
  key: (r) => r.key,
  columns: (now) => [
    {
      id: 'new',
      header: ' ',
      width: 1,
      value: (r) => (r.unread ? '●' : ' '),
      token: (r) => (r.unread ? 'mail.unread' : 'mail.read'),
    },
    { id: 'to', header: 'TO', width: 8, value: (r) => r.to },
    { id: 'from', header: 'FROM', width: 12, value: (r) => r.from },
    { id: 'age', header: 'AGE', width: 4, align: 'right', value: (r) => age(now, Date.parse(r.created_at)) },
    {
      id: 'subject',
      header: 'SUBJECT',
      flex: 1,
      value: (r) => r.subject,
      token: (r) => (r.unread ? 'mail.unread' : 'mail.read'),
    },
  ],
  filterText: (r) => `${r.to} ${r.from} ${r.subject} ${r.body}`,
  detail: (r) => ({
    title: r.subject,
    lines: [
      `from ${r.from} to ${r.to}, ${r.created_at}${r.replyTo ? `, in reply to ${r.replyTo}` : ''}`,
      '',
      ...r.body.split('\n'),
    ],
  }),
  empty: 'no mail for the overseer or the mayor',
};

const escalations: PaneSpec<EscalationRow> = {
  id: 'escalations',
  title: 'Escalations',
  context: 'escalations',
  rows: selectEscalations,
  key: (r) => r.key,
  columns: () => [
    { id: 'issue', header: 'ISSUE', width: 10, value: (r) => r.issue },
    {
      id: 'verdict',
      header: 'LAST',
      width: 8,
      value: (r) => r.verdict,
      token: (r) =>
        r.verdict === 'accept'
          ? 'status.success'
          : r.verdict === 'running'
            ? 'status.working'
            : 'status.error',
    },
    { id: 'trail', header: 'TRAIL', flex: 1, value: (r) => r.trail },
  ],
  filterText: (r) => `${r.issue} ${r.title} ${r.trail} ${r.steps.map((s) => s.feedback).join(' ')}`,
  detail: (r) => ({
    title: `${r.issue} ${r.title}`,
    lines: r.steps.flatMap((s) => [
      `#${s.attempt} tier ${s.tier} ${s.tierName} (${s.preset}${s.model ? `/${s.model}` : ''})${s.polecat ? ` by ${s.polecat}` : ''}: ${s.verdict}${s.durationMs ? ` in ${formatAge(s.durationMs)}` : ''}`,
      ...(s.feedback ? [`   ${s.feedback}`] : []),
    ]),
  }),
  empty: 'no attempts recorded',
};

const ready: PaneSpec<ReadyRow> = {
  id: 'ready',
  title: 'Ready issues',
  context: 'ready',
  rows: selectReady,
  key: (r) => r.key,
  columns: () => [
    { id: 'id', header: 'ISSUE', width: 10, value: (r) => r.id },
    {
      id: 'p',
      header: 'P',
      width: 2,
      value: (r) => `P${r.priority}`,
      token: (r) => priorityToken(r.priority),
    },
    { id: 'type', header: 'TYPE', width: 7, value: (r) => r.type },
    { id: 'title', header: 'TITLE', flex: 1, value: (r) => r.title },
  ],
  filterText: (r) => `${r.id} ${r.rig} ${r.type} ${r.title} ${r.labels.join(' ')}`,
  detail: (r, snap) => {
    const issues = snap.rigs.find((g) => g.name === r.rig)?.issues;
    const bead = issues?.get(r.id);
    return {
      title: `${r.id} ${r.title}`,
      lines: [
        `rig ${r.rig}`,
        ...(bead && issues ? issueDetailLines(bead, issues) : [`${r.type}, priority ${r.priority}`]),
        '',
        'press s to spawn a polecat on it',
      ],
    };
  },
  empty: 'no ready work',
};

const events: PaneSpec<EventRow> = {
  id: 'events',
  title: 'Events',
  context: 'pane',
  rows: selectEvents,
  key: (r) => r.key,
  columns: (now) => [
    { id: 'age', header: 'AGO', width: 4, align: 'right', value: (r) => age(now, r.ts) },
    { id: 'kind', header: 'KIND', width: 16, value: (r) => r.kind, token: tok('text.secondary') },
    { id: 'msg', header: 'MESSAGE', flex: 1, value: (r) => r.message },
  ],
  filterText: (r) => `${r.kind} ${r.actor} ${r.rig} ${r.message}`,
  detail: (r) => ({
    title: r.kind,
    lines: [`by ${r.actor}${r.rig ? ` in ${r.rig}` : ''} at ${new Date(r.ts).toISOString()}`, '', r.message],
  }),
  empty: 'no events yet',
};

export const LIST_SPECS = { attention, polecats, merge, mail, escalations, ready, events } as const;

/** Pane order: the digits 1–8 jump to them. */
export const PANE_ORDER: readonly PaneId[] = [
  'attention',
  'polecats',
  'merge',
  'mail',
  'escalations',
  'ready',
  'events',
  'preview',
];

export function specOf(id: ListPaneId): PaneSpec<unknown> {
  return LIST_SPECS[id] as unknown as PaneSpec<unknown>;
}
