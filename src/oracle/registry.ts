import type { Runner } from '../runtime/runner.js';
import type { Town } from '../town/town.js';
import type { OracleFile } from '../town/schemas/oracle.js';
import { OverlapOracle, type RefreshResult, type Tracked } from './oracle.js';

/**
 * The daemon's oracles, one per rig, kept across ticks (their ref readers
 * and last reports live in memory). The daemon is the oracle file's writer.
 */
export class OracleRegistry {
  private readonly oracles = new Map<string, OverlapOracle>();

  constructor(
    readonly town: Town,
    readonly runner: Runner,
    readonly opts: { persist?: boolean } = { persist: true },
  ) {}

  oracle(rig: string, defaultBranch: string): OverlapOracle {
    let o = this.oracles.get(rig);
    if (!o || o.defaultBranch !== defaultBranch) {
      o = new OverlapOracle(this.town.rigPaths(rig), defaultBranch, this.runner, this.opts);
      this.oracles.set(rig, o);
    }
    return o;
  }

  refresh(
    rig: string,
    defaultBranch: string,
    tracked: readonly Tracked[],
    now?: number,
  ): Promise<RefreshResult> {
    return this.oracle(rig, defaultBranch).refresh(tracked, now);
  }

  current(rig: string): OracleFile | undefined {
    return this.oracles.get(rig)?.current();
  }

  async announce(rig: string, key: string, cls: string | undefined): Promise<void> {
    await this.oracles.get(rig)?.announce(key, cls);
  }
}
