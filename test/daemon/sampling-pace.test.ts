import { describe, expect, it } from 'vitest';
import { QUIET_SAMPLING, samplingDue } from '../../src/daemon/sampling-pace.js';

const settings = (enabled = true) => ({
  usage: { enabled, sample_interval: 5000 },
  state_quiet_after: 30_000,
});

describe('samplingDue: tokens and machine use, slower while the town is quiet', () => {
  const now = 1_000_000;
  it.each([
    // [last output ms ago, last sample ms ago, due]
    ['output just now, sampled 5 s ago', 1000, 5000, true],
    ['output just now, sampled 4 s ago', 1000, 4000, false],
    ['quiet for 30 s, sampled 5 s ago', 30_000, 5000, false],
    ['quiet for 30 s, sampled 24 s ago', 30_000, 5000 * QUIET_SAMPLING - 1000, false],
    ['quiet for 30 s, sampled 25 s ago', 30_000, 5000 * QUIET_SAMPLING, true],
    ['never any output, never sampled', now, Infinity, true],
  ])('%s', (_, outputAgo, sampleAgo, due) => {
    expect(samplingDue(settings(), now, now - outputAgo, now - sampleAgo)).toBe(due);
  });
  it('never when sampling is off', () => {
    expect(samplingDue(settings(false), now, now, -Infinity)).toBe(false);
  });
});
