/** The cockpit's panes, in order: the digits 1–9 jump to them. Declared once; keys and panes use these. */
export const PANE_IDS = [
  'attention',
  'polecats',
  'merge',
  'mail',
  'escalations',
  'ready',
  'events',
  'crew',
  'preview',
  // After the preview: Tab reaches it (the digits 1–9 keep their panes).
  'offload',
] as const;

export type PaneId = (typeof PANE_IDS)[number];
export type ListPaneId = Exclude<PaneId, 'preview'>;
