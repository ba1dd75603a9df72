import { join } from 'node:path';
import { installTown } from '../../src/town/install.js';
import { addRig } from '../../src/town/rigs.js';
import type { Town } from '../../src/town/town.js';
import { makeOrigin } from './git.js';
import { tempDir } from './tmp.js';
import { rigGit } from '../../src/runtime/git.js';
import { LocalRunner } from '../../src/runtime/local-runner.js';

/** A real town with one rig (`web`, prefix `web`) cloned from a real bare origin. */
export async function townWithRig(
  opts: { name?: string; files?: Record<string, string>; testCommand?: string; maxWorkers?: number } = {},
): Promise<{ town: Town; base: string; origin: string; work: string }> {
  const base = tempDir();
  const { bare, work } = makeOrigin(base, opts.files);
  const town = installTown({ dir: join(base, 'town'), name: opts.name ?? 'test' });
  await addRig(
    town,
    {
      name: 'web',
      source: bare,
      prefix: 'web',
      testCommand: opts.testCommand,
      maxWorkers: opts.maxWorkers,
    },
    rigGit(new LocalRunner()),
  );
  return { town, base, origin: bare, work };
}
