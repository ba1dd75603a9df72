import { Text } from 'ink';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import {
  buildKeymap,
  cleanInsert,
  CommandPalette,
  ConfirmDialog,
  DEFAULT_KEYMAP,
  FilterBar,
  fuzzyFilter,
  fuzzyMatch,
  HelpOverlay,
  helpRows,
  keymapPaletteCommands,
  ListPicker,
  TextInput,
} from '../../src/ui/index.js';
import { KEY, renderUi } from '../support/ui/render.js';

function Input({ onSubmit }: { onSubmit?: (v: string) => void }) {
  const [v, setV] = useState('');
  return (
    <>
      <TextInput value={v} onChange={setV} onSubmit={onSubmit} width={30} prompt="> " />
      <Text>[{v}]</Text>
    </>
  );
}

describe('TextInput', () => {
  it('types, moves the cursor, deletes, clears with ctrl+u, submits', async () => {
    const submitted: string[] = [];
    const app = renderUi(<Input onSubmit={(v) => submitted.push(v)} />);
    await app.press('h', 'e', 'l', 'o');
    expect(app.frame()).toContain('[helo]');
    await app.press(KEY.left, 'l');
    expect(app.frame()).toContain('[hello]');
    await app.press(KEY.end, '!', KEY.home, '>');
    expect(app.frame()).toContain('[>hello!]');
    await app.press(KEY.end, KEY.backspace, KEY.backspace);
    expect(app.frame()).toContain('[>hell]');
    await app.press(KEY.enter);
    expect(submitted).toEqual(['>hell']);
    await app.press(KEY.left, KEY.ctrl('u'));
    expect(app.frame()).toContain('[l]');
    await app.press(KEY.ctrl('w'));
    app.unmount();
  });

  it('inserts a paste at the cursor, with line breaks and controls made safe', async () => {
    const app = renderUi(<Input />);
    await app.press('ab', KEY.left, 'one\ntwo\u0007');
    expect(app.frame()).toContain('[aone twob]');
    expect(cleanInsert('a\r\nb\tc\u001b[31md')).toBe('a b cd');
    app.unmount();
  });

  it('deletes words with ctrl+w and lets unrelated keys through', async () => {
    const app = renderUi(<Input />);
    await app.press('fix the bug', KEY.ctrl('w'));
    expect(app.frame()).toContain('[fix the ]');
    await app.press(KEY.up, KEY.tab);
    expect(app.frame()).toContain('[fix the ]');
    app.unmount();
  });

  it('keeps the cursor visible in a long value', async () => {
    const app = renderUi(<Input />);
    await app.press('x'.repeat(50) + 'END');
    expect(app.frame().split('\n')[0]).toContain('END');
    app.unmount();
  });
});

function Dialog({ log }: { log: string[] }) {
  const [open, setOpen] = useState(true);
  if (!open) return <Text>closed</Text>;
  return (
    <ConfirmDialog
      title="Stop polecat-3?"
      body={['kill tmux session ov-rig-polecat-3', 'keep branch polecat/3 (2 commits not on main)']}
      width={60}
      destructive
      onConfirm={() => (log.push('confirm'), setOpen(false))}
      onCancel={() => (log.push('cancel'), setOpen(false))}
    />
  );
}

describe('ConfirmDialog', () => {
  it('shows what will happen and the keys', () => {
    const app = renderUi(<Dialog log={[]} />);
    const f = app.frame();
    expect(f).toContain('Stop polecat-3?');
    expect(f).toContain('keep branch polecat/3 (2 commits not on main)');
    expect(f).toContain('y/Enter confirm');
    expect(f).toContain('Esc/n cancel');
    app.unmount();
  });

  it.each([
    ['y', 'confirm'],
    [KEY.enter, 'confirm'],
    ['n', 'cancel'],
    [KEY.escape, 'cancel'],
  ])('%j → %s', async (key, want) => {
    const log: string[] = [];
    const app = renderUi(<Dialog log={log} />);
    await app.press('j', 'q', key);
    expect(log).toEqual([want]);
    expect(app.frame()).toContain('closed');
    app.unmount();
  });
});

describe('HelpOverlay', () => {
  it('is generated from the keymap: an override changes the help', () => {
    const a = renderUi(<HelpOverlay context="polecats" width={60} height={40} onClose={() => {}} />);
    expect(a.frame()).toContain('Polecats');
    expect(a.frame()).toMatch(/x\s+Stop the selected polecat/);
    expect(a.frame()).toMatch(/1…9\s+Jump to pane 1–9/);
    expect(a.frame()).toContain('Everywhere');
    a.unmount();
    const km = buildKeymap({ 'action.stop': ['X', 'ctrl+k'] });
    const b = renderUi(<HelpOverlay context="polecats" width={60} height={40} onClose={() => {}} />, {
      keymap: km,
    });
    expect(b.frame()).toMatch(/X\/\^k\s+Stop the selected polecat/);
    b.unmount();
  });

  it('shows only the commands of the context', () => {
    const ids = (c: Parameters<typeof helpRows>[1]) => helpRows(DEFAULT_KEYMAP, c).flatMap((r) => r.commands);
    expect(ids('polecats')).toContain('action.stop');
    expect(ids('mail')).not.toContain('action.stop');
    expect(ids('mail')).toContain('mail.reply');
    expect(ids('dialog')).toEqual(['dialog.confirm', 'dialog.cancel']);
  });

  it('scrolls and closes with its keys', async () => {
    let closed = 0;
    const app = renderUi(<HelpOverlay context="polecats" width={50} height={8} onClose={() => closed++} />);
    const first = app.frame();
    await app.press('j', 'j', 'j');
    expect(app.frame()).not.toEqual(first);
    await app.press('?');
    await app.press(KEY.escape);
    expect(closed).toBe(2);
    app.unmount();
  });
});

describe('fuzzy filter and CommandPalette', () => {
  it('matches subsequences, prefers word starts and runs', () => {
    expect(fuzzyMatch('stp', 'Stop the polecat')).toBeDefined();
    expect(fuzzyMatch('xyz', 'Stop')).toBeUndefined();
    const r = fuzzyFilter(['nav.pageUp', 'action.spawn', 'pane.prev'], 'sp', (s) => s);
    expect(r[0]!.item).toBe('action.spawn');
    expect(fuzzyFilter(['b', 'a'], '', (s) => s).map((x) => x.item)).toEqual(['b', 'a']);
  });

  function Palette({ ran }: { ran: string[] }) {
    const [open, setOpen] = useState(true);
    if (!open) return <Text>palette closed</Text>;
    return (
      <CommandPalette
        commands={keymapPaletteCommands(DEFAULT_KEYMAP, 'polecats', {
          extra: [{ id: 'theme.light', title: 'Switch to the light theme' }],
        })}
        onRun={(id) => (ran.push(id), setOpen(false))}
        onClose={() => setOpen(false)}
        width={70}
        height={12}
      />
    );
  }

  it('filters as you type and runs the selection with Enter', async () => {
    const ran: string[] = [];
    const app = renderUi(<Palette ran={ran} />);
    expect(app.frame()).toContain('Move the selection down');
    await app.press('n', 'u', 'd', 'g');
    const f = app.frame();
    expect(f).toContain('Nudge the selected agent');
    expect(f).not.toContain('Move the selection down');
    await app.press(KEY.enter);
    expect(ran).toEqual(['action.nudge']);
    app.unmount();
  });

  it('moves with arrows, includes extra commands, closes with Esc', async () => {
    const ran: string[] = [];
    const app = renderUi(<Palette ran={ran} />);
    await app.press('theme');
    expect(app.frame()).toContain('Switch to the light theme');
    await app.press(KEY.escape);
    expect(ran).toEqual([]);
    expect(app.frame()).toContain('palette closed');
    app.unmount();
  });

  it('ListPicker picks after moving down, and shows "no match"', async () => {
    const picked: string[] = [];
    const app = renderUi(
      <ListPicker
        title="Spawn on which issue?"
        items={['gt-1 fix login', 'gt-2 add tests', 'gt-3 docs']}
        label={(s) => s}
        onPick={(s) => picked.push(s)}
        onCancel={() => {}}
        width={50}
        height={10}
      />,
    );
    await app.press(KEY.down, KEY.down, KEY.up, KEY.enter);
    expect(picked).toEqual(['gt-2 add tests']);
    await app.press('zzz');
    expect(app.frame()).toContain('no match');
    expect(app.frame()).toContain('0/3');
    app.unmount();
  });
});

describe('FilterBar', () => {
  function Bar() {
    const [v, setV] = useState('');
    const [editing, setEditing] = useState(true);
    return (
      <FilterBar
        value={v}
        onChange={setV}
        onSubmit={() => setEditing(false)}
        onCancel={() => (setV(''), setEditing(false))}
        editing={editing}
        width={40}
        matches={v ? 3 : 10}
        total={10}
      />
    );
  }
  it('edits, applies with Enter (shown muted), and shows counts', async () => {
    const app = renderUi(<Bar />);
    await app.press('s', 't');
    expect(app.frame()).toMatch(/^\/st.* 3\/10$/);
    await app.press(KEY.enter);
    expect(app.frame()).toMatch(/^\/st\s+3\/10$/);
    app.unmount();
  });
});
