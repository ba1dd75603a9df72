import { selectOffload, type OffloadRow } from '../selectors/index.js';
import { openDetail } from './actions.js';
import { col } from './column.js';
import { definePane, type PaneAction } from './controller.js';

const detail = (r: OffloadRow) => ({
  title: `offload ${r.id}`,
  lines: [
    `${r.playbook} of ${r.target} on outpost ${r.outpost}: ${r.state}`,
    ...(r.fix ? [`fix     ${r.fix}`] : []),
    '',
    ...r.cells.map(
      (t) =>
        `${t.name.padEnd(16)} ${t.state}${t.code !== undefined ? ` (exit ${t.code})` : ''}${t.duration_ms !== undefined ? ` ${(t.duration_ms / 1000).toFixed(1)}s` : ''}`,
    ),
    '',
    `refresh overseer offload status ${r.id}`,
    `open    overseer offload open ${r.id}`,
    `clean   overseer offload clean ${r.id} (refuses commits not fetched home)`,
  ],
});

/** a: the job's session (its worktree's shell, a window per task), beside the cockpit. */
const open: PaneAction<OffloadRow> = {
  command: 'action.attach',
  disabled: (r) => (r ? undefined : 'no job selected'),
  run: (ui, r) => ui.run(`open offload ${r!.id}`, () => ui.actions.openOffload(r!.id)),
};

const token = (r: OffloadRow) =>
  r.state === 'passed' ? 'status.success' : r.state === 'failed' ? 'status.error' : 'status.working';

/** Offload jobs: playbooks run on outposts, with each task's state as last seen. */
export const offloadPane = definePane<OffloadRow>({
  id: 'offload',
  title: 'Offload',
  context: 'offload',
  rows: selectOffload,
  key: (r) => r.key,
  columns: (now) => [
    col.text('job', 'PLAYBOOK', 8, (r) => r.playbook),
    col.text('target', 'TARGET', 12, (r) => r.target),
    col.text('outpost', 'HOST', 8, (r) => r.outpost),
    col.state('STATE', 7, (r) => r.state, token),
    col.age(now, 'SEEN', (r) => r.seenAt),
    col.flex('tasks', 'TASKS', (r) => r.tasks),
  ],
  filterText: (r) => `${r.id} ${r.playbook} ${r.target} ${r.outpost} ${r.state} ${r.tasks}`,
  detail,
  empty: () => 'no offload jobs: overseer offload TARGET PLAYBOOK',
  actions: [open, openDetail(detail)],
  owns: (file) => file.includes('/.runtime/offload/'),
});
