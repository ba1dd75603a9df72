import { useState } from 'react';
import { PRIORITY, useCommands } from '../keys/index.js';
import { clampIndex } from './scroll.js';

export interface ListNavigationOptions {
  /** Rows moved by page up/down (usually the visible height). */
  readonly pageSize: number;
  readonly active?: boolean;
  readonly priority?: number;
  readonly initialIndex?: number;
}

/**
 * Selection index for a list of `count` rows driven by the nav.* commands
 * (j/k, arrows, g/G, Home/End, PgUp/PgDn). The returned index is always
 * clamped to the current count (-1 when empty).
 */
export function useListNavigation(
  count: number,
  { pageSize, active = true, priority = PRIORITY.pane, initialIndex = 0 }: ListNavigationOptions,
): [number, (index: number) => void] {
  const [raw, setRaw] = useState(initialIndex);
  const page = Math.max(1, pageSize);
  // Functional updates: several keys of one burst each see the previous result.
  const move = (f: (i: number) => number) => setRaw((i) => clampIndex(f(clampIndex(i, count)), count));
  useCommands(
    {
      'nav.down': () => move((i) => i + 1),
      'nav.up': () => move((i) => i - 1),
      'nav.top': () => move(() => 0),
      'nav.bottom': () => move(() => count - 1),
      'nav.pageDown': () => move((i) => i + page),
      'nav.pageUp': () => move((i) => i - page),
    },
    { priority, active },
  );
  return [clampIndex(raw, count), (i: number) => setRaw(clampIndex(i, count))];
}
