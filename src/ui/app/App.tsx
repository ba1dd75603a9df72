import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../core/errors.js';
import { polecatOfAddress } from '../../town/schemas/polecat.js';
import { CommandPalette, keymapPaletteCommands, type PaletteCommand } from '../components/CommandPalette.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Footer } from '../components/Footer.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { ListPicker } from '../components/ListPicker.js';
import { clampIndex } from '../components/scroll.js';
import {
  isCommandId,
  PRIORITY,
  useCommands,
  useKeymap,
  type CommandId,
  type KeyContext,
} from '../keys/index.js';
import { computeLayout, cyclePane } from '../layout.js';
import { DetailView } from '../panes/DetailView.js';
import { Header } from '../panes/Header.js';
import { InputDialog, type InputField } from '../panes/InputDialog.js';
import { ListPane } from '../panes/ListPane.js';
import { PreviewPane } from '../panes/PreviewPane.js';
import { PANE_ORDER, specOf, type ListPaneId, type PaneId } from '../panes/specs.js';
import type { AttentionRow, MailRow, MergeRow, PolecatRow, ReadyRow } from '../selectors/index.js';
import { priorityToken } from '../theme/index.js';
import type { CockpitActions, PlanView } from './actions.js';
import { answerHandlers } from './answer-handlers.js';
import { splitArgs } from './split-args.js';
import { useFiltered } from './use-filtered.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useClock, usePreview, useSnapshot, type SnapshotSource } from './useTown.js';

export { splitArgs } from './split-args.js';

export interface AppProps {
  readonly store: SnapshotSource;
  readonly actions: CockpitActions;
  /** Fixed size (tests); default: the terminal's, following resizes. */
  readonly cols?: number;
  readonly rows?: number;
  /** CLI operations offered by the command palette (`:`). */
  readonly cliCommands?: readonly PaletteCommand[];
  readonly onQuit: () => void;
  readonly previewMs?: number;
  readonly clockMs?: number;
}

type Target = { rig: string; name: string };

type Modal =
  | { kind: 'help' }
  | { kind: 'palette' }
  | { kind: 'detail'; title: string; lines: string[] }
  | { kind: 'confirm'; plan: PlanView; run: () => Promise<string>; destructive: boolean; verb: string }
  | {
      kind: 'input';
      title: string;
      fields: InputField[];
      submit: (v: Record<string, string>) => Promise<string> | void;
    }
  | { kind: 'pickIssue' }
  | { kind: 'pickPreset'; issue: string; rig: string }
  | undefined;

const PANE_ACTIONS: Record<PaneId, CommandId[]> = {
  attention: [
    'action.approve',
    'action.deny',
    'action.pick',
    'action.nudge',
    'action.attach',
    'action.stop',
    'detail.open',
  ],
  polecats: [
    'action.approve',
    'action.deny',
    'action.pick',
    'action.nudge',
    'action.attach',
    'action.land',
    'action.stop',
    'action.spawn',
    'detail.open',
  ],
  merge: ['action.land', 'detail.open'],
  mail: ['detail.open', 'mail.reply', 'mail.compose'],
  escalations: ['detail.open'],
  ready: ['action.spawn', 'detail.open'],
  events: ['detail.open'],
  preview: ['action.attach'],
};

/** The cockpit: header, panes laid out for the terminal, footer; every key through the keymap. */
export function App({
  store,
  actions,
  cols: fixedCols,
  rows: fixedRows,
  cliCommands = [],
  onQuit,
  previewMs = 2000,
  clockMs = 10_000,
}: AppProps) {
  const snap = useSnapshot(store);
  // Re-render on the clock for ages; compute them from the real time of this render.
  useClock(clockMs);
  const now = Date.now();
  const keymap = useKeymap();
  const { cols, rows } = useTerminalSize({ cols: fixedCols, rows: fixedRows });
  const [focused, setFocused] = useState<PaneId>('attention');
  const [sel, setSel] = useState<Record<string, number>>({});
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [editingFilter, setEditingFilter] = useState(false);
  const [modal, setModal] = useState<Modal>();
  const [message, setMessage] = useState('');
  const [lastPolecat, setLastPolecat] = useState<Target>();
  const filtered = useFiltered(snap, filters);

  const layout = computeLayout(cols, rows, PANE_ORDER, focused);
  const focusedList = focused === 'preview' ? undefined : focused;
  const cur = focusedList ? filtered(focusedList) : { rows: [], total: 0 };
  const curIndex = clampIndex(sel[focused] ?? 0, cur.rows.length);
  const curRow = curIndex >= 0 ? cur.rows[curIndex] : undefined;

  // The polecat the selection points at (for nudge, attach, stop, land and the preview).
  const target: Target | undefined = useMemo(() => {
    if (!curRow) return undefined;
    if (focused === 'polecats') {
      const r = curRow as PolecatRow;
      return { rig: r.rig, name: r.name };
    }
    if (focused === 'attention') {
      const r = curRow as AttentionRow;
      return r.polecat ? { rig: r.rig, name: r.polecat } : undefined;
    }
    if (focused === 'merge') {
      const r = curRow as MergeRow;
      const name = polecatOfAddress(r.worker);
      return name ? { rig: r.rig, name } : undefined;
    }
    return undefined;
  }, [curRow, focused]);
  useEffect(() => {
    if (target && (target.rig !== lastPolecat?.rig || target.name !== lastPolecat?.name))
      setLastPolecat(target);
  }, [target, lastPolecat]);
  const previewTarget = target ?? lastPolecat;
  const previewVisible = layout.panes.some((p) => p.id === 'preview');
  const preview = usePreview(actions, previewTarget, previewVisible && modal === undefined, previewMs);

  const run = (label: string, p: () => Promise<string | void>) => {
    setMessage(`${label}…`);
    p().then(
      (m) => setMessage(m ? m : `${label}: done`),
      (e: unknown) => setMessage(`✗ ${label}: ${errorMessage(e)}`),
    );
  };
  const close = () => setModal(undefined);
  const setIndex = (id: string, f: (i: number) => number, count: number) =>
    setSel((s) => ({ ...s, [id]: clampIndex(f(clampIndex(s[id] ?? 0, count)), count) }));

  // ---- actions ------------------------------------------------------------------------------
  const spawn = () => {
    if (focused === 'ready' && curRow) {
      const r = curRow as ReadyRow;
      setModal({ kind: 'pickPreset', issue: r.id, rig: r.rig });
    } else setModal({ kind: 'pickIssue' });
  };
  const nudge = target
    ? () =>
        setModal({
          kind: 'input',
          title: `Nudge ${target.rig}/${target.name}`,
          fields: [{ name: 'message', label: 'Message' }],
          submit: (v) => (v.message ? actions.nudge(target.rig, target.name, v.message) : undefined),
        })
    : undefined;
  // Approve, deny, pick option N: for a polecat waiting on a question.
  const waiting =
    (focused === 'attention' && (curRow as AttentionRow | undefined)?.kind === 'waiting') ||
    (focused === 'polecats' && (curRow as PolecatRow | undefined)?.state === 'waiting');
  const { approve, deny, pick } = answerHandlers(waiting ? target : undefined, actions, {
    run,
    ask: (title, fields, submit) => setModal({ kind: 'input', title, fields, submit }),
    fail: setMessage,
  });
  const attach = (focused === 'preview' ? previewTarget : target)
    ? () => {
        const t = (focused === 'preview' ? previewTarget : target)!;
        run(`attach ${t.name}`, () => actions.attach(t.rig, t.name));
      }
    : undefined;
  const land = target
    ? () =>
        run(`plan landing of ${target.name}`, async () => {
          const plan = await actions.planLand(target.rig, target.name);
          setModal({
            kind: 'confirm',
            plan,
            destructive: plan.forced === true,
            verb: plan.forced ? 'land anyway' : 'land it',
            run: () => actions.land(target.rig, target.name, { force: plan.forced }),
          });
          return `landing plan for ${target.name}: ${plan.canProceed ? 'ready' : 'blocked'}`;
        })
    : undefined;
  const stop = target
    ? () =>
        run(`plan stop of ${target.name}`, async () => {
          const plan = await actions.planStop(target.rig, target.name);
          setModal({
            kind: 'confirm',
            plan,
            destructive: true,
            verb: 'stop it',
            run: () => actions.stop(target.rig, target.name),
          });
          return `stop ${target.name}?`;
        })
    : undefined;
  const compose = () =>
    setModal({
      kind: 'input',
      title: 'New mail',
      fields: [
        { name: 'to', label: 'To', initial: 'mayor' },
        { name: 'subject', label: 'Subject' },
        { name: 'body', label: 'Body' },
      ],
      submit: (v) => actions.sendMail({ to: v.to ?? '', subject: v.subject ?? '', body: v.body ?? '' }),
    });
  const reply =
    focused === 'mail' && curRow
      ? () => {
          const m = curRow as MailRow;
          setModal({
            kind: 'input',
            title: `Reply to ${m.from}: ${m.subject}`,
            fields: [{ name: 'body', label: 'Reply' }],
            submit: (v) =>
              actions.sendMail({
                to: m.from,
                subject: m.subject.startsWith('Re: ') ? m.subject : `Re: ${m.subject}`,
                body: v.body ?? '',
                replyTo: m.id,
              }),
          });
        }
      : undefined;
  const openDetail =
    focusedList && curRow
      ? () => {
          const d = specOf(focusedList).detail(curRow, snap, now);
          setModal({ kind: 'detail', title: d.title, lines: d.lines });
          if (focusedList === 'mail' && (curRow as MailRow).unread) {
            const id = (curRow as MailRow).id;
            actions.markRead(id).catch((e: unknown) => setMessage(`✗ mark read: ${errorMessage(e)}`));
          }
        }
      : undefined;

  const applies = (id: CommandId) => PANE_ACTIONS[focused].includes(id);
  const paneHandlers: Partial<Record<CommandId, (() => void) | undefined>> = {
    'nav.down': () => setIndex(focused, (i) => i + 1, cur.rows.length),
    'nav.up': () => setIndex(focused, (i) => i - 1, cur.rows.length),
    'nav.top': () => setIndex(focused, () => 0, cur.rows.length),
    'nav.bottom': () => setIndex(focused, () => cur.rows.length - 1, cur.rows.length),
    'nav.pageDown': () => setIndex(focused, (i) => i + 10, cur.rows.length),
    'nav.pageUp': () => setIndex(focused, (i) => i - 10, cur.rows.length),
    'detail.open': applies('detail.open') ? openDetail : undefined,
    'filter.start': focusedList ? () => setEditingFilter(true) : undefined,
    'filter.clear':
      focusedList && filters[focusedList] ? () => setFilters((f) => ({ ...f, [focused]: '' })) : undefined,
    'action.spawn': applies('action.spawn') ? spawn : undefined,
    'action.approve': applies('action.approve') ? approve : undefined,
    'action.deny': applies('action.deny') ? deny : undefined,
    'action.pick': applies('action.pick') ? pick : undefined,
    'action.nudge': applies('action.nudge') ? nudge : undefined,
    'action.attach': applies('action.attach') ? attach : undefined,
    'action.land': applies('action.land') ? land : undefined,
    'action.stop': applies('action.stop') ? stop : undefined,
    'mail.reply': applies('mail.reply') ? reply : undefined,
  };
  const jump = (n: number) => () => setFocused((f) => PANE_ORDER[n - 1] ?? f);
  const globalHandlers: Partial<Record<CommandId, (() => void) | undefined>> = {
    'pane.next': () => setFocused((f) => cyclePane(PANE_ORDER, f, 1) as PaneId),
    'pane.prev': () => setFocused((f) => cyclePane(PANE_ORDER, f, -1) as PaneId),
    'pane.jump.1': jump(1),
    'pane.jump.2': jump(2),
    'pane.jump.3': jump(3),
    'pane.jump.4': jump(4),
    'pane.jump.5': jump(5),
    'pane.jump.6': jump(6),
    'pane.jump.7': jump(7),
    'pane.jump.8': jump(8),
    'help.toggle': () => setModal({ kind: 'help' }),
    'palette.open': () => setModal({ kind: 'palette' }),
    'mail.compose': compose,
    'app.quit': onQuit,
  };
  const idle = modal === undefined && !editingFilter;
  useCommands(paneHandlers, { priority: PRIORITY.pane, active: idle });
  useCommands(globalHandlers, { priority: PRIORITY.global, active: idle });

  const context: KeyContext = focusedList ? (specOf(focusedList).context as KeyContext) : 'preview';
  const paletteCommands = useMemo(
    () => [
      ...keymapPaletteCommands(keymap, context, { exclude: ['palette.open'] }),
      ...cliCommands.map((c) => ({ ...c, id: `cli:${c.id}` })),
    ],
    [keymap, context, cliCommands],
  );
  const runPalette = (id: string) => {
    close();
    if (id.startsWith('cli:')) {
      const cmd = id.slice(4);
      setModal({
        kind: 'input',
        title: `overseer ${cmd} …`,
        fields: [{ name: 'args', label: `overseer ${cmd}` }],
        submit: async (v) => {
          const args = [...cmd.split(' '), ...splitArgs(v.args ?? '')];
          const r = await actions.runCli(args);
          setModal({
            kind: 'detail',
            title: `overseer ${args.join(' ')} (exit ${r.code})`,
            lines: r.output.split('\n'),
          });
          return `overseer ${cmd}: exit ${r.code}`;
        },
      });
      return;
    }
    if (isCommandId(id)) (paneHandlers[id] ?? globalHandlers[id])?.();
  };

  // ---- drawing ------------------------------------------------------------------------------
  const body = layout.body;
  const dialogW = Math.min(body.width, Math.max(40, Math.min(90, body.width - 4)));
  const errorFiles = snap.errors.map((e) => e.file);
  const paneError = (id: PaneId): string | undefined => {
    const n = errorFiles.filter((f) =>
      id === 'polecats'
        ? f.includes('/.runtime/polecats/')
        : id === 'escalations'
          ? f.includes('/.runtime/attempts/')
          : false,
    ).length;
    return n ? `${n} bad file${n > 1 ? 's' : ''}` : undefined;
  };

  let overlay: React.ReactNode = null;
  if (modal?.kind === 'help')
    overlay = <HelpOverlay context={context} width={body.width} height={body.height} onClose={close} />;
  else if (modal?.kind === 'palette')
    overlay = (
      <CommandPalette
        commands={paletteCommands}
        onRun={runPalette}
        onClose={close}
        width={body.width}
        height={body.height}
      />
    );
  else if (modal?.kind === 'detail')
    overlay = (
      <DetailView
        title={modal.title}
        lines={modal.lines}
        width={body.width}
        height={body.height}
        onClose={close}
      />
    );
  else if (modal?.kind === 'confirm') {
    const { plan } = modal;
    const mark = { ok: '✓', blocked: '✗', skip: '-', todo: '→' } as const;
    const lines = plan.lines.map((l) => `${mark[l.status]} ${l.text}`);
    overlay = plan.canProceed ? (
      <ConfirmDialog
        title={`${plan.title}?`}
        body={lines}
        width={dialogW}
        destructive={modal.destructive}
        confirmLabel={modal.verb}
        onConfirm={() => {
          close();
          run(plan.title, modal.run);
        }}
        onCancel={() => {
          close();
          setMessage(`${plan.title}: cancelled`);
        }}
      />
    ) : (
      <DetailView
        title={`${plan.title}: blocked`}
        lines={[...lines, '', ...plan.blockers.map((b) => `blocked: ${b}`)]}
        width={body.width}
        height={body.height}
        onClose={close}
      />
    );
  } else if (modal?.kind === 'input') {
    const m = modal;
    overlay = (
      <InputDialog
        title={m.title}
        fields={m.fields}
        width={dialogW}
        onCancel={() => {
          close();
          setMessage(`${m.title}: cancelled`);
        }}
        onSubmit={(v) => {
          close();
          const p = m.submit(v);
          if (p) run(m.title, () => p);
        }}
      />
    );
  } else if (modal?.kind === 'pickIssue') {
    overlay = (
      <ListPicker<ReadyRow>
        title="Spawn: pick a ready issue"
        items={filtered('ready').rows as ReadyRow[]}
        label={(r) => `${r.id}  ${r.title}`}
        detail={(r) => `P${r.priority} ${r.type}`}
        token={(r) => priorityToken(r.priority)}
        onPick={(r) => setModal({ kind: 'pickPreset', issue: r.id, rig: r.rig })}
        onCancel={close}
        width={dialogW}
        height={body.height}
        emptyText="no ready issues"
      />
    );
  } else if (modal?.kind === 'pickPreset') {
    const m = modal;
    const presets = actions.presets();
    const def = actions.defaultPreset(m.rig);
    const ordered = [def, ...presets.filter((p) => p !== def)].filter((p) => presets.includes(p));
    overlay = (
      <ListPicker<string>
        title={`Spawn on ${m.issue}: pick an agent preset`}
        items={ordered}
        label={(p) => p}
        detail={(p) => (p === def ? 'rig default' : '')}
        onPick={(p) => {
          close();
          run(`spawn ${p} on ${m.issue}`, () => actions.spawn(m.issue, p));
        }}
        onCancel={close}
        width={dialogW}
        height={body.height}
      />
    );
  }

  const footerContext: KeyContext =
    modal?.kind === 'confirm' && modal.plan.canProceed
      ? 'dialog'
      : modal?.kind === 'help'
        ? 'help'
        : modal?.kind === 'palette'
          ? 'palette'
          : modal?.kind === 'pickIssue' || modal?.kind === 'pickPreset'
            ? 'picker'
            : modal?.kind === 'detail' || modal?.kind === 'confirm'
              ? 'detail'
              : editingFilter
                ? 'filter'
                : context;
  const footerCommands: CommandId[] =
    footerContext === 'dialog'
      ? ['dialog.confirm', 'dialog.cancel']
      : footerContext === 'help'
        ? ['help.close']
        : footerContext === 'detail'
          ? ['nav.down', 'nav.up', 'detail.close']
          : footerContext === 'palette' || footerContext === 'picker'
            ? ['list.pick', 'list.close']
            : footerContext === 'filter'
              ? ['filter.apply', 'filter.cancel']
              : [
                  ...PANE_ACTIONS[focused].filter(
                    (id) => (paneHandlers[id] ?? globalHandlers[id]) !== undefined,
                  ),
                  ...(focusedList ? (['filter.start'] as CommandId[]) : []),
                  'pane.next',
                  'palette.open',
                  'help.toggle',
                  'app.quit',
                ];

  if (layout.tooSmall)
    return (
      <Box width={cols} height={rows}>
        <Text>
          Terminal too small ({cols}x{rows}); the cockpit needs at least 40x10.
        </Text>
      </Box>
    );

  const title = focused === 'preview' ? 'Preview' : specOf(focused).title;
  return (
    <Box flexDirection="column" width={cols} height={rows}>
      <Header
        snap={snap}
        now={now}
        width={cols}
        focusedTitle={`${PANE_ORDER.indexOf(focused) + 1}:${title}`}
      />
      <Box width={body.width} height={body.height}>
        {overlay ??
          [...new Set(layout.panes.map((p) => p.x))].map((x) => (
            <Box key={x} flexDirection="column">
              {layout.panes
                .filter((p) => p.x === x)
                .map((p) => {
                  if (p.id === 'preview')
                    return (
                      <PreviewPane
                        key={p.id}
                        target={previewTarget ? `${previewTarget.rig}/${previewTarget.name}` : undefined}
                        text={preview.text}
                        error={preview.error}
                        width={p.width}
                        height={p.height}
                        focused={focused === 'preview'}
                      />
                    );
                  const id = p.id as ListPaneId;
                  const f = filtered(id);
                  return (
                    <ListPane
                      key={id}
                      spec={specOf(id)}
                      rows={f.rows}
                      total={f.total}
                      selected={clampIndex(sel[id] ?? 0, f.rows.length)}
                      width={p.width}
                      height={p.height}
                      focused={focused === id}
                      filter={filters[id] ?? ''}
                      editingFilter={editingFilter && focused === id}
                      onFilterChange={(v) => setFilters((old) => ({ ...old, [id]: v }))}
                      onFilterDone={() => setEditingFilter(false)}
                      onFilterCancel={() => {
                        setFilters((old) => ({ ...old, [id]: '' }));
                        setEditingFilter(false);
                      }}
                      now={now}
                      error={paneError(id)}
                      loading={snap.loading}
                    />
                  );
                })}
            </Box>
          ))}
      </Box>
      <Footer width={cols} context={footerContext} message={message} commands={footerCommands} />
    </Box>
  );
}
