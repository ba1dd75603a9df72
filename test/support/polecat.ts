import type { PolecatState } from '../../src/town/schemas/polecat.js';

/**
 * The one builder of polecat state records in tests: rig `web`, the branch
 * and session spawn gives NAME, working, every field overridable.
 */
export function polecatRecord(name: string, at: string, over: Partial<PolecatState> = {}): PolecatState {
  return {
    version: 1,
    name,
    rig: 'web',
    issue: 'web-1',
    branch: `polecat/${name}`,
    worktree: `/town/web/polecats/${name}`,
    session: `ov-web-${name}`,
    agent: 'scripted',
    outpost: 'local',
    state: 'working',
    state_source: 'activity',
    state_reason: 'pane active',
    state_since: at,
    created_at: at,
    updated_at: at,
    ...over,
  };
}
