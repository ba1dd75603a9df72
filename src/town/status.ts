import { OverseerError } from '../core/errors.js';
import { readTownSnapshot } from './snapshot.js';

export type RigStatus = {
  rig: string;
  issues: Record<string, number>;
  polecats: Record<string, number>;
  merge_requests: Record<string, number>;
};

export type TownStatus = {
  town: string;
  root: string;
  rigs: RigStatus[];
  unread_mail: Record<string, number>;
  problems: string[];
};

function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

/** Counts per rig. A broken town.json or rigs.json is an error naming the file. */
export function townStatus(root: string): TownStatus {
  const snap = readTownSnapshot(root);
  const fatal = snap.problems.find((p) => p.file.endsWith('town.json') || p.file.endsWith('rigs.json'));
  if (!snap.town || fatal) {
    throw new OverseerError('bad-town', fatal?.message ?? `${root}: mayor/town.json is unreadable`);
  }
  const rigs: RigStatus[] = snap.rigs.map((r) => {
    const s: RigStatus = { rig: r.name, issues: {}, polecats: {}, merge_requests: {} };
    for (const b of r.issues.values()) {
      if (b.issue_type === 'merge-request') bump(s.merge_requests, b.mr?.state ?? 'unknown');
      else if (b.issue_type !== 'message') bump(s.issues, b.status);
    }
    for (const p of r.polecats) bump(s.polecats, p.state);
    return s;
  });
  const unread: Record<string, number> = {};
  for (const b of snap.townBeads.values()) {
    if (b.issue_type === 'message' && b.status !== 'closed' && b.assignee) bump(unread, b.assignee);
  }
  return {
    town: snap.town.name,
    root,
    rigs,
    unread_mail: unread,
    problems: snap.problems.map((p) => p.message),
  };
}
