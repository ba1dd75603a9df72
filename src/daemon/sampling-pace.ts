import type { DaemonSettings } from '../town/daemon-settings.js';

/** How much less often a quiet town is sampled (tokens, CPU, memory). */
export const QUIET_SAMPLING = 5;

/**
 * Is a token and resource sampling pass due? Every usage.sample_interval;
 * QUIET_SAMPLING times less often while every pane has been quiet for
 * state_quiet_after (idle agents neither talk nor spend; a busy one draws
 * output, and the pace returns at the next tick).
 */
export function samplingDue(
  settings: Pick<DaemonSettings, 'usage' | 'state_quiet_after'>,
  now: number,
  lastOutputAt: number,
  lastSampleAt: number,
): boolean {
  if (!settings.usage.enabled) return false;
  const quiet = now - lastOutputAt >= settings.state_quiet_after;
  return now - lastSampleAt >= settings.usage.sample_interval * (quiet ? QUIET_SAMPLING : 1);
}
