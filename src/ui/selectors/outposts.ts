import { sanitizeLine } from '../../core/sanitize.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

/** One outpost as its status file (written by the daemon's tick or a ping) last said. */
export type OutpostPaneRow = {
  key: string;
  name: string;
  reachable: boolean;
  /** Epoch ms it stopped answering. */
  staleSince?: number;
  /** Epoch ms of its last answer. */
  lastOk?: number;
  latencyMs?: number;
  used: number;
  max: number;
  /** Its polecats (RIG/NAME), from the town's state files. */
  polecats: string[];
  /** Their process trees there, summed: CPU % (100 = one core) and resident bytes. */
  cpuPct?: number;
  rssBytes?: number;
  load1?: number;
  cpus?: number;
  memAvail?: number;
  memTotal?: number;
  diskFree?: number;
  diskTotal?: number;
  error?: string;
};

type Status = NonNullable<NonNullable<StoreSnapshot['heartbeat']>['outposts']>[number];

const time = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

function row(o: Status, polecats: string[]): OutpostPaneRow {
  const trees = Object.values(o.polecats ?? {});
  const h = o.host;
  const staleSince = o.reachable ? undefined : time(o.stale_since);
  const lastOk = time(o.last_ok_at);
  return {
    key: o.name,
    name: sanitizeLine(o.name, 24),
    reachable: o.reachable,
    ...(staleSince !== undefined ? { staleSince } : {}),
    ...(lastOk !== undefined ? { lastOk } : {}),
    ...(o.latency_ms !== undefined ? { latencyMs: Math.round(o.latency_ms) } : {}),
    used: o.slots_used,
    max: o.max_workers,
    polecats,
    ...(trees.length > 0
      ? {
          cpuPct: trees.reduce((a, t) => a + t.cpu_pct, 0),
          rssBytes: trees.reduce((a, t) => a + t.rss_bytes, 0),
        }
      : {}),
    ...(h
      ? {
          load1: h.load1,
          cpus: h.cpus,
          memAvail: h.mem_avail_bytes,
          memTotal: h.mem_total_bytes,
          ...(h.disk_free_bytes !== undefined ? { diskFree: h.disk_free_bytes } : {}),
          ...(h.disk_total_bytes !== undefined ? { diskTotal: h.disk_total_bytes } : {}),
        }
      : {}),
    ...(o.error ? { error: sanitizeLine(o.error, 300) } : {}),
  };
}

const rows = memoOn((snap: StoreSnapshot): OutpostPaneRow[] => {
  const at = new Map<string, string[]>();
  for (const rig of snap.rigs)
    for (const p of rig.polecats)
      if (p.outpost !== 'local') at.set(p.outpost, [...(at.get(p.outpost) ?? []), `${rig.name}/${p.name}`]);
  return (snap.heartbeat?.outposts ?? []).map((o) => row(o, at.get(o.name) ?? []));
});

/** The outposts, in their status files' order, with their polecats and resources. */
export function selectOutposts(snap: StoreSnapshot): OutpostPaneRow[] {
  return rows(snap);
}
