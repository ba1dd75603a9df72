import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { OverseerError } from '../core/errors.js';
import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { readYamlConfig } from '../core/yaml-config.js';
import { LOCAL_HOST, type OutpostConfig, OutpostsFile, OutpostStatus } from './schemas/outpost.js';
import type { TownPaths } from './paths.js';

export const OUTPOSTS_CONFIG_FILE = 'outposts.yaml';

/** config/outposts.yaml, validated; no file means no outposts. */
export function loadOutposts(paths: TownPaths): OutpostsFile {
  return readYamlConfig(paths.configFile(OUTPOSTS_CONFIG_FILE), OutpostsFile);
}

/** One outpost's config; an unknown name is an error listing the known ones. */
export function outpostConfig(paths: TownPaths, name: string): OutpostConfig {
  const file = loadOutposts(paths);
  const o = file.outposts.find((x) => x.name === name);
  if (!o)
    throw new OverseerError(
      'unknown-outpost',
      `no outpost ${JSON.stringify(name)} in ${paths.configFile(OUTPOSTS_CONFIG_FILE)}; outposts: ${file.outposts.map((x) => x.name).join(', ') || '(none)'}`,
    );
  return o;
}

/** Replace config/outposts.yaml with a validated value (written whole; comments are not kept). */
export function saveOutposts(paths: TownPaths, value: unknown): OutpostsFile {
  const parsed = OutpostsFile.safeParse(value);
  if (!parsed.success)
    throw new OverseerError(
      'bad-config',
      `outposts: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const file = paths.configFile(OUTPOSTS_CONFIG_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(
    tmp,
    `# Outposts: other machines that run polecats (see README, "Outposts").\n${stringify(value)}`,
  );
  // A reader sees the old file or the new one.
  renameSync(tmp, file);
  return parsed.data;
}

/** A short, stable key of the town (its root path), naming its directory on an outpost. */
export function townKey(paths: TownPaths): string {
  return createHash('sha1').update(paths.root).digest('hex').slice(0, 10);
}

/**
 * Local files about outposts: status and delivered-call ledger under
 * .runtime/outposts/, SSH control sockets and the call gateway's sockets in a
 * per-town directory short enough for a unix socket path.
 */
export class OutpostFiles {
  constructor(readonly paths: TownPaths) {}

  get dir(): string {
    return join(this.paths.runtimeDir, 'outposts');
  }
  status(name: string): string {
    return join(this.dir, `${name}.json`);
  }
  ledger(name: string): string {
    return join(this.dir, `${name}.calls.jsonl`);
  }
  /** Sockets (ssh ControlPath, the gateway's): <town>/.runtime/sock, or a /tmp directory when that path is too long. */
  get socketDir(): string {
    const inTown = join(this.paths.runtimeDir, 'sock');
    if (inTown.length <= 80) return inTown;
    return join(tmpdir(), `ov-sock-${process.getuid?.() ?? 0}-${townKey(this.paths)}`);
  }
  controlSocket(name: string): string {
    return join(this.socketDir, `ssh-${name}`);
  }
  gatewaySocket(name: string): string {
    return join(this.socketDir, `gw-${name}`);
  }
}

export function readOutpostStatus(paths: TownPaths, name: string): OutpostStatus | undefined {
  const r = tryReadJson(new OutpostFiles(paths).status(name), OutpostStatus);
  return r.ok ? r.value : undefined;
}

/** Every outpost's last status (.runtime/outposts/NAME.json), in name order; a missing or bad file is left out. */
export function readOutpostStatuses(paths: TownPaths): OutpostStatus[] {
  const files = new OutpostFiles(paths);
  let names: string[];
  try {
    names = readdirSync(files.dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  const out: OutpostStatus[] = [];
  for (const n of names.sort()) {
    const r = tryReadJson(join(files.dir, n), OutpostStatus);
    if (r.ok) out.push(r.value);
  }
  return out;
}

/** When an outpost became unreachable (ISO), if its last status says it is; undefined when reachable or never checked. */
export function outpostStale(paths: TownPaths, name: string): string | undefined {
  const s = readOutpostStatus(paths, name);
  return s && !s.reachable ? (s.stale_since ?? s.updated_at) : undefined;
}

export async function writeOutpostStatus(paths: TownPaths, s: OutpostStatus): Promise<void> {
  await writeJsonAtomic(new OutpostFiles(paths).status(s.name), s);
}

/**
 * Where things live on an outpost, under its `dir`: the helper (shared by
 * towns), and per town (t-<key>) the rig mirrors, polecat worktrees,
 * prompts, the queue of agent calls, the call gateway's socket, the tmux
 * socket directory and offload jobs.
 */
export class OutpostLayout {
  readonly base: string;
  constructor(
    readonly dir: string,
    key: string,
  ) {
    this.base = `${dir}/t-${key}`;
  }
  helper(hash: string): string {
    return `${this.dir}/overseer/${hash}`;
  }
  mirror(rig: string): string {
    return `${this.base}/mirrors/${rig}.git`;
  }
  worktree(rig: string, polecat: string): string {
    return `${this.base}/${rig}/polecats/${polecat}`;
  }
  prompt(rig: string, polecat: string): string {
    return `${this.base}/${rig}/prompts/${polecat}.md`;
  }
  get spool(): string {
    return `${this.base}/spool`;
  }
  get gateway(): string {
    return `${this.base}/gateway.sock`;
  }
  tmuxSocket(name: string): string {
    return `${this.base}/tmux/${name}`;
  }
  offload(job: string): string {
    return `${this.base}/offload/${job}`;
  }
}

export { LOCAL_HOST };
