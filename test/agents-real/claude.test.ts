import { describe } from 'vitest';
import { realAgentSuite } from './cases.js';
import { demoCase } from './demo-case.js';

describe('claude (the real CLI, pinned, against the model stand-in)', () => {
  realAgentSuite('claude');
  demoCase('claude');
});
