import type { ReactElement } from 'react';
import { CommandPalette, type PaletteCommand } from '../components/CommandPalette.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { ListPicker } from '../components/ListPicker.js';
import { PRIORITY, useCommands, type CommandId, type KeyContext } from '../keys/index.js';
import type { BoundAction, CockpitUi, Modal } from '../panes/controller.js';
import { DetailView } from '../panes/DetailView.js';
import { InputDialog } from '../panes/InputDialog.js';
import { spawnableIssues } from '../panes/ready.js';
import type { ReadyRow } from '../selectors/index.js';
import { priorityToken } from '../theme/index.js';
import type { Assignee } from './workflow-actions.js';

type ModalOf<K extends Modal['kind']> = Extract<Modal, { kind: K }>;

/** What every modal gets besides itself. */
export type ModalHost = {
  ui: CockpitUi;
  close: () => void;
  /** The body's size, and the width of a dialog in it. */
  width: number;
  height: number;
  dialogW: number;
  /** The context the help is about (the focused pane). */
  context: KeyContext;
  palette: { commands: readonly PaletteCommand[]; onRun: (id: string) => void };
  readyFilter: string;
  /** Help about the selected item only: its enabled commands. */
  help?: { only: ReadonlySet<CommandId>; title: string };
};

/** The keys of the item a detail view shows (its triage actions), ahead of the view's own keys. */
function ItemKeys({ actions, ui }: { actions: readonly BoundAction[]; ui: CockpitUi }) {
  const handlers: Partial<Record<CommandId, () => void>> = {};
  for (const a of actions) if (a.run) handlers[a.command] = () => a.run!(ui);
  useCommands(handlers, { priority: PRIORITY.overlay + 1 });
  return null;
}

const MARK = { ok: '✓', blocked: '✗', skip: '-', todo: '→' } as const;

/** The modals, by kind: one component each. */
const MODALS: { [K in Modal['kind']]: (m: ModalOf<K>, h: ModalHost) => ReactElement } = {
  help: (_m, h) => (
    <HelpOverlay
      context={h.context}
      width={h.width}
      height={h.height}
      onClose={h.close}
      {...(h.help ? { only: h.help.only, title: h.help.title } : {})}
    />
  ),
  palette: (_m, h) => <CommandPalette {...h.palette} onClose={h.close} width={h.width} height={h.height} />,
  detail: (m, h) => (
    <>
      {m.actions ? <ItemKeys actions={m.actions} ui={h.ui} /> : null}
      <DetailView title={m.title} lines={m.lines} width={h.width} height={h.height} onClose={h.close} />
    </>
  ),
  pickAssignee: ({ mail, issue }, h) => (
    <ListPicker<Assignee>
      title={`Reassign ${issue}: pick a preset or a tier`}
      items={h.ui.actions.assignees()}
      label={(a) => a.label}
      detail={(a) => a.model ?? ''}
      onPick={(a) => {
        h.close();
        h.ui.run(`reassign ${issue} to ${a.label}`, () => h.ui.actions.reassign(mail, a));
      }}
      onCancel={h.close}
      width={h.dialogW}
      height={h.height}
    />
  ),
  confirm: ({ plan, destructive, verb, run }, h) => {
    const lines = plan.lines.map((l) => `${MARK[l.status]} ${l.text}`);
    if (!plan.canProceed)
      return MODALS.detail(
        {
          kind: 'detail',
          title: `${plan.title}: blocked`,
          lines: [...lines, '', ...plan.blockers.map((b) => `blocked: ${b}`)],
        },
        h,
      );
    return (
      <ConfirmDialog
        title={`${plan.title}?`}
        body={lines}
        width={h.dialogW}
        destructive={destructive}
        confirmLabel={verb}
        onConfirm={() => {
          h.close();
          h.ui.run(plan.title, run);
        }}
        onCancel={() => {
          h.close();
          h.ui.say(`${plan.title}: cancelled`);
        }}
      />
    );
  },
  input: (m, h) => (
    <InputDialog
      title={m.title}
      fields={m.fields}
      width={h.dialogW}
      onCancel={() => {
        h.close();
        h.ui.say(`${m.title}: cancelled`);
      }}
      onSubmit={(v) => {
        h.close();
        const p = m.submit(v);
        if (p) h.ui.run(m.title, () => p);
      }}
    />
  ),
  pickIssue: (_m, h) => (
    <ListPicker<ReadyRow>
      title="Spawn: pick a ready issue"
      items={spawnableIssues(h.ui.snap, h.readyFilter)}
      label={(r) => `${r.id}  ${r.title}`}
      detail={(r) => `P${r.priority} ${r.type}`}
      token={(r) => priorityToken(r.priority)}
      onPick={(r) => h.ui.open({ kind: 'pickPreset', issue: r.id, rig: r.rig })}
      onCancel={h.close}
      width={h.dialogW}
      height={h.height}
      emptyText="no ready issues"
    />
  ),
  pickPreset: ({ issue, rig }, h) => {
    const presets = h.ui.actions.presets();
    const def = h.ui.actions.defaultPreset(rig);
    const ordered = [def, ...presets.filter((p) => p !== def)].filter((p) => presets.includes(p));
    return (
      <ListPicker<string>
        title={`Spawn on ${issue}: pick an agent preset`}
        items={ordered}
        label={(p) => p}
        detail={(p) => (p === def ? 'rig default' : '')}
        onPick={(p) => {
          h.close();
          h.ui.run(`spawn ${p} on ${issue}`, () => h.ui.actions.spawn(issue, p));
        }}
        onCancel={h.close}
        width={h.dialogW}
        height={h.height}
      />
    );
  },
};

export function renderModal<K extends Modal['kind']>(m: ModalOf<K>, host: ModalHost): ReactElement {
  const show: (m: ModalOf<K>, h: ModalHost) => ReactElement = MODALS[m.kind as K];
  return show(m, host);
}
