/**
 * The attention items the cockpit rang the bell for and the operator has
 * not acknowledged: written by the App each render (use-bell.ts), read by
 * the attention pane's WHAT column. One cockpit per process.
 */
export const bellMarks: { keys: ReadonlySet<string> } = { keys: new Set() };
