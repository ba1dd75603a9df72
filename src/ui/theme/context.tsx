import { createContext, useContext, type ReactNode } from 'react';
import { MONOCHROME_THEME } from './monochrome.js';
import type { Theme } from './schema.js';

const ThemeContext = createContext<Theme>(MONOCHROME_THEME);

export interface ThemeProviderProps {
  theme: Theme;
  children?: ReactNode;
}

/** Provides the loaded theme to every component below it. */
export function ThemeProvider({ theme, children }: ThemeProviderProps) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

/** The current theme; the monochrome theme when no provider is mounted. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
