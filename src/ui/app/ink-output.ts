import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Ink's internal `Output` module (`build/output.js`, not a public export),
 * loaded from node_modules. The bundle (scripts/build.mjs) replaces this file
 * with an import of the copy bundled with Ink, so the patch reaches the class
 * Ink really draws with.
 */
export function loadInkOutput(): Promise<unknown> {
  const index = createRequire(import.meta.url).resolve('ink');
  return import(pathToFileURL(join(dirname(index), 'output.js')).href);
}
