import { LocalRunner } from '../../src/runtime/local-runner.js';

/** This machine's runner, for tests that call library operations directly. */
export const local = new LocalRunner();
