import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalRunner } from '../local-runner.js';
import { type ProcSample, scanMarked } from '../proc-usage.js';
import { type HostFacts, hostFacts } from './host-facts.js';
import { paneFresh, type PaneSeen } from '../pane-rule.js';
import { Tmux, type SessionInfo } from '../tmux.js';
import { type AgentCall, CALL_ID } from './calls.js';
import { type OffloadAnswer, type OffloadQuery, offloadStatus } from './offload.js';

/** What the town asks an outpost each tick, in one round trip. */
export type ProbeRequest = {
  /** The town's tmux socket on the outpost. */
  tmux: string;
  /** Sessions whose pane tail the town wants, with what it already read of each. */
  capture: { name: string; lines: number; known?: PaneSeen }[];
  /** The spool of agent calls; `ack`: ids the town has run (their files are removed first). */
  spool?: string;
  ack?: string[];
  /** Branch heads to report: refs under `prefix` of each repository (the mirrors). */
  heads?: { repo: string; prefix: string }[];
  /** Unfinished offload jobs there: each one's task statuses, in the same round trip. */
  offload?: OffloadQuery[];
  /** Overseer's directory there: the host's free disk is read at it. */
  dir?: string;
  /** The process trees to sample: processes whose `markVar` is one of `marks` (the town's agents there). */
  usage?: { markVar: string; marks: string[] };
};

export type ProbeAnswer = {
  /** The outpost's clock, epoch ms. */
  now: number;
  sessions: SessionInfo[];
  /** Panes read this time (others are unchanged since the town's read). */
  panes: Record<string, { tail: string; lines: number; readAt: number }>;
  calls: AgentCall[];
  heads: Record<string, Record<string, string>>;
  /** One answer per `offload` query, in order. */
  offload?: OffloadAnswer[];
  /** Load, memory, free disk. */
  host: HostFacts;
  /** The marked processes (CPU ticks so far, resident bytes): the town turns two passes into CPU %. */
  procs?: ProcSample[];
  errors: string[];
};

const MAX_CALLS = 100;

export async function probe(req: ProbeRequest): Promise<ProbeAnswer> {
  const runner = new LocalRunner();
  const tmux = new Tmux({ socketPath: req.tmux, runner });
  const errors: string[] = [];
  const sessions = await tmux.listSessions().catch((e: unknown) => {
    errors.push(`tmux: ${(e as Error).message}`);
    return [] as SessionInfo[];
  });
  const byName = new Map(sessions.map((s) => [s.name, s]));
  const panes: ProbeAnswer['panes'] = {};
  await Promise.all(
    req.capture.map(async (c) => {
      const info = byName.get(c.name);
      if (!info || info.paneDead || paneFresh(c.known, info, c.lines)) return;
      const readAt = Date.now();
      try {
        panes[c.name] = { tail: await tmux.capturePane(c.name, { lines: c.lines }), lines: c.lines, readAt };
      } catch {
        /* ended meanwhile: the list says so next time */
      }
    }),
  );
  const calls = req.spool ? spoolCalls(req.spool, req.ack ?? [], errors) : [];
  const heads: ProbeAnswer['heads'] = {};
  for (const h of req.heads ?? []) {
    const r = await runner.run('git', [
      '-C',
      h.repo,
      'for-each-ref',
      '--format=%(refname) %(objectname)',
      h.prefix,
    ]);
    if (r.code !== 0) continue; // no mirror yet
    heads[h.repo] = Object.fromEntries(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ') as [string, string]),
    );
  }
  const offload = req.offload ? await Promise.all(req.offload.map(offloadStatus)) : undefined;
  const want = new Set(req.usage?.marks ?? []);
  const procs =
    req.usage && want.size > 0 ? scanMarked(req.usage.markVar, new Map(), (m) => want.has(m)) : undefined;
  return {
    now: Date.now(),
    sessions,
    panes,
    calls,
    heads,
    host: hostFacts(req.dir),
    ...(procs ? { procs } : {}),
    ...(offload ? { offload } : {}),
    errors,
  };
}

/** Remove the acknowledged calls, then list the rest, oldest first. */
function spoolCalls(dir: string, ack: string[], errors: string[]): AgentCall[] {
  for (const id of ack) if (CALL_ID.test(id)) rmSync(join(dir, `${id}.json`), { force: true });
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && CALL_ID.test(n.slice(0, -5)));
  } catch {
    return [];
  }
  const out: AgentCall[] = [];
  for (const n of names.sort().slice(0, MAX_CALLS)) {
    try {
      out.push(JSON.parse(readFileSync(join(dir, n), 'utf8')) as AgentCall);
    } catch (e) {
      errors.push(`spool ${n}: ${(e as Error).message}`);
    }
  }
  return out;
}
