import { describe } from 'vitest';
import { realAgentSuite } from './cases.js';

describe('gemini (the real CLI, pinned, against the model stand-in)', () => realAgentSuite('gemini'));
