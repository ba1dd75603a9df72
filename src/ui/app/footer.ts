import type { CommandId, KeyContext } from '../keys/index.js';
import type { BoundAction, Modal } from '../panes/controller.js';

type ModalOf<K extends Modal['kind']> = Extract<Modal, { kind: K }>;

/** The key context of each modal (input: none of its own, the pane's shows). */
const MODAL_CONTEXT: { [K in Modal['kind']]: (m: ModalOf<K>) => KeyContext | undefined } = {
  confirm: (m) => (m.plan.canProceed ? 'dialog' : 'detail'),
  help: () => 'help',
  palette: () => 'palette',
  pickIssue: () => 'picker',
  pickPreset: () => 'picker',
  pickAssignee: () => 'picker',
  detail: (m) => (m.actions ? 'triage' : 'detail'),
  input: () => undefined,
};

/** What the footer offers in each modal context. */
const MODAL_KEYS: Partial<Record<KeyContext, readonly CommandId[]>> = {
  dialog: ['dialog.confirm', 'dialog.cancel'],
  help: ['help.close'],
  detail: ['nav.down', 'nav.up', 'detail.close'],
  palette: ['list.pick', 'list.close'],
  picker: ['list.pick', 'list.close'],
  filter: ['filter.apply', 'filter.cancel'],
};

/** After a pane's enabled actions: what every pane offers. */
const PANE_TAIL: readonly CommandId[] = ['pane.next', 'palette.open', 'help.toggle', 'app.quit'];

function modalContext<K extends Modal['kind']>(m: ModalOf<K>): KeyContext | undefined {
  const f: (m: ModalOf<K>) => KeyContext | undefined = MODAL_CONTEXT[m.kind as K];
  return f(m);
}

/** The footer's context and commands: the open modal's, the filter's, or the focused pane's enabled actions. */
export function footerOf(
  modal: Modal | undefined,
  editingFilter: boolean,
  paneContext: KeyContext,
  actions: readonly BoundAction[],
  filterable: boolean,
): { context: KeyContext; commands: readonly CommandId[] } {
  const context = (modal && modalContext(modal)) ?? (editingFilter ? 'filter' : paneContext);
  // An attention item in detail: its triage keys, then moving and closing.
  if (context === 'triage' && modal?.kind === 'detail')
    return {
      context,
      commands: [
        ...(modal.actions ?? []).filter((a) => a.run).map((a) => a.command),
        'nav.down',
        'detail.close',
      ],
    };
  const fixed = MODAL_KEYS[context];
  if (fixed) return { context, commands: fixed };
  const enabled = actions.filter((a) => a.run).map((a) => a.command);
  return {
    context,
    commands: [...enabled, ...(filterable ? (['filter.start'] as const) : []), ...PANE_TAIL],
  };
}
