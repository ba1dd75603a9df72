import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { installAgentClis } from '../../scripts/agent-clis.mjs';

/**
 * Tests run the real CLI bundle: build it once before the suite. The real
 * agent CLIs (pinned versions, cached) are installed too: their tests run
 * everywhere, CI included, and fail here with npm's message if the registry
 * cannot be reached.
 */
export default function setup(): void {
  execFileSync('node', [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
  installAgentClis();
}
