import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { Daemon } from '../../src/daemon/loop.js';
import { makeTown, type TownFixture } from './town-fixture.js';
import type { TownEvent } from '../../src/town/schemas/event.js';
import { local } from './runner.js';

/**
 * A real town (bare origin, rig `web` whose tests fail when BROKEN exists,
 * throwaway tmux socket, fast scripted agent) with short daemon timings, and
 * an in-process Daemon to tick by hand.
 */
export type DaemonFixture = TownFixture & {
  daemon: Daemon;
  events: (kind?: string) => TownEvent[];
  tickUntil: <T>(what: string, fn: () => T | undefined | false, timeoutMs?: number) => Promise<T>;
};

export const FAST_SETTINGS = {
  version: 1,
  tick_interval: '200ms',
  witness: {
    stuck_after: '2s',
    nudge_cooldown: '1500ms',
    nudge_echo_grace: '1500ms',
    max_nudges: 3,
    verify_cooldown: '500ms',
  },
  supervisor: {
    manager_busy_within: '1s',
    poke_cooldown: '3s',
    respawn_cooldown: '1s',
    max_manager_sessions: 2,
  },
  gc: { interval: '5m' },
};

export async function daemonTown(
  opts: {
    settings?: object;
    chains?: object;
    agents?: string;
    maxWorkers?: number;
    files?: Record<string, string>;
  } = {},
): Promise<DaemonFixture> {
  delete process.env.EDITOR;
  delete process.env.VISUAL;
  const fx = await makeTown({ maxWorkers: opts.maxWorkers ?? 4, files: opts.files });
  writeFileSync(fx.town.paths.configFile('daemon.yaml'), stringify({ ...FAST_SETTINGS, ...opts.settings }));
  if (opts.chains) writeFileSync(fx.town.paths.configFile('chains.yaml'), stringify(opts.chains));
  if (opts.agents) writeFileSync(fx.town.paths.configFile('agents.yaml'), opts.agents);
  const daemon = new Daemon(fx.town, local, fx.tmux);
  const events = (kind?: string) =>
    readFileSync(fx.town.paths.events, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TownEvent)
      .filter((e) => !kind || e.kind === kind);
  const tickUntil = async <T>(
    what: string,
    fn: () => T | undefined | false,
    timeoutMs = 30_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await daemon.tick();
      const v = fn();
      if (v !== undefined && v !== false) return v as T;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; events:\n${events()
            .slice(-15)
            .map((e) => `${e.kind}: ${e.message}`)
            .join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  return { ...fx, daemon, events, tickUntil };
}
