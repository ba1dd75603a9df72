import { selectEvents, type EventRow } from '../selectors/index.js';
import { openDetail } from './actions.js';
import { col } from './column.js';
import { definePane } from './controller.js';

const detail = (r: EventRow) => ({
  title: r.kind,
  lines: [`by ${r.actor}${r.rig ? ` in ${r.rig}` : ''} at ${new Date(r.ts).toISOString()}`, '', r.message],
});

/** The town's activity log, newest last. */
export const eventsPane = definePane<EventRow>({
  id: 'events',
  title: 'Events',
  context: 'pane',
  rows: selectEvents,
  key: (r) => r.key,
  columns: (now) => [
    col.age(now, 'AGO', (r) => r.ts),
    col.text(
      'kind',
      'KIND',
      16,
      (r) => r.kind,
      () => 'text.secondary',
    ),
    col.flex('msg', 'MESSAGE', (r) => r.message),
  ],
  filterText: (r) => `${r.kind} ${r.actor} ${r.rig} ${r.message}`,
  detail,
  empty: () => 'no events yet',
  actions: [openDetail(detail)],
});
