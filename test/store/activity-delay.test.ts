import { describe, expect, it } from 'vitest';
import { activityDelay, QUIET_FACTOR, QUIET_ROUNDS } from '../../src/store/activity-poller.js';

describe('activityDelay', () => {
  it.each([
    { unchanged: 0, delay: 5000, why: 'just changed: base pace' },
    { unchanged: QUIET_ROUNDS - 1, delay: 5000, why: 'not quiet long enough yet' },
    { unchanged: QUIET_ROUNDS, delay: 5000 * QUIET_FACTOR, why: 'quiet: slower' },
    { unchanged: 100, delay: 5000 * QUIET_FACTOR, why: 'stays at the slow pace, no slower' },
  ])('$why', ({ unchanged, delay }) => {
    expect(activityDelay(5000, unchanged)).toBe(delay);
  });
});
