import { describe } from 'vitest';
import { realAgentSuite } from './cases.js';
import { demoCase } from './demo-case.js';

describe('codex (the real CLI, pinned, against the model stand-in)', () => {
  realAgentSuite('codex');
  demoCase('codex');
});
