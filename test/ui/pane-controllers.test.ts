import { describe, expect, it } from 'vitest';
import type { StoreSnapshot } from '../../src/store/types.js';
import type { CockpitActions, PlanView } from '../../src/ui/app/actions.js';
import {
  appliesIn,
  buildKeymap,
  COMMAND_IDS,
  COMMANDS,
  firstKey,
  isPaneContext,
  type CommandId,
} from '../../src/ui/keys/index.js';
import { land } from '../../src/ui/panes/actions.js';
import type { CockpitUi, Modal } from '../../src/ui/panes/controller.js';
import { PANES, PREVIEW_ACTIONS, type ListPaneId } from '../../src/ui/panes/index.js';
import { polecatsPane } from '../../src/ui/panes/polecats.js';
import { readyPane } from '../../src/ui/panes/ready.js';

/** The commands bound in a pane context that belong to that pane (not the global or every-list ones). */
function ownCommands(context: string): CommandId[] {
  return COMMAND_IDS.filter((id) => (COMMANDS[id].contexts as readonly string[]).includes(context));
}

const empty: StoreSnapshot = {
  seq: 0,
  root: '/town',
  loading: false,
  townBeads: new Map(),
  events: [],
  rigs: [],
  paneActivity: new Map(),
  errors: [],
};

const actionsOf = (id: ListPaneId) =>
  PANES[id]
    .list(empty, '', 0)
    .select(-1)
    .actions.map((a) => a.command);

describe('pane controllers and the keymap agree', () => {
  it.each(Object.keys(PANES) as ListPaneId[])('%s: every action is bound in its context', (id) => {
    const context = PANES[id].context;
    for (const command of actionsOf(id)) expect(appliesIn(COMMANDS[command], context), command).toBe(true);
  });

  it.each(Object.keys(PANES).filter((id) => isPaneContext(PANES[id as ListPaneId].context)) as ListPaneId[])(
    '%s: every command the keymap binds to this pane is one of its actions',
    (id) => {
      const actions = actionsOf(id);
      for (const command of ownCommands(PANES[id].context)) expect(actions, command).toContain(command);
    },
  );

  it('the preview pane: attach, and nothing else of its own', () => {
    expect(PREVIEW_ACTIONS.map((a) => a.command)).toEqual(ownCommands('preview'));
  });

  it('hints in text follow a rebound key', () => {
    const rebound = buildKeymap({ 'action.spawn': ['S'] });
    const key = (id: CommandId) => firstKey(rebound, id);
    expect(polecatsPane.empty(key)).toBe('no polecats: press S on a ready issue to spawn one');
    const row = {
      key: 'r',
      id: 'web-1',
      rig: 'web',
      title: 'T',
      type: 'task',
      priority: 2,
      labels: [],
      created_at: '',
    };
    const detail = readyPane.controller.detail(row, empty, 0, key);
    expect(detail.lines.at(-1)).toBe('press S to spawn a polecat on it');
  });

  it('actions say why they cannot run: no polecat, no row', () => {
    const none = PANES.attention.list(empty, '', 0).select(-1).actions;
    expect(none.find((a) => a.command === 'action.nudge')).toEqual({
      command: 'action.nudge',
      why: 'the selected row is not about a polecat',
    });
    expect(none.find((a) => a.command === 'detail.open')?.why).toBe('no row selected');
  });
});

describe('the land action', () => {
  it('lands exactly the plan it showed', async () => {
    const plan: PlanView = { title: 'Land web/nux', lines: [], canProceed: true, blockers: [] };
    const calls: unknown[][] = [];
    const actions = {
      planLand: async () => plan,
      land: async (...args: unknown[]) => (calls.push(args), 'landed'),
    } as unknown as CockpitActions;
    let modal: Modal | undefined;
    const pending: Promise<unknown>[] = [];
    const ui: CockpitUi = {
      actions,
      snap: empty,
      now: 0,
      key: (id) => id,
      open: (m) => (modal = m),
      say: () => undefined,
      run: (_label, op) => void pending.push(op()),
    };
    land.run(ui, undefined, { rig: 'web', name: 'nux' });
    await Promise.all(pending);
    expect(modal).toMatchObject({ kind: 'confirm', plan, verb: 'land it', destructive: false });
    await (modal as Extract<Modal, { kind: 'confirm' }>).run();
    expect(calls).toEqual([['web', 'nux', { force: undefined, plan }]]);
  });
});
