import type { LandingPlan } from '../../refinery/land.js';
/** What a confirm dialog shows before a destructive or weighty action: the steps, and what blocks it. */
export type PlanView = {
  /** Proceeding overrides checks (land --force: the session still runs, e.g. a done agent idling). */
  forced?: boolean;
  title: string;
  lines: { text: string; status: 'ok' | 'blocked' | 'skip' | 'todo' }[];
  canProceed: boolean;
  blockers: string[];
  /** The landing plan this view shows: landing executes exactly it. */
  landing?: LandingPlan;
};

export type ActionHooks = {
  /** Give the terminal to `fn` (attach outside tmux) and take it back after. */
  suspend?: <T>(fn: () => Promise<T>) => Promise<T>;
};
