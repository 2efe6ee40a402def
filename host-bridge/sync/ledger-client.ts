import { nextDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';

// The bridge's view of the Ledger API (ledger/openapi.yaml): only what sync and
// provisioning use. Transient failures (no connection, timeout, 5xx, 408, 429) are retried
// with backoff inside the policy's budget; a problem+json 4xx is returned to the caller.
export interface Cursor {
  terminalId: number;
  lastSeq: number;
  lastTag: string;
  ack: string | null;
}

export interface BatchResult {
  terminalId: number;
  accepted: number[];
  rejected: Array<{ seq: number; code: string; detail: string }>;
  retry: Array<{ seq: number; code: 'unknown_certificate' | 'chain_gap' | 'not_authentic' }>;
  cursor: Cursor;
  ack: string | null;
}

export interface SettingsResult {
  terminalId: number;
  version: number;
  time: number;
  settings: string;
}

export interface EnrolRequest {
  terminalId?: number;
  merchantId: number;
  label?: string;
  currency: number;
  perPaymentLimit: number;
  offlineTotalLimit: number;
  maxOfflineAge: number;
}

export interface Enrolled {
  terminalId: number;
  merchantId: number;
  authKey: string;
  enrolment: string;
}

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  cursor?: Cursor;
}

// The ledger URL itself is wrong (a usage error, not an outage).
export class LedgerConfigError extends Error {
  override name = 'LedgerConfigError';
}

// The ledger could not be reached within the retry budget.
export class LedgerUnavailable extends Error {
  override name = 'LedgerUnavailable';
}

// The ledger answered with a 4xx problem.
export class LedgerProblem extends Error {
  override name = 'LedgerProblem';
  problem: Problem;
  constructor(what: string, problem: Problem) {
    super(`${what}: ledger refused (${problem.status} ${problem.code})${problem.detail ? ': ' + problem.detail : ''}`);
    this.problem = problem;
  }
}

export interface LedgerClientOptions {
  timeoutMs?: number; // one HTTP exchange
  backoff?: BackoffPolicy;
  onRetry?: (what: string, attempt: number, delayMs: number, why: string) => void;
}

const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

export class LedgerClient {
  base: string;
  timeoutMs: number;
  backoff: BackoffPolicy;
  onRetry: LedgerClientOptions['onRetry'];
  requests = 0;
  retries = 0;

  constructor(baseUrl: string, options: LedgerClientOptions = {}) {
    let u: URL;
    try {
      u = new URL(baseUrl);
    } catch {
      throw new LedgerConfigError(`bad ledger URL '${baseUrl}'`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new LedgerConfigError(`bad ledger URL '${baseUrl}': http or https only`);
    this.base = u.href.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.onRetry = options.onRetry;
  }

  async call<T>(what: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let why: string;
      let retryAfterMs = 0;
      this.requests++;
      try {
        const res = await fetch(this.base + path, {
          method,
          headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const text = await res.text();
        if (res.ok) return parseJson(what, text) as T;
        if (!TRANSIENT.has(res.status)) throw new LedgerProblem(what, toProblem(res.status, text));
        why = `HTTP ${res.status}`;
        const ra = Number(res.headers.get('retry-after'));
        if (Number.isFinite(ra) && ra > 0) retryAfterMs = Math.min(ra * 1000, this.backoff.capMs);
      } catch (e) {
        if (e instanceof LedgerProblem) throw e;
        const err = e as Error & { cause?: { code?: string } };
        why = err.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : err.cause?.code ?? err.message;
      }
      const delay = nextDelay(this.backoff, attempt + 1, Date.now() - started);
      if (delay === null) throw new LedgerUnavailable(`${what}: ledger ${this.base} unavailable after ${attempt + 1} attempts (${why})`);
      const wait = Math.max(delay, retryAfterMs);
      this.retries++;
      this.onRetry?.(what, attempt + 1, wait, why);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  health(): Promise<{ status: string; time: number }> {
    return this.call('health', 'GET', '/v1/health');
  }

  cursor(terminalId: number): Promise<Cursor> {
    return this.call('cursor', 'GET', `/v1/terminals/${terminalId}/cursor`);
  }

  settings(terminalId: number): Promise<SettingsResult> {
    return this.call('settings', 'GET', `/v1/terminals/${terminalId}/settings`);
  }

  upload(terminalId: number, records: Uint8Array[], idempotencyKey: string): Promise<BatchResult> {
    return this.call('upload', 'POST', `/v1/terminals/${terminalId}/batches`, { records: records.map(b64) }, { 'idempotency-key': idempotencyKey });
  }

  enrol(req: EnrolRequest): Promise<Enrolled> {
    return this.call('enrol', 'POST', '/v1/terminals', req);
  }
}

export function b64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

export function unb64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'base64'));
}

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LedgerProblem(what, { status: 200, code: 'bad_json', detail: 'the ledger answered with something that is not JSON' });
  }
}

function toProblem(status: number, text: string): Problem {
  try {
    const p = JSON.parse(text) as Partial<Problem>;
    if (p && typeof p.code === 'string') return { ...p, status, code: p.code } as Problem;
  } catch {
    // not problem+json
  }
  return { status, code: `http_${status}`, detail: text.slice(0, 200) };
}
