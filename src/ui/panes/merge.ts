import { polecatOfAddress } from '../../town/schemas/polecat.js';
import { selectMergeQueue, type MergeRow } from '../selectors/index.js';
import { mrToken } from '../theme/index.js';
import { land, openDetail } from './actions.js';
import { age, col } from './column.js';
import { definePane } from './controller.js';

export const mergeDetail = (r: MergeRow, _s: unknown, now: number) => ({
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
});

/** The merge queue: requests by state, the one being processed marked. */
export const mergePane = definePane<MergeRow>({
  id: 'merge',
  title: 'Merge queue',
  context: 'merge',
  rows: selectMergeQueue,
  key: (r) => r.key,
  columns: (now) => [
    col.text('id', 'MR', 10, (r) => r.id),
    col.state(
      'STATE',
      8,
      (r) => (r.current ? `${r.state}*` : r.state),
      (r) => mrToken(r.state),
    ),
    col.text('worker', 'WORKER', 10, (r) => r.worker),
    col.age(now, 'AGE', (r) => r.since),
    col.flex('title', 'TITLE / REASON', (r) => (r.state === 'queued' ? r.title : r.reason || r.title)),
  ],
  filterText: (r) => `${r.id} ${r.state} ${r.worker} ${r.branch} ${r.title} ${r.reason}`,
  detail: mergeDetail,
  empty: () => 'the merge queue is empty',
  target: (r) => {
    const name = polecatOfAddress(r.worker);
    return name ? { rig: r.rig, name } : undefined;
  },
  actions: [land, openDetail(mergeDetail)],
});
