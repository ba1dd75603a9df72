// Pinned installs of the real agent CLIs (Claude Code, Codex, Gemini CLI) for the tests and the demo.
//
//   node scripts/agent-clis.mjs [install]   install what is missing (cached; a no-op when all are there)
//   node scripts/agent-clis.mjs path NAME   print the CLI's executable
//
// Versions come from config/agent-clis.json. Each CLI goes into its own directory of the cache
// ($OVERSEER_AGENT_CLIS, else $XDG_CACHE_HOME/overseer/agent-clis, else ~/.cache/overseer/agent-clis),
// installed with npm from the registry. npm 11 skips install scripts it is not told to allow: none of
// the three needs one (Claude Code's native binary comes in its platform package, linked by npm), and
// each install is checked by running `NAME --version` before it counts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const pins = JSON.parse(readFileSync(new URL('../config/agent-clis.json', import.meta.url), 'utf8'));

export function cacheDir(env = process.env) {
  if (env.OVERSEER_AGENT_CLIS) return env.OVERSEER_AGENT_CLIS;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'overseer', 'agent-clis');
}

export function cliDir(name, env = process.env) {
  const pin = pins[name];
  if (!pin)
    throw new Error(`unknown agent CLI ${JSON.stringify(name)}; known: ${Object.keys(pins).join(', ')}`);
  return join(cacheDir(env), `${name}-${pin.version}`);
}

export function cliBin(name, env = process.env) {
  return join(cliDir(name, env), 'node_modules', '.bin', pins[name].bin);
}

function versionOf(bin) {
  try {
    return execFileSync(bin, ['--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    return '';
  }
}

function installOne(name, log) {
  const pin = pins[name];
  const dir = cliDir(name);
  if (existsSync(join(dir, '.installed'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  log(`agent-clis: installing ${pin.package}@${pin.version}`);
  const spec = `${pin.package}@${pin.version}`;
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      tmp,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      spec,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 },
  );
  const bin = join(tmp, 'node_modules', '.bin', pin.bin);
  let version = versionOf(bin);
  if (!version.includes(pin.version) && name === 'claude') {
    // An npm that did not link the platform binary: the package's own postinstall does it.
    execFileSync('node', ['install.cjs'], {
      cwd: join(tmp, 'node_modules', ...pin.package.split('/')),
      stdio: 'ignore',
    });
    version = versionOf(bin);
  }
  if (!version.includes(pin.version)) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`${spec} installed but \`${pin.bin} --version\` said ${JSON.stringify(version.trim())}`);
  }
  writeFileSync(join(tmp, '.installed'), `${pin.version}\n`);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another install finished first: keep that one.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, '.installed'))) throw e;
  }
  return dir;
}

/** Install every pinned CLI that is not in the cache yet; returns their executables. */
export function installAgentClis(log = (s) => process.stderr.write(s + '\n')) {
  const out = {};
  for (const name of Object.keys(pins)) {
    installOne(name, log);
    out[name] = cliBin(name);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd = 'install', name] = process.argv.slice(2);
  if (cmd === 'install') {
    const bins = installAgentClis();
    for (const [n, b] of Object.entries(bins)) console.log(`${n} ${pins[n].version} ${b}`);
  } else if (cmd === 'path' && name) console.log(cliBin(name));
  else {
    console.error('usage: node scripts/agent-clis.mjs [install | path NAME]');
    process.exit(2);
  }
}
