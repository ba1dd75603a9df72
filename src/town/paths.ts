import { join } from 'node:path';

/** Every path of the town format v1, in one place. */
export class TownPaths {
  constructor(readonly root: string) {}

  get mayorDir(): string {
    return join(this.root, 'mayor');
  }
  get townFile(): string {
    return join(this.root, 'mayor', 'town.json');
  }
  get rigsFile(): string {
    return join(this.root, 'mayor', 'rigs.json');
  }
  get mayorState(): string {
    return join(this.root, 'mayor', 'state.json');
  }
  get configDir(): string {
    return join(this.root, 'config');
  }
  configFile(name: string): string {
    return join(this.root, 'config', name);
  }
  get townBeads(): string {
    return join(this.root, '.beads', 'issues.jsonl');
  }
  get events(): string {
    return join(this.root, '.events.jsonl');
  }
  get runtimeDir(): string {
    return join(this.root, '.runtime');
  }
  get tmpDir(): string {
    return join(this.root, '.runtime', 'tmp');
  }
  get daemonPid(): string {
    return join(this.root, '.runtime', 'daemon.pid');
  }
  get daemonHeartbeat(): string {
    return join(this.root, '.runtime', 'daemon.heartbeat.json');
  }
  get daemonLock(): string {
    return join(this.root, '.runtime', 'daemon');
  }

  rig(name: string): RigPaths {
    return new RigPaths(join(this.root, name), name);
  }
}

export class RigPaths {
  constructor(
    readonly root: string,
    readonly name: string,
  ) {}

  get config(): string {
    return join(this.root, 'config.json');
  }
  get beads(): string {
    return join(this.root, '.beads', 'issues.jsonl');
  }
  get canonicalClone(): string {
    return join(this.root, 'mayor', 'rig');
  }
  get refineryClone(): string {
    return join(this.root, 'refinery', 'rig');
  }
  get refineryState(): string {
    return join(this.root, 'refinery', 'state.json');
  }
  get witnessState(): string {
    return join(this.root, 'witness', 'state.json');
  }
  get polecatsDir(): string {
    return join(this.root, 'polecats');
  }
  worktree(polecat: string): string {
    return join(this.root, 'polecats', polecat);
  }
  /** Crew workspaces: the overseer's own full clones. */
  get crewDir(): string {
    return join(this.root, 'crew');
  }
  crew(name: string): string {
    return join(this.root, 'crew', name);
  }
  get runtimeDir(): string {
    return join(this.root, '.runtime');
  }
  get polecatStateDir(): string {
    return join(this.root, '.runtime', 'polecats');
  }
  polecatState(polecat: string): string {
    return join(this.root, '.runtime', 'polecats', `${polecat}.json`);
  }
  get attemptsDir(): string {
    return join(this.root, '.runtime', 'attempts');
  }
  attempts(issue: string): string {
    return join(this.root, '.runtime', 'attempts', `${issue}.jsonl`);
  }
  get usageDir(): string {
    return join(this.root, '.runtime', 'usage');
  }
  /** Token usage of one issue's polecats, read from their agent CLIs' own records. */
  usage(issue: string): string {
    return join(this.root, '.runtime', 'usage', `${issue}.json`);
  }
  /** CPU, memory and disk per polecat, as the daemon last sampled them. */
  get resources(): string {
    return join(this.root, '.runtime', 'resources.json');
  }
  /** Budget alerts given and per-issue overrides. */
  get budgetState(): string {
    return join(this.root, '.runtime', 'budget.json');
  }
  /** Plugins (agents answering at hook points): <rig>/plugins/NAME/. */
  get pluginsDir(): string {
    return join(this.root, 'plugins');
  }
  pluginDir(name: string): string {
    return join(this.root, 'plugins', name);
  }
  /** A plugin's workspace: a git worktree of the canonical clone. */
  pluginWorkspace(name: string): string {
    return join(this.root, 'plugins', name, 'rig');
  }
  get pluginRuntimeDir(): string {
    return join(this.root, '.runtime', 'plugins');
  }
  /** The daemon's record of a plugin's consultations. */
  pluginRuntime(name: string): string {
    return join(this.root, '.runtime', 'plugins', `${name}.json`);
  }
  /** The merge oracle's report (files and line ranges per live branch, overlapping pairs). */
  get oracleFile(): string {
    return join(this.root, '.runtime', 'oracle.json');
  }
}
