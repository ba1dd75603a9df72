import { describe } from 'vitest';
import { realAgentSuite } from './cases.js';

describe('codex (the real CLI, pinned, against the model stand-in)', () => realAgentSuite('codex'));
