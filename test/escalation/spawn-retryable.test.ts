import { describe, expect, it } from 'vitest';
import { OverseerError } from '../../src/core/errors.js';
import { isRetryableSpawnError } from '../../src/escalation/spawn-attempt.js';

describe('which spawn failures keep the attempt for the next tick', () => {
  it.each([
    ['max-workers', true],
    ['issue-taken', true],
    ['no-host', true],
    ['lock-timeout', true],
    ['name-taken', false],
    ['disk-full', false],
    ['unknown-preset', false],
  ])('%s → %s', (code, retry) => {
    expect(isRetryableSpawnError(new OverseerError(code, 'x'))).toBe(retry);
  });

  it('a plain error (git failed, the agent missing) ends the attempt', () => {
    expect(isRetryableSpawnError(new Error('git worktree add failed'))).toBe(false);
  });
});
