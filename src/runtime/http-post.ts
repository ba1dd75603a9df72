import { readFileSync } from 'node:fs';

/**
 * POST with a timeout and retries: the webhook adapter. A 2xx answer is
 * success; network errors, timeouts, 429 and 5xx are retried with backoff;
 * other answers (4xx, a redirect) are final (retrying cannot fix a bad URL or token).
 */
export type PostResult = { ok: boolean; status?: number; attempts: number; detail: string };

export type PostOptions = {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  retries: number;
  /** First backoff; doubles each retry. */
  backoffMs?: number;
};

/**
 * The certificate authorities an HTTPS post trusts when NODE_EXTRA_CA_CERTS
 * names a file: Node's own plus that file, read here. The `overseer`
 * executable starts node without the variable (bin/overseer.js: Node 20 parses
 * the file before anything runs, ~40 ms of every start) and puts it back for
 * its children, so the one place that speaks TLS reads it itself. Unset (or
 * unreadable, as Node itself only warns then): Node's defaults.
 */
export async function trustedCa(env: NodeJS.ProcessEnv = process.env): Promise<string[] | undefined> {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    const extra = readFileSync(file, 'utf8');
    return [...(await import('node:tls')).rootCertificates, extra];
  } catch {
    return undefined;
  }
}

class Timeout extends Error {}

/**
 * One POST: the answer's status once its body is read; rejects on a network error or the timeout.
 * Node's HTTP and TLS modules load on the first post (not with every command, nor the cockpit).
 */
async function postOnce(url: URL, o: PostOptions, ca: string[] | undefined): Promise<number> {
  const send =
    url.protocol === 'https:' ? (await import('node:https')).request : (await import('node:http')).request;
  return new Promise((resolve, reject) => {
    const headers = { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) };
    const req = send(url, { method: 'POST', headers, ...(ca ? { ca } : {}) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Timeout()), o.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(o.body);
  });
}

export async function postWithRetries(url: string, o: PostOptions): Promise<PostResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, attempts: 1, detail: 'not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    // The URL itself is not quoted: a webhook's URL often holds its token.
    return { ok: false, attempts: 1, detail: `not an http(s) URL (${parsed.protocol})` };
  const ca = parsed.protocol === 'https:' ? await trustedCa() : undefined;
  let detail = '';
  let status: number | undefined;
  const tries = o.retries + 1;
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      status = await postOnce(parsed, o, ca);
      detail = `HTTP ${status}`;
      if (status >= 200 && status < 300) return { ok: true, status, attempts: attempt, detail };
      if (status < 500 && status !== 429) return { ok: false, status, attempts: attempt, detail };
    } catch (e) {
      const err = e as Error & { code?: string };
      detail = e instanceof Timeout ? `timed out after ${o.timeoutMs} ms` : (err.code ?? err.message);
    }
    if (attempt < tries) await new Promise((r) => setTimeout(r, (o.backoffMs ?? 500) * 2 ** (attempt - 1)));
  }
  return { ok: false, ...(status !== undefined ? { status } : {}), attempts: tries, detail };
}
