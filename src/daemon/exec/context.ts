import type { Runner } from '../../runtime/runner.js';
import type { Tmux } from '../../runtime/tmux.js';
import type { Town } from '../../town/town.js';
import type { Action } from '../actions.js';

/** What every action family needs to perform its actions. */
export type ExecContext = { town: Town; runner: Runner; tmux: Tmux; env: NodeJS.ProcessEnv };

export const ACTOR = 'daemon';

/** The action of one kind. */
export type ActionOf<K extends Action['kind']> = Extract<Action, { kind: K }>;
