import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Tests run the real CLI bundle: build it once before the suite. */
export default function setup(): void {
  execFileSync('node', [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
}
