import { OverseerError } from '../../core/errors.js';
import { helperBundle, launcherScript } from './helper-bundle.js';
import { shJoin } from './quote.js';
import type { OutpostHost } from './outpost-host.js';

/** What an outpost told us when we connected. */
export type RemoteHost = {
  /** The host's own PATH for our commands. */
  path: string;
  /** Its node, if any (the helper needs it). */
  node?: string;
  /** The helper's directory (this version). */
  helper: string;
  /** `UID:GID` of the SSH user (a container runs the agent as them). */
  user?: string;
  /** The SSH user's HOME there. */
  home?: string;
  /** `remote_forwards` the master could not add, with what ssh said (a port taken there). */
  forwardErrors?: Record<string, string>;
};

// Fixed text; the paths come in as positional parameters, never spliced in.
const PREPARE = [
  'base="$1"; helper="$2"',
  'mkdir -p "$base/tmux" "$base/spool" && chmod 700 "$base/tmux" || exit 3',
  // A socket left by an earlier connection would block the new reverse forward.
  'rm -f "$base/gateway.sock"',
  'printf "path=%s\\n" "$PATH"',
  'printf "node=%s\\n" "$(command -v node 2>/dev/null)"',
  'printf "user=%s:%s\\n" "$(id -u)" "$(id -g)"',
  'printf "home=%s\\n" "$HOME"',
  'if [ -f "$helper/ok" ]; then echo helper=ok; else echo helper=missing; fi',
].join('\n');

const INSTALL = [
  'helper="$1"',
  'cat > "$helper/bin/overseer.tmp" && chmod 755 "$helper/bin/overseer.tmp" && mv "$helper/bin/overseer.tmp" "$helper/bin/overseer" && touch "$helper/ok"',
].join('\n');

/**
 * After each (re)connect: one round trip that makes the town's directories
 * on the outpost and reports its PATH and node; the helper is copied (scp,
 * same master) only when this version is not there yet; then the reverse
 * forwards are added to the master: the town's call gateway, and the
 * outpost's `remote_forwards`.
 */
export async function setupOutpost(r: OutpostHost): Promise<RemoteHost> {
  const bundle = helperBundle();
  const helper = r.layout.helper(bundle.hash);
  const prep = await r.exec(shJoin(['sh', '-c', PREPARE, 'sh', r.layout.base, helper]), {
    timeoutMs: 20_000,
  });
  if (prep.code !== 0)
    throw new OverseerError(
      'outpost-setup',
      `outpost ${r.host}: cannot prepare ${r.layout.base}: ${prep.stderr.trim() || `exit ${prep.code}`}`,
    );
  const kv = new Map(
    prep.stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  const node = kv.get('node') || undefined;
  const host: RemoteHost = {
    path: kv.get('path') ?? '/usr/local/bin:/usr/bin:/bin',
    helper,
    ...(node ? { node } : {}),
    ...(/^\d+:\d+$/.test(kv.get('user') ?? '') ? { user: kv.get('user')! } : {}),
    ...(kv.get('home') ? { home: kv.get('home')! } : {}),
  };
  if (kv.get('helper') !== 'ok' && node) {
    const mk = await r.exec(shJoin(['mkdir', '-p', `${helper}/bin`]));
    if (mk.code !== 0)
      throw new OverseerError(
        'outpost-setup',
        `outpost ${r.host}: cannot create ${helper}: ${mk.stderr.trim()}`,
      );
    for (const f of bundle.files) await r.copy(f, `${helper}/${f.slice(f.lastIndexOf('/') + 1)}`);
    const inst = await r.exec(shJoin(['sh', '-c', INSTALL, 'sh', helper]), {
      input: launcherScript(node, helper),
    });
    if (inst.code !== 0)
      throw new OverseerError(
        'outpost-setup',
        `outpost ${r.host}: cannot install the helper: ${inst.stderr.trim()}`,
      );
  }
  await r.conn.forwardRemote(`${r.layout.gateway}:${r.gatewaySocket}`);
  const failed: Record<string, string> = {};
  for (const f of r.config.remote_forwards) {
    const err = await r.conn.forwardRemote(f);
    if (err) failed[f] = err;
  }
  return Object.keys(failed).length > 0 ? { ...host, forwardErrors: failed } : host;
}
