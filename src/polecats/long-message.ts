import { join } from 'node:path';
import { replaceFileSync } from '../core/disk-write.js';
import { sanitize, sanitizeLine } from '../core/sanitize.js';
import { MAX_TYPED_BYTES } from '../runtime/nudge.js';
import type { PolecatRef } from './resolve.js';

/**
 * What to type for a message to a polecat. A message a terminal line holds
 * is typed as it is. A longer one would be cut (a cooked-mode line holds
 * 4,095 bytes), so it goes whole into a file under the rig's runtime
 * directory, and the typed line says where it is and how it begins. (On an
 * outpost the file would not be where the agent runs: the message is left
 * as it is, and the delivery refuses it rather than cut it.)
 */
export function typedForm(
  ref: PolecatRef,
  message: string,
  now = Date.now(),
): { line: string; file?: string } {
  const line = sanitizeLine(message);
  // The file must be where the agent runs: on an outpost the typed delivery refuses instead.
  if (Buffer.byteLength(line) <= MAX_TYPED_BYTES || ref.runner.host !== 'local') return { line: message };
  const file = join(
    ref.paths.runtimeDir,
    'messages',
    ref.name,
    `${new Date(now).toISOString().replace(/[:.]/g, '-')}.md`,
  );
  replaceFileSync(file, sanitize(message));
  const begins = sanitizeLine(message, 160);
  return {
    file,
    line: `Message from the overseer, ${Array.from(line).length} characters, too long to type here: read all of it in ${file} (it begins: ${begins})`,
  };
}
