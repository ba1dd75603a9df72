import { useInput, useStdin, type Key } from 'ink';
import {
  createContext,
  useCallback,
  useContext,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { HandlerStack, type KeyHandler } from './handlerStack.js';
import { toKeyEvent } from './keyEvent.js';

const DispatcherContext = createContext<HandlerStack | null>(null);

export interface KeyDispatcherProps {
  children?: ReactNode;
  /**
   * Set false to stop reading keys (e.g. while an attached agent owns the
   * terminal). Keys are only ever read when stdin supports raw mode.
   */
  enabled?: boolean;
}

/**
 * The one `useInput` of the app. Every other component registers a handler
 * with useKeyHandler; the dispatcher offers each key to them by priority.
 * Gated on raw-mode support: useInput throws when stdin is not a TTY.
 */
export function KeyDispatcher({ children, enabled = true }: KeyDispatcherProps) {
  const [stack] = useState(() => new HandlerStack());
  const { isRawModeSupported } = useStdin();
  // Keys are handled one at a time, in order, each after React has committed what the
  // one before changed: a burst like `/abc` (typed fast, or read as one chunk over a
  // slow link) opens the filter with `/` and then types `abc` into it, instead of
  // offering `a`, `b`, `c` to the handlers that were current before the filter opened.
  const [queue] = useState(() => ({
    items: [] as [string, Key][],
    busy: false,
    tick: 0,
    waiting: undefined as undefined | { tick: number; go: () => void },
  }));
  const [tick, setTick] = useState(0);
  const onCommit = useCallback(
    (committed: number) => {
      const w = queue.waiting;
      if (w && committed >= w.tick) {
        queue.waiting = undefined;
        w.go();
      }
    },
    [queue],
  );
  const onInput = useCallback(
    (input: string, key: Key) => {
      const pump = () => {
        const item = queue.items.shift();
        if (!item) {
          queue.busy = false;
          return;
        }
        const ev = toKeyEvent(item[0], item[1]);
        const chars = Array.from(ev.text);
        const consumed = stack.dispatch(ev);
        // A chunk nothing took as a paste (no text input has focus): replay it key by key.
        if (!consumed && ev.name === '' && chars.length > 1)
          queue.items.unshift(...chars.map((ch): [string, Key] => [ch, { ...item[1], meta: false }]));
        if (!consumed) return void queueMicrotask(pump);
        // Render the handler's changes together with this tick; go on once it is committed
        // (or after a moment, should nothing render).
        const t = ++queue.tick;
        let done = false;
        const go = () => {
          if (done) return;
          done = true;
          queueMicrotask(pump);
        };
        queue.waiting = { tick: t, go };
        setTick(t);
        setTimeout(go, 100);
      };
      queue.items.push(...splitEnters(input, key));
      if (!queue.busy) {
        queue.busy = true;
        pump();
      }
    },
    [stack, queue],
  );
  useInput(onInput, { isActive: enabled && isRawModeSupported === true });
  return (
    <DispatcherContext.Provider value={stack}>
      {children}
      <CommitSignal tick={tick} onCommit={onCommit} />
    </DispatcherContext.Provider>
  );
}

/**
 * A chunk of typed text with Enter in it (typed fast, or read as one chunk over
 * a slow link: `y\r`) is the text and then the Enter key, not a paste of `y `.
 */
export function splitEnters(input: string, key: Key): [string, Key][] {
  if (input.length < 2 || !input.includes('\r') || input.startsWith('\x1b') || key.ctrl || key.meta)
    return [[input, key]];
  const out: [string, Key][] = [];
  for (const part of input.split(/(\r)/)) {
    if (part === '') continue;
    out.push(part === '\r' ? ['\r', { ...key, return: true }] : [part, key]);
  }
  return out;
}

/** Rendered after the app: its layout effect runs once the rest of the commit's have. */
function CommitSignal({ tick, onCommit }: { tick: number; onCommit: (tick: number) => void }) {
  useLayoutEffect(() => onCommit(tick), [tick, onCommit]);
  return null;
}

/**
 * Register a key handler while `active`. The handler may change every
 * render; registration does not. Handlers run synchronously for each key
 * of a burst before React re-renders, so update state functionally
 * (`setIndex(i => i + 1)`), never from a captured value.
 */
export function useKeyHandler(priority: number, handler: KeyHandler, active = true): void {
  const stack = useContext(DispatcherContext);
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  // A layout effect: registered during the commit itself, so a key that arrives right
  // after the one that opened this handler's component (typing `/abc`) already finds it.
  useLayoutEffect(() => {
    if (!active || !stack) return;
    return stack.add(priority, ref);
  }, [stack, priority, active]);
}

/** Feed a synthetic key (input, ink Key) through the same stack, e.g. from the command palette. */
export function useDispatchKey(): (input: string, key: Key) => boolean {
  const stack = useContext(DispatcherContext);
  return useCallback((input: string, key: Key) => stack?.dispatch(toKeyEvent(input, key)) ?? false, [stack]);
}
