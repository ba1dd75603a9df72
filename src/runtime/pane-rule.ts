/**
 * When a pane read earlier still shows what the pane shows now: same
 * session (created), no output since (window_activity unchanged), at least
 * as many lines, and read after the second of its last output
 * (window_activity has one-second resolution: a read in that very second is
 * not trusted). Pure; used by the town's pane cache and by the helper on an
 * outpost, which decides there what to capture in the tick's one round trip.
 */
export type PaneSeen = { created: number; activity: number; readAt: number; lines: number };

export function paneFresh(
  seen: PaneSeen | undefined,
  info: { created: number; activity: number },
  lines: number,
): boolean {
  return (
    seen !== undefined &&
    seen.created === info.created &&
    seen.activity === info.activity &&
    seen.lines >= lines &&
    Math.floor(seen.readAt / 1000) > info.activity
  );
}
