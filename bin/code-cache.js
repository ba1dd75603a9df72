// Runs a CommonJS bundle through V8's code cache, which Node 20 offers only for
// scripts (its module compile cache needs Node 22): compiling the CLI bundle and
// the functions the cockpit runs before its first frame is most of its start-up.
//
// The cache is a file per bundle build, Node version and node flags (V8 refuses a
// cache made under other flags), kept beside the bundle in dist/code-cache/ or in
// $OVERSEER_CODE_CACHE_DIR. It is written by the cockpit once its first frame is
// drawn (then it holds what the start compiled), only when there was none or V8
// refused it, and replaced atomically; the build deletes the old ones. A missing,
// unreadable or damaged cache only means a slower start: V8 checks it and
// compiles from source.
const { isAscii } = require('node:buffer');
const { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

// Where the bundle tells its start-up story (the cockpit saves the cache through it).
const HOOK = Symbol.for('overseer.codeCache');

/** FNV-1a of a string, hex: enough to tell apart builds and flag sets (no node:crypto at start). */
function fnv(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function runBundle(file, missing) {
  if (!existsSync(file)) {
    process.stderr.write(missing);
    process.exit(1);
  }
  const st = statSync(file);
  const dir = process.env.OVERSEER_CODE_CACHE_DIR || join(dirname(file), 'code-cache');
  const key = fnv(
    `${st.size}:${st.mtimeMs}:${process.version}:${process.arch}:${process.execArgv.join(' ')}`,
  );
  const cacheFile = join(dir, `cli-${key}.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The build leaves the bundle ASCII (scripts/build.mjs): read so, it is ~10 ms
  // quicker than decoding 3.6 MB as UTF-8, and the same text.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const state = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  let saved = false;
  globalThis[HOOK] = {
    state,
    /** Write the cache now (what has been compiled so far), unless one was used. */
    save() {
      if (state === 'used' || saved) return 'kept';
      saved = true;
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
        return 'written';
      } catch {
        return 'unwritable';
      }
    },
  };
  const bundleRequire = createRequire(file);
  const bundleModule = { exports: {}, filename: file, id: '.', loaded: false, children: [], paths: [] };
  script.runInThisContext()(bundleModule.exports, bundleRequire, bundleModule, file, dirname(file));
}

module.exports = { runBundle };
