/**
 * The first visible row so that `selected` is visible, moving the window
 * as little as possible from `prevOffset` (no jumping while moving inside
 * the window). Pure; O(1).
 */
export function scrollOffset(prevOffset: number, selected: number, height: number, count: number): number {
  if (height <= 0 || count <= height) return 0;
  const maxOffset = count - height;
  let off = Math.min(Math.max(0, prevOffset), maxOffset);
  if (selected < 0) return off;
  const sel = Math.min(selected, count - 1);
  if (sel < off) off = sel;
  else if (sel >= off + height) off = sel - height + 1;
  return off;
}

/** Clamp an index into [0, count-1]; -1 when the list is empty. */
export function clampIndex(index: number, count: number): number {
  if (count <= 0) return -1;
  return Math.min(Math.max(0, index), count - 1);
}
