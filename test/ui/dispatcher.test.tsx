import { render, Text } from 'ink';
import { EventEmitter } from 'node:events';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import {
  ConfirmDialog,
  HandlerStack,
  KeyDispatcher,
  PRIORITY,
  toKeyEvent,
  useCommands,
  useKeyHandler,
  type KeyEvent,
} from '../../src/ui/index.js';
import { KEY, renderUi, tick } from '../support/ui/render.js';

const ev = (input: string) =>
  toKeyEvent(input, {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
  });

describe('HandlerStack', () => {
  it('offers keys by priority, newest first within a priority, until one consumes', () => {
    const stack = new HandlerStack();
    const calls: string[] = [];
    const h = (name: string, consume: boolean) => ({
      current: () => {
        calls.push(name);
        return consume;
      },
    });
    stack.add(PRIORITY.global, h('global', true));
    stack.add(PRIORITY.pane, h('pane', false));
    const offModal = stack.add(PRIORITY.modal, h('modal-1', false));
    stack.add(PRIORITY.modal, h('modal-2', true));
    expect(stack.dispatch(ev('x'))).toBe(true);
    expect(calls).toEqual(['modal-2']);
    calls.length = 0;
    offModal();
    stack.add(PRIORITY.overlay, h('overlay', false));
    stack.dispatch(ev('x'));
    expect(calls).toEqual(['modal-2']);
  });
});

function PaneWithDialog({ log }: { log: string[] }) {
  const [open, setOpen] = useState(false);
  useCommands(
    {
      'nav.down': () => log.push('pane:down'),
      'action.stop': () => setOpen(true),
      'dialog.cancel': () => log.push('pane:n-would-be-wrong'),
    },
    { priority: PRIORITY.pane },
  );
  useCommands({ 'app.quit': () => log.push('global:quit') }, { priority: PRIORITY.global });
  return open ? (
    <ConfirmDialog
      title="Stop polecat 3?"
      body={['kill tmux session']}
      width={40}
      onConfirm={() => {
        log.push('confirmed');
        setOpen(false);
      }}
      onCancel={() => {
        log.push('cancelled');
        setOpen(false);
      }}
    />
  ) : (
    <Text>pane</Text>
  );
}

describe('KeyDispatcher', () => {
  it('a modal consumes keys before the pane and the global handlers', async () => {
    const log: string[] = [];
    const app = renderUi(<PaneWithDialog log={log} />);
    await app.press('j', 'x');
    expect(app.frame()).toContain('Stop polecat 3?');
    await app.press('j', 'q', 'n');
    expect(log).toEqual(['pane:down', 'cancelled']);
    await app.press('j', 'q');
    expect(log).toEqual(['pane:down', 'cancelled', 'pane:down', 'global:quit']);
    app.unmount();
  });

  it('inactive handlers receive nothing; a burst of keys sees functional state', async () => {
    function Counter() {
      const [n, setN] = useState(0);
      useKeyHandler(PRIORITY.pane, (e: KeyEvent) => {
        if (e.name !== 'down') return false;
        setN((x) => x + 1);
        return true;
      });
      useKeyHandler(PRIORITY.modal, () => true, false);
      return <Text>n={n}</Text>;
    }
    const app = renderUi(<Counter />);
    await app.press(KEY.down + KEY.down + KEY.down);
    expect(app.frame()).toContain('n=3');
    app.unmount();
  });

  it('does not read keys (nor throw) when stdin is not a TTY', async () => {
    class FakeStdin extends EventEmitter {
      isTTY = false;
      setEncoding() {}
      setRawMode() {
        throw new Error('raw mode must not be requested');
      }
      resume() {}
      pause() {}
      ref() {}
      unref() {}
      read() {
        return null;
      }
    }
    const stdout = Object.assign(new EventEmitter(), { columns: 80, rows: 24, write: () => true });
    const log: string[] = [];
    function Probe() {
      useKeyHandler(PRIORITY.global, () => {
        log.push('key');
        return true;
      });
      return <Text>ok</Text>;
    }
    const inst = render(
      <KeyDispatcher>
        <Probe />
      </KeyDispatcher>,
      {
        stdin: new FakeStdin() as never,
        stdout: stdout as never,
        debug: true,
        patchConsole: false,
        exitOnCtrlC: false,
      },
    );
    await tick();
    expect(log).toEqual([]);
    inst.unmount();
  });
});
