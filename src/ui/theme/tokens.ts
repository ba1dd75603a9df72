/**
 * The semantic style tokens a theme must define. Components name a role
 * (`status.stuck`), never a color; each theme maps every role to a style.
 * Keep this list the single source of truth: the schema, the monochrome
 * theme and the tests all derive from it.
 */
export const THEME_TOKENS = [
  // Plain text
  'text.primary',
  'text.secondary',
  'text.muted',
  'text.match', // characters matched by a fuzzy filter
  'accent',

  // Frame: panes, header bar, footer bar
  'border.focused',
  'border.unfocused',
  'pane.title.focused',
  'pane.title.unfocused',
  'pane.count',
  'header',
  'header.title',
  'header.tab.active',
  'header.tab.inactive',
  'footer',
  'footer.key',
  'footer.label',

  // Tables and lists
  'table.header',
  'selection', // selected row in the focused pane
  'selection.unfocused', // selected row in a pane without focus

  // Badges drawn in pane titles
  'badge.error',
  'badge.warning',
  'badge.info',

  // Agent and general states
  'status.working',
  'status.waiting',
  'status.stuck',
  'status.dead',
  'status.done',
  'status.idle',
  'status.spawning',
  'status.error',
  'status.warning',
  'status.success',
  'status.info',

  // Merge queue states
  'mr.queued',
  'mr.testing',
  'mr.merged',
  'mr.conflict',
  'mr.failed',
  'mr.rejected',

  // Beads priorities 0 (critical) .. 4 (backlog)
  'priority.0',
  'priority.1',
  'priority.2',
  'priority.3',
  'priority.4',

  // Mail
  'mail.unread',
  'mail.read',

  // Dialogs, overlays and inputs
  'dialog.border',
  'dialog.title',
  'dialog.body',
  'dialog.danger',
  'help.section',
  'help.key',
  'help.description',
  'input.prompt',
  'input.text',
  'input.cursor',
  'input.placeholder',
] as const;

export type ThemeToken = (typeof THEME_TOKENS)[number];

/** Token names grouped by prefix, for state → token lookups. */
export type StatusToken = Extract<ThemeToken, `status.${string}`>;
export type MrToken = Extract<ThemeToken, `mr.${string}`>;

const TOKEN_SET: ReadonlySet<string> = new Set(THEME_TOKENS);

export function isThemeToken(name: string): name is ThemeToken {
  return TOKEN_SET.has(name);
}

/** The token for an agent/general state, or `text.secondary` for an unknown state. */
export function statusToken(state: string): ThemeToken {
  const name = `status.${state}`;
  return isThemeToken(name) ? name : 'text.secondary';
}

/** The token for a merge-request state, or `text.secondary` for an unknown state. */
export function mrToken(state: string): ThemeToken {
  const name = `mr.${state}`;
  return isThemeToken(name) ? name : 'text.secondary';
}

/** The token for a beads priority (0..4); out of range falls back to the nearest. */
export function priorityToken(priority: number): ThemeToken {
  const p = Math.min(4, Math.max(0, Math.trunc(Number.isFinite(priority) ? priority : 2)));
  return `priority.${p}` as ThemeToken;
}
