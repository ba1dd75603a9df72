import { selectCrew, type CrewRow } from '../selectors/index.js';
import { openDetail } from './actions.js';
import { col } from './column.js';
import { definePane, type PaneAction } from './controller.js';

const detail = (r: CrewRow) => ({
  title: `crew workspace ${r.rig}/${r.name}`,
  lines: [
    `path    ${r.path}`,
    "a full clone sharing the rig's beads",
    '',
    `status  overseer crew list --rig ${r.rig}`,
    `remove  overseer crew rm ${r.rig} ${r.name} (refuses while it holds unpushed work)`,
  ],
});

/** a: a shell in the workspace (a session on the town's tmux server), opened like attach. */
const shell: PaneAction<CrewRow> = {
  command: 'action.attach',
  disabled: (row) => (row === undefined ? 'no crew workspace selected' : undefined),
  run: (ui, r) => ui.run(`shell in ${r!.rig}/crew/${r!.name}`, () => ui.actions.attachCrew(r!.rig, r!.name)),
};

/** Crew workspaces: the overseer's own clones, with a shell a key away. */
export const crewPane = definePane<CrewRow>({
  id: 'crew',
  title: 'Crew',
  context: 'crew',
  rows: selectCrew,
  key: (r) => r.key,
  columns: () => [
    col.text('name', 'NAME', 12, (r) => r.name),
    col.text('rig', 'RIG', 8, (r) => r.rig),
    col.flex('path', 'PATH', (r) => r.path),
  ],
  filterText: (r) => `${r.rig} ${r.name} ${r.path}`,
  detail,
  empty: () => 'no crew workspaces: overseer crew add RIG NAME',
  actions: [shell, openDetail(detail)],
});
