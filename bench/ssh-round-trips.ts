import { LocalRunner } from '../src/runtime/local-runner.js';

/** Commands sent over an outpost's connection (`ssh … -- LINE`); `ssh -O` control requests stay on this machine. */
let count = 0;
const run = LocalRunner.prototype.run;

/** Start or stop counting the SSH round trips every LocalRunner makes (benchmarks only). */
export function countRoundTrips(on: boolean): void {
  LocalRunner.prototype.run = on
    ? function (this: LocalRunner, bin, args, opts) {
        if (bin === 'ssh' && args.includes('--')) count++;
        return run.call(this, bin, args, opts);
      }
    : run;
}

/** SSH round trips counted so far. */
export function roundTrips(): number {
  return count;
}
