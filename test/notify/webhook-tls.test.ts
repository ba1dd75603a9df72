import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { overseerBin } from '../../src/core/package-root.js';
import { trustedCa } from '../../src/runtime/http-post.js';
import { runOverseer } from '../../src/ui/app/actions.js';
import { local } from '../support/runner.js';
import { townWithRig } from '../support/town.js';

// A self-signed certificate for 127.0.0.1, valid until 2126 (openssl req -x509, P-256):
// a receiver only NODE_EXTRA_CA_CERTS makes trusted.
const fixtures = fileURLToPath(new URL('../fixtures/tls', import.meta.url));
const CERT = join(fixtures, 'cert.pem');

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function httpsReceiver() {
  const bodies: string[] = [];
  const server = createServer(
    { cert: readFileSync(CERT), key: readFileSync(join(fixtures, 'key.pem')) },
    (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200).end();
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

/** The `overseer` executable run as an operator runs it: by its first line (not `node bin/...`). */
function overseerExe(args: string[], env: Record<string, string | undefined>) {
  const e = { ...process.env, OVERSEER_TOWN: undefined, NODE_EXTRA_CA_CERTS: undefined, ...env };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(overseerBin(), args, { env: e as NodeJS.ProcessEnv }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe('webhooks over HTTPS and NODE_EXTRA_CA_CERTS', () => {
  it('the executable posts to a receiver trusted through NODE_EXTRA_CA_CERTS, and its children still get the variable', async () => {
    const { town, base } = await townWithRig();
    const rx = await httpsReceiver();
    const out = join(base, 'child-env.json');
    const script = join(base, 'env.mjs');
    writeFileSync(
      script,
      "import { writeFileSync } from 'node:fs';\n" +
        'const { NODE_EXTRA_CA_CERTS, OVERSEER_EXTRA_CA_CERTS } = process.env;\n' +
        'writeFileSync(process.argv[2], JSON.stringify({ NODE_EXTRA_CA_CERTS, OVERSEER_EXTRA_CA_CERTS }));\n',
    );
    writeFileSync(
      town.paths.configFile('notify.yaml'),
      stringify({
        version: 1,
        channels: [
          { type: 'webhook', name: 'tls', url: rx.url, retries: 0, timeout: '5s' },
          { type: 'command', name: 'env', command: [process.execPath, script, out] },
        ],
      }),
    );

    const ok = await overseerExe(['notify', 'test', '--town', town.root], { NODE_EXTRA_CA_CERTS: CERT });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^✓ tls \(webhook\): HTTP 200/m);
    expect(ok.code).toBe(0);
    expect(rx.bodies).toHaveLength(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ NODE_EXTRA_CA_CERTS: CERT });

    // Without the variable the same receiver is not trusted: the trust above came from it.
    const bad = await overseerExe(['notify', 'test', '--town', town.root], {});
    expect(bad.stdout).toMatch(/^✗ tls \(webhook\): .*(SELF_SIGNED|self-signed|certificate)/im);
    expect(bad.code).toBe(1);
    expect(rx.bodies).toHaveLength(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({});
  });

  it('a command the cockpit runs (node bin/overseer.js, the variable moved aside) trusts it too', async () => {
    const { town } = await townWithRig();
    const rx = await httpsReceiver();
    writeFileSync(
      town.paths.configFile('notify.yaml'),
      stringify({ version: 1, channels: [{ type: 'webhook', name: 'tls', url: rx.url, retries: 0 }] }),
    );
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = CERT;
    try {
      const r = await runOverseer(local, town.root, ['notify', 'test']);
      expect(r.output).toMatch(/^✓ tls \(webhook\): HTTP 200/m);
      expect(r.code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
    expect(rx.bodies).toHaveLength(1);
  });

  it.each([
    ['unset', {}, undefined],
    ['empty', { NODE_EXTRA_CA_CERTS: '' }, undefined],
    ['a missing file (Node itself only warns)', { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' }, undefined],
    ['a file', { NODE_EXTRA_CA_CERTS: CERT }, 'extra'],
  ] as const)('trustedCa with NODE_EXTRA_CA_CERTS %s', async (_name, env, want) => {
    const ca = await trustedCa(env);
    if (want === undefined) expect(ca).toBeUndefined();
    else {
      expect(ca?.at(-1)).toBe(readFileSync(CERT, 'utf8'));
      expect(ca!.length).toBeGreaterThan(100); // Node's own authorities are kept
    }
  });
});
