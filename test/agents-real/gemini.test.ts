import { describe } from 'vitest';
import { realAgentSuite } from './cases.js';
import { demoCase } from './demo-case.js';

describe('gemini (the real CLI, pinned, against the model stand-in)', () => {
  realAgentSuite('gemini');
  demoCase('gemini');
});
