import type { ListPaneId } from '../pane-ids.js';
import { attach } from './actions.js';
import { attentionPane } from './attention.js';
import { crewPane } from './crew.js';
import type { Pane, PaneAction } from './controller.js';
import { escalationsPane } from './escalations.js';
import { eventsPane } from './events.js';
import { mailPane } from './mail.js';
import { mergePane } from './merge.js';
import { offloadPane } from './offload.js';
import { outpostsPane } from './outposts.js';
import { polecatsPane } from './polecats.js';
import { readyPane } from './ready.js';

export { PANE_IDS as PANE_ORDER, type ListPaneId, type PaneId } from '../pane-ids.js';
export * from './controller.js';

/** The list panes by id: one controller file each. */
export const PANES: Readonly<Record<ListPaneId, Pane>> = {
  attention: attentionPane,
  polecats: polecatsPane,
  merge: mergePane,
  mail: mailPane,
  escalations: escalationsPane,
  ready: readyPane,
  events: eventsPane,
  crew: crewPane,
  offload: offloadPane,
  outposts: outpostsPane,
};

/** The preview pane's actions: on the polecat it shows. */
export const PREVIEW_ACTIONS: readonly PaneAction<undefined>[] = [attach];
