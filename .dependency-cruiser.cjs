/* global module */
/**
 * The layer order of ARCHITECTURE.md, enforced on every `npm run lint`:
 *
 *   core → town/schemas → town → runtime → agents → polecats → oracle → refinery, escalation
 *        → plugins → daemon, store → ui, cli, demo
 *
 * A module may import its own layer and the layers to its left, never one to
 * its right. Each rule below names a layer and the layers above it.
 */
const above = (...dirs) => `^src/(${dirs.join('|')})/`;
const ABOVE_PLUGINS = ['daemon', 'store', 'ui', 'cli', 'demo'];
const ABOVE_ORACLE = ['refinery', 'escalation', 'plugins', ...ABOVE_PLUGINS];
const ABOVE_POLECATS = ['oracle', ...ABOVE_ORACLE];
const ABOVE_AGENTS = ['polecats', ...ABOVE_POLECATS];
const ABOVE_RUNTIME = ['agents', ...ABOVE_AGENTS];
const ABOVE_TOWN = ['runtime', ...ABOVE_RUNTIME];

const layer = (name, from, to) => ({
  name,
  comment: `${name}: a lower layer imports a higher one (see ARCHITECTURE.md)`,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    layer('core-is-the-floor', '^src/core/', '^src/(?!core/)'),
    // The model stand-in (a test and demo tool, its own process) stands on core alone.
    layer('standin-on-core-only', '^src/standin/', '^src/(?!core/|standin/)'),
    layer('schemas-above-core-only', '^src/town/schemas/', '^src/(?!core/|town/schemas/)'),
    layer('town-below-runtime', '^src/town/', above(...ABOVE_TOWN)),
    layer('runtime-below-agents', '^src/runtime/', above(...ABOVE_RUNTIME)),
    layer('agents-below-operations', '^src/agents/', above(...ABOVE_AGENTS)),
    layer('polecats-below-oracle', '^src/polecats/', above(...ABOVE_POLECATS)),
    layer('oracle-below-refinery-escalation', '^src/oracle/', above(...ABOVE_ORACLE)),
    layer('operations-below-plugins', '^src/(refinery|escalation)/', above('plugins', ...ABOVE_PLUGINS)),
    layer('plugins-below-daemon-store', '^src/plugins/', above(...ABOVE_PLUGINS)),
    layer('daemon-store-below-ui-cli', '^src/(daemon|store)/', above('ui', 'cli', 'demo')),
    {
      name: 'processes-only-in-runtime',
      comment:
        'every child process is started in src/runtime (the scripted agent and the demo setup excepted): see src/runtime/runner.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(runtime|agents/scripted|demo)/' },
      to: { path: '(^|/)node_modules/(execa|node-pty|simple-git|cross-spawn)/|^(node:)?child_process$' },
    },
    {
      name: 'no-cycles',
      comment: 'modules that import each other (directly or around a loop)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
