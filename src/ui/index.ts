export * from './theme/index.js';
export * from './keys/index.js';
export * from './components/index.js';
export { computeLayout, cyclePane, splitSizes, MIN_COLS, MIN_ROWS } from './layout.js';
export type { Layout, LayoutMode, LayoutOptions, PaneRect, Rect } from './layout.js';
export { ConfigFileError, formatIssuePath, formatZodIssues } from './fileError.js';
