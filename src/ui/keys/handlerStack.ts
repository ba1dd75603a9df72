import type { KeyEvent } from './keyEvent.js';

/** Returns true when it consumed the key; the key then goes no further. */
export type KeyHandler = (ev: KeyEvent) => boolean;

/** Who gets a key first: modal dialogs, then text inputs, overlays, the focused pane, global keys. */
export const PRIORITY = {
  global: 0,
  pane: 100,
  overlay: 200,
  textInput: 300,
  modal: 400,
} as const;

interface Entry {
  readonly priority: number;
  readonly seq: number;
  readonly handler: { readonly current: KeyHandler };
}

/**
 * The ordered set of live key handlers. Higher priority first; among equal
 * priorities the most recently registered first (a dialog opened over
 * another dialog wins). Plain class, no React: unit-testable on its own.
 */
export class HandlerStack {
  private entries: Entry[] = [];
  private seq = 0;

  /** Register a handler (read through the ref at dispatch time). Returns the unregister function. */
  add(priority: number, handler: { readonly current: KeyHandler }): () => void {
    const entry: Entry = { priority, seq: this.seq++, handler };
    const i = this.entries.findIndex(
      (e) => e.priority < priority || (e.priority === priority && e.seq < entry.seq),
    );
    if (i === -1) this.entries.push(entry);
    else this.entries.splice(i, 0, entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  /** Offer the key to each handler in order until one consumes it. */
  dispatch(ev: KeyEvent): boolean {
    for (const e of [...this.entries]) if (e.handler.current(ev)) return true;
    return false;
  }

  get size(): number {
    return this.entries.length;
  }
}
