import { describe, expect, it } from 'vitest';
import { createIssue } from '../../src/town/issues.js';
import { ov } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

/**
 * Defect 5 (and the --json part of 6) of issue 17: what the CLI prints for
 * bad input. The argument parser wrote unknown options back raw; numeric
 * options given words crashed with exit 70 and a stack trace; --json passed
 * C1 and bidi characters through.
 */

/** ESC, BEL, CSI (C1), OSC (C1), RLO, LRI, and an OSC title sequence. */
const NASTY = 'x\x1b]0;PWNED\x07\x9b31m\x9d52;c;AAAA\x07\u202eevil\u2066';
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function expectUsageError(r: { exitCode: number; stderr: string }, option: string): void {
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stderr).toContain(option);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stderr).not.toMatch(RAW);
}

describe('the CLI with hostile or bad arguments', () => {
  it.each([
    ['an unknown option of a subcommand', ['issue', 'list', `--${NASTY}`]],
    ['an unknown option at the top', [`--${NASTY}`]],
    ['an unknown command', ['issue', NASTY]],
    ['a bad option value of a subcommand', ['mail', 'inbox', 'overseer', `--${NASTY}=1`]],
  ])('%s prints sanitized text (exit 2)', async (_label, args) => {
    const { town } = await townWithRig();
    const r = await ov(args, { cwd: town.root });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).toMatch(/unknown|error/);
  });

  it('every numeric option given a word is a usage error naming it (exit 2), never a stack trace', async () => {
    const { town, origin } = await townWithRig();
    const a = await createIssue(town, 'web', { title: 'a' });
    const cwd = town.root;
    expectUsageError(
      await ov(['issue', 'create', 'web', '--title', 't', '--priority', 'abc'], { cwd }),
      '--priority',
    );
    expectUsageError(await ov(['issue', 'update', a.id, '--priority', '1.5'], { cwd }), '--priority');
    expectUsageError(await ov(['peek', 'nux', '--lines', 'abc'], { cwd }), '--lines');
    expectUsageError(await ov(['peek', 'nux', '--lines', '0'], { cwd }), '--lines');
    expectUsageError(
      await ov(['rig', 'add', 'api', origin, '--max-workers', 'abc'], { cwd }),
      '--max-workers',
    );
    expectUsageError(
      await ov(['demo', '--step-ms', 'fast', '--no-spawn', '--no-daemon'], { cwd }),
      '--step-ms',
    );
  });

  it('--json escapes C1 and bidi characters; the JSON still reads back to the same text', async () => {
    const { town } = await townWithRig();
    const title = 'pay \u009b31m now \u202eevil\u2066 \u0085 done';
    const a = await createIssue(town, 'web', { title });
    const r = await ov(['issue', 'show', a.id, '--json'], { cwd: town.root });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('\\u009b');
    expect(r.stdout).toContain('\\u202e');
    expect((JSON.parse(r.stdout) as { title: string }).title).toBe(title);
  });
});
