import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // tmux- and git-heavy integration tests: two cores on CI machines.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
