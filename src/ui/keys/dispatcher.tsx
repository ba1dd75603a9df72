import { useInput, useStdin, type Key } from 'ink';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
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
  const onInput = useCallback(
    (input: string, key: Key) => {
      const ev = toKeyEvent(input, key);
      if (stack.dispatch(ev) || ev.name !== '' || ev.text === '') return;
      // Keys typed faster than they are read (a busy machine, a slow SSH link) arrive
      // as one chunk. When nothing took it as a paste (no text input has focus), replay
      // it one key at a time, each after React has applied the previous one: `/abc`
      // opens the filter, then types into it.
      const chars = Array.from(ev.text);
      const next = (i: number) => {
        if (i >= chars.length) return;
        stack.dispatch(toKeyEvent(chars[i]!, { ...key, meta: false }));
        setTimeout(() => next(i + 1), 5);
      };
      next(0);
    },
    [stack],
  );
  useInput(onInput, { isActive: enabled && isRawModeSupported === true });
  return <DispatcherContext.Provider value={stack}>{children}</DispatcherContext.Provider>;
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
  useEffect(() => {
    if (!active || !stack) return;
    return stack.add(priority, ref);
  }, [stack, priority, active]);
}

/** Feed a synthetic key (input, ink Key) through the same stack, e.g. from the command palette. */
export function useDispatchKey(): (input: string, key: Key) => boolean {
  const stack = useContext(DispatcherContext);
  return useCallback((input: string, key: Key) => stack?.dispatch(toKeyEvent(input, key)) ?? false, [stack]);
}
