import { OverseerError } from '../core/errors.js';
import type { Town } from '../town/town.js';
import { LocalRunner } from './local-runner.js';
import type { Runner } from './runner.js';

/**
 * The runner for one host of a town: `local` is this machine. This is the
 * one place that picks an implementation of Runner; an outpost (config/
 * outposts.yaml, `type: ssh`) adds its runner here, and every operation that
 * acts on a polecat asks for the runner of the polecat's `outpost`.
 */
export function runnerFor(town: Town, host = 'local'): Runner {
  if (host === 'local') return new LocalRunner();
  throw new OverseerError('unknown-outpost', `no outpost ${JSON.stringify(host)} in town ${town.root}`);
}
