import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The pinned peers, installed from npm into a cache (~/.cache/overseer/peers,
 * or $OVERSEER_PEERS_CACHE) once and reused. ccmanager 4.x ships a Bun-compiled
 * binary in a platform package; its 4.2.3 wrapper names a platform version the
 * registry does not have, so the platform package is pinned directly.
 */
export const CCMANAGER_BUN = { pkg: '@kodaikabasawa/ccmanager-linux-x64', version: '4.4.3' };
export const CCMANAGER_NODE = { pkg: 'ccmanager', version: '3.12.6' };

export function peersCache(): string {
  return process.env.OVERSEER_PEERS_CACHE ?? join(homedir(), '.cache', 'overseer', 'peers');
}

/** Install `pkg@version` under the cache (no install scripts: neither peer needs one). */
export async function installPeer(p: { pkg: string; version: string }): Promise<string> {
  const dir = join(peersCache(), `${p.pkg.replace('/', '+')}@${p.version}`);
  const main = join(dir, 'node_modules', p.pkg, 'package.json');
  if (existsSync(main)) return join(dir, 'node_modules', p.pkg);
  mkdirSync(dir, { recursive: true });
  const args = ['install', '--prefix', dir, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'];
  await new Promise<void>((resolve, reject) =>
    execFile('npm', [...args, `${p.pkg}@${p.version}`], { timeout: 300_000 }, (err, _o, stderr) =>
      err
        ? reject(new Error(`npm install ${p.pkg}@${p.version} failed: ${stderr || err.message}`))
        : resolve(),
    ),
  );
  if (!existsSync(main)) throw new Error(`npm install ${p.pkg}@${p.version} left no ${main}`);
  return join(dir, 'node_modules', p.pkg);
}
