/**
 * POST with a timeout and retries: the webhook adapter. A 2xx answer is
 * success; network errors, timeouts, 429 and 5xx are retried with backoff;
 * other 4xx answers are final (retrying cannot fix a bad URL or token).
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

export async function postWithRetries(url: string, o: PostOptions): Promise<PostResult> {
  let detail = '';
  let status: number | undefined;
  const tries = o.retries + 1;
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: o.headers,
        body: o.body,
        signal: AbortSignal.timeout(o.timeoutMs),
        redirect: 'error',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, status, attempts: attempt, detail: `HTTP ${status}` };
      detail = `HTTP ${status}`;
      if (status < 500 && status !== 429) return { ok: false, status, attempts: attempt, detail };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      detail =
        err.name === 'TimeoutError' ? `timed out after ${o.timeoutMs} ms` : (err.cause?.code ?? err.message);
    }
    if (attempt < tries) await new Promise((r) => setTimeout(r, (o.backoffMs ?? 500) * 2 ** (attempt - 1)));
  }
  return { ok: false, ...(status !== undefined ? { status } : {}), attempts: tries, detail };
}
