import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDaemonSettings } from '../../src/town/daemon-settings.js';
import { ChainsConfig, loadChains, resolveChain } from '../../src/escalation/chains.js';
import { townDoctor as doctor } from '../../src/cli/doctor.js';
import { installTown } from '../../src/town/install.js';
import { tempDir } from '../support/tmp.js';
import { issue } from '../support/decide-data.js';
import { local } from '../support/runner.js';

describe('config/daemon.yaml, config/chains.yaml and config/agents.yaml', () => {
  it('a new town gets the shipped files, which validate; doctor is quiet about them', async () => {
    const town = installTown({ dir: join(tempDir(), 'town') });
    const s = loadDaemonSettings(town.paths);
    expect(s.witness).toMatchObject({ stuck_after: 15 * 60_000, max_nudges: 3 });
    expect(s.gc.interval).toBe(5 * 60_000);
    expect(loadChains(town.paths).chains['cheap-first']).toHaveLength(4);
    const findings = await doctor(local, town.root);
    expect(findings.filter((f) => f.file.includes('/config/'))).toEqual([]);
  });

  it('doctor names the file and field of a bad setting or an unknown tier', async () => {
    const town = installTown({ dir: join(tempDir(), 'town') });
    writeFileSync(town.paths.configFile('daemon.yaml'), 'version: 1\nwitness:\n  stuck_after: soon\n');
    writeFileSync(
      town.paths.configFile('chains.yaml'),
      'version: 1\ntiers: {a: {preset: scripted}}\nchains: {c: [a, b]}\n',
    );
    writeFileSync(town.paths.configFile('agents.yaml'), 'version: 1\nstuck_after_minutes: 3\n');
    const findings = (await doctor(local, town.root)).map((f) => f.message);
    expect(findings).toContainEqual(
      expect.stringMatching(/daemon\.yaml: field witness\.stuck_after: expected a duration/),
    );
    expect(findings).toContainEqual(
      expect.stringMatching(/chains\.yaml: field chains\.c\.1: unknown tier "b"/),
    );
    expect(findings).toContainEqual(
      expect.stringMatching(
        /agents\.yaml: field stuck_after_minutes: moved to daemon\.yaml witness\.stuck_after/,
      ),
    );
    expect(() => loadDaemonSettings(town.paths)).toThrow(/daemon\.yaml: field witness\.stuck_after/);
  });

  it.each([
    { labels: ['hard'], type: 'task', chain: 'strong' },
    { labels: [], type: 'bug', chain: 'bugs' },
    { labels: [], type: 'task', chain: 'default' },
  ])('routes $type with labels $labels to chain $chain (first match wins)', ({ labels, type, chain }) => {
    const c = ChainsConfig.parse({
      tiers: { s: { preset: 'aider', model: 'm1' }, l: { preset: 'claude', model: 'm2' } },
      chains: { strong: ['l'], bugs: ['s', 'l'], default: ['s'] },
      routes: [
        { labels: ['hard'], chain: 'strong' },
        { type: 'bug', chain: 'bugs' },
      ],
      default_chain: 'default',
    });
    expect(
      resolveChain(c, issue('web-1', { labels, issue_type: type as 'task' }), {
        name: 'web',
        default_agent: 'x',
      }).name,
    ).toBe(chain);
  });

  it('a pin is one tier and never escalates', () => {
    const r = resolveChain(
      ChainsConfig.parse({}),
      issue('web-1'),
      { name: 'web', default_agent: 'x' },
      { preset: 'codex', model: 'o3' },
    );
    expect(r).toEqual({
      name: 'pinned',
      pinned: true,
      tiers: [{ index: 0, name: 'pinned', preset: 'codex', model: 'o3' }],
    });
  });
});
