/** The cockpit's panes, in order: the digits 1–9 jump to the first nine, Tab reaches all. Declared once; keys and panes use these. */
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
  // After the preview: Tab reaches them (the digits 1–9 keep their panes).
  'offload',
  'outposts',
] as const;

export type PaneId = (typeof PANE_IDS)[number];
export type ListPaneId = Exclude<PaneId, 'preview'>;
