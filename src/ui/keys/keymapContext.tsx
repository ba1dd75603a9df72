import { createContext, useContext, type ReactNode } from 'react';
import { DEFAULT_KEYMAP, type Keymap } from './keymap.js';

const KeymapContext = createContext<Keymap>(DEFAULT_KEYMAP);

export function KeymapProvider({ keymap, children }: { keymap: Keymap; children?: ReactNode }) {
  return <KeymapContext.Provider value={keymap}>{children}</KeymapContext.Provider>;
}

/** The effective keymap; the defaults when no provider is mounted. */
export function useKeymap(): Keymap {
  return useContext(KeymapContext);
}
