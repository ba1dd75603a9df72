import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustForClaude } from '../../src/agents/integrations/claude-trust.js';
import { tempDir } from '../support/tmp.js';

/** Pre-trusting polecat worktrees in a (throwaway) Claude Code config file. */
describe("Claude Code's trust file", () => {
  it('adds the one entry, keeps everything else, stays private, and covers folders below', async () => {
    const dir = tempDir('ov-trust');
    const file = join(dir, '.claude.json');
    const polecats = join(dir, 'rig', 'polecats');
    mkdirSync(join(polecats, 'furiosa'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ hasCompletedOnboarding: true, projects: { '/elsewhere': { allowedTools: ['x'] } } }),
    );
    expect(await trustForClaude(file, polecats)).toBe(true);
    const after = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(after).toEqual({
      hasCompletedOnboarding: true,
      projects: {
        '/elsewhere': { allowedTools: ['x'] },
        [polecats]: { hasTrustDialogAccepted: true },
      },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A worktree below is trusted already: the file is not written again.
    expect(await trustForClaude(file, join(polecats, 'furiosa'))).toBe(false);
  });

  it('leaves a file that is not JSON as it was, and says which file', async () => {
    const dir = tempDir('ov-trust');
    const file = join(dir, '.claude.json');
    writeFileSync(file, '{"projects": ');
    await expect(trustForClaude(file, dir)).rejects.toThrow(`${file}: not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe('{"projects": ');
  });
});
