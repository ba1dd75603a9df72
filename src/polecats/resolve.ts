import { relative, resolve, sep } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { NAME_PATTERN } from '../core/names.js';
import { runnerFor } from '../runtime/hosts.js';
import type { Runner } from '../runtime/runner.js';
import type { RigPaths } from '../town/paths.js';
import { readPolecat, readPolecats } from '../town/polecat-state.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import { Town } from '../town/town.js';

/** A polecat and what acting on it needs: its state file and the runner of the host it lives on. */
export type PolecatRef = {
  town: Town;
  rig: string;
  name: string;
  paths: RigPaths;
  state: PolecatState;
  runner: Runner;
};

/** The ref of a polecat whose state is at hand; its runner is its outpost's. */
export function polecatRef(town: Town, state: PolecatState): PolecatRef {
  const rig = state.rig;
  return {
    town,
    rig,
    name: state.name,
    paths: town.rigPaths(rig),
    state,
    runner: runnerFor(town, state.outpost),
  };
}

/** `NAME` (unique across rigs) or `RIG/NAME` → the polecat and its state file. */
export function resolvePolecat(town: Town, arg: string): PolecatRef {
  const parts = arg.split('/');
  if (parts.length === 2) {
    const [rig, name] = parts as [string, string];
    town.rig(rig);
    const paths = town.rigPaths(rig);
    const state = readPolecat(paths, name);
    if (!state) throw notFound(town, arg);
    return { ...polecatRef(town, state), rig, name, paths };
  }
  if (parts.length !== 1 || !NAME_PATTERN.test(arg)) {
    throw new OverseerError('bad-polecat', `invalid polecat ${JSON.stringify(arg)}: use NAME or RIG/NAME`);
  }
  const hits: PolecatRef[] = [];
  for (const rig of town.rigNames()) {
    const paths = town.rigPaths(rig);
    const state = readPolecat(paths, arg);
    if (state) hits.push({ ...polecatRef(town, state), rig, name: arg, paths });
  }
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    throw new OverseerError(
      'ambiguous-polecat',
      `polecat ${JSON.stringify(arg)} exists in several rigs: ${hits.map((h) => `${h.rig}/${arg}`).join(', ')}; say which`,
    );
  }
  throw notFound(town, arg);
}

function notFound(town: Town, arg: string): OverseerError {
  const known = town
    .rigNames()
    .flatMap((r) => readPolecats(town.rigPaths(r)).polecats.map((p) => `${r}/${p.name}`));
  return new OverseerError(
    'unknown-polecat',
    `no polecat ${JSON.stringify(arg)}; polecats in this town: ${known.join(', ') || '(none)'}`,
  );
}

/**
 * The polecat an agent-side command (`done`, `signal`) runs for: from the
 * environment set at spawn, else from the working directory
 * (<town>/<rig>/polecats/<name>/...).
 */
export function resolveSelf(opts: { town?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): PolecatRef {
  const env = opts.env ?? process.env;
  const cwd = resolve(opts.cwd ?? process.cwd());
  const town = Town.locate({ town: opts.town, env, cwd });
  let rig = env.OVERSEER_RIG;
  let name = env.OVERSEER_POLECAT;
  if (!rig || !name) {
    const rel = relative(town.root, cwd).split(sep);
    if (rel.length >= 3 && rel[1] === 'polecats' && !rel[0]!.startsWith('..')) {
      rig = rel[0];
      name = rel[2];
    }
  }
  if (!rig || !name) {
    throw new OverseerError(
      'not-a-polecat',
      `this command is run by a polecat: set OVERSEER_RIG and OVERSEER_POLECAT, or run it inside ${town.root}/<rig>/polecats/<name>`,
    );
  }
  return resolvePolecat(town, `${rig}/${name}`);
}
