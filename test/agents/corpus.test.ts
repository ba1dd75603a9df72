import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPreset, loadAgentsConfig } from '../../src/agents/presets.js';
import { compileRules } from '../../src/agents/state/rules.js';
import { readScreen } from '../../src/agents/state/screen.js';

/**
 * State truth, measured: real screens captured from each CLI
 * (scripts/capture-screens.ts, at 80 columns and wider) with the state a
 * person gives them, read by the preset's patterns exactly as Overseer reads
 * a live pane. Prints the accuracy per CLI; a screen that waits for a human
 * must never read as working.
 */

type Label = { file: string; cli: string; cols: number; scenario: string; expect: string; note: string };
const DIR = join(import.meta.dirname, '..', 'fixtures', 'screens');
const labels = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as Label[];
const agents = loadAgentsConfig();

function reading(l: Label): string {
  const rules = compileRules(getPreset(agents, l.cli));
  const r = readScreen(readFileSync(join(DIR, l.file), 'utf8'), rules);
  if (!r) return 'unknown';
  return r.state === 'error' ? `error:${r.error}` : r.state;
}

/** An exit screen is told by the dead pane, not by patterns: it only must not read as busy or asking. */
const correct = (expected: string, got: string) =>
  expected === 'exited' ? got === 'unknown' || got === 'idle' : expected === got;

describe('the corpus of real agent screens', () => {
  const clis = [...new Set(labels.map((l) => l.cli))].sort();

  it('holds every kind of screen for each CLI, at 80 columns and wider', () => {
    expect(clis).toEqual(['claude', 'codex', 'gemini']);
    for (const cli of clis) {
      const mine = labels.filter((l) => l.cli === cli);
      const expects = new Set(mine.map((l) => l.expect.split(':')[0]));
      for (const e of ['working', 'waiting', 'idle', 'exited', 'error'])
        expect([cli, expects.has(e)]).toEqual([cli, true]);
      expect(new Set(mine.map((l) => l.cols))).toEqual(new Set([80, 120]));
    }
  });

  it.each(clis)('%s: at least 99 percent read right, and no question for a human reads as working', (cli) => {
    const mine = labels.filter((l) => l.cli === cli);
    const results = mine.map((l) => ({ l, got: reading(l) }));
    const wrong = results.filter((r) => !correct(r.l.expect, r.got));
    const accuracy = (100 * (mine.length - wrong.length)) / mine.length;
    process.stdout.write(
      `corpus ${cli}: ${mine.length - wrong.length}/${mine.length} screens read right (${accuracy.toFixed(1)}%)` +
        wrong.map((w) => `\n  ${w.l.file}: expected ${w.l.expect}, read ${w.got}`).join('') +
        '\n',
    );
    const waitingAsWorking = results.filter((r) => r.l.expect === 'waiting' && r.got === 'working');
    expect(waitingAsWorking.map((r) => r.l.file)).toEqual([]);
    expect(accuracy).toBeGreaterThanOrEqual(99);
  });
});
