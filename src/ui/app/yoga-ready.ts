/**
 * Resolves once Ink's layout engine (yoga-layout's WebAssembly) is loaded.
 * As an ES module yoga-layout loads it before anything imports it, so this
 * has nothing to wait for; the CLI bundle (CommonJS, scripts/build-plugins.mjs)
 * replaces this module with yoga-layout's `ready()`, which starts the loading.
 */
export function yogaReady(): Promise<void> {
  return Promise.resolve();
}
