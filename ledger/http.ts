import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Problem, problemBody } from './problem';
import type { Schemas, BodySchema } from './schemas';
import type { LedgerService, EnrolInput, Limits } from './service';

// HTTP front of the reference ledger: routing, size limits, content types, schema
// validation and RFC 9457 errors. Internal failures become a bare 500/503 whose detail
// never includes internals; the cause goes to the operator's log.
type Params = Record<string, number>;
interface Ctx {
  params: Params;
  query: URLSearchParams;
  body: unknown;
  req: IncomingMessage;
}
interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  schema?: BodySchema;
  limit?: number;
  admin: boolean;
  handle: (c: Ctx) => Promise<[number, unknown]>;
}

const KiB = 1024;
export const BATCH_BODY_LIMIT = 1024 * KiB;
const DEFAULT_BODY_LIMIT = 16 * KiB;
const DRAIN_LIMIT = 16 * 1024 * KiB; // read and discard at most this much of a refused body
const U32 = /^(0|[1-9][0-9]{0,9})$/;

function u32(text: string, what: string, min: number): number {
  const v = U32.test(text) ? Number(text) : NaN;
  if (!(v >= min && v <= 0xffffffff)) throw new Problem(400, 'invalid_request', `${what} must be an integer from ${min} to 4294967295`);
  return v;
}

function queryInt(q: URLSearchParams, name: string, min: number, max: number, fallback: number | undefined): number | undefined {
  const raw = q.get(name);
  if (raw === null) return fallback;
  const v = U32.test(raw) ? Number(raw) : NaN;
  if (!(v >= min && v <= max)) throw new Problem(400, 'invalid_request', `query ${name} must be an integer from ${min} to ${max}`);
  return v;
}

function routes(svc: LedgerService): Route[] {
  // What a bridge needs (records are authenticated by their MACs, settings and acks by
  // theirs) is open; enrolment, limits, issuer keys, revocations and the books need the
  // admin token when one is configured.
  const OPEN = new Set(['GET /v1/health', 'GET /v1/terminals/{terminalId}', 'POST /v1/terminals/{terminalId}/batches',
    'GET /v1/terminals/{terminalId}/cursor', 'GET /v1/terminals/{terminalId}/settings', 'GET /v1/issuer-keys', 'GET /v1/revocations',
    'POST /v1/certificates']);
  const r = (method: string, path: string, handle: Route['handle'], schema?: BodySchema, limit?: number): Route => {
    const names: string[] = [];
    const pattern = new RegExp('^' + path.replace(/\{(\w+)\}/g, (_m, n: string) => {
      names.push(n);
      return '([^/]+)';
    }) + '$');
    return { method, pattern, names, handle, schema, limit, admin: !OPEN.has(`${method} ${path}`) };
  };
  return [
    r('GET', '/v1/health', async () => [200, await svc.health()]),
    r('POST', '/v1/terminals', async (c) => [201, await svc.enrol(c.body as EnrolInput)], 'EnrolRequest'),
    r('GET', '/v1/terminals/{terminalId}', async (c) => [200, await svc.terminal(c.params.terminalId)]),
    r('PUT', '/v1/terminals/{terminalId}/limits', async (c) => [200, await svc.setLimits(c.params.terminalId, c.body as Limits)], 'Limits'),
    r('POST', '/v1/terminals/{terminalId}/batches', async (c) => {
      const key = c.req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length === 0) throw new Problem(400, 'idempotency_key_missing', 'the Idempotency-Key header is required');
      if (key.length > 128 || !/^[\x21-\x7e]+$/.test(key)) throw new Problem(400, 'invalid_request', 'Idempotency-Key must be 1-128 visible ASCII characters');
      const b = c.body as { records: string[]; certificates?: string[] };
      return [200, await svc.upload(c.params.terminalId, key, b.records, b.certificates ?? [])];
    }, 'BatchRequest', BATCH_BODY_LIMIT),
    r('GET', '/v1/terminals/{terminalId}/cursor', async (c) => [200, await svc.cursor(c.params.terminalId)]),
    r('GET', '/v1/terminals/{terminalId}/settings', async (c) => [200, await svc.settings(c.params.terminalId)]),
    r('GET', '/v1/terminals/{terminalId}/records', async (c) => [200, await svc.records(c.params.terminalId,
      queryInt(c.query, 'after', 0, 0xffffffff, 0)!, queryInt(c.query, 'limit', 1, 1000, 1000)!)]),
    r('GET', '/v1/issuer-keys', async () => [200, await svc.issuerKeys()]),
    r('PUT', '/v1/issuer-keys/{keyId}', async (c) => {
      const b = c.body as { publicKey: string; notAfter: number };
      return [200, await svc.putIssuerKey(c.params.keyId, b.publicKey, b.notAfter)];
    }, 'IssuerKeyRequest'),
    r('POST', '/v1/certificates', async (c) => [200, await svc.registerCertificates((c.body as { certificates: string[] }).certificates)], 'CertificatesRequest', 512 * KiB),
    r('GET', '/v1/revocations', async () => [200, await svc.revocations()]),
    r('POST', '/v1/revocations', async (c) => {
      const b = c.body as { walletId: number; reason?: string };
      return [201, await svc.revoke(b.walletId, b.reason)];
    }, 'RevocationRequest'),
    r('GET', '/v1/merchants/{merchantId}/settlement', async (c) => [200, await svc.settlement(c.params.merchantId)]),
    r('GET', '/v1/conflicts', async (c) => {
      const kind = c.query.get('kind') ?? undefined;
      if (kind !== undefined && !['double_spend', 'chain_fork', 'counter_rollback', 'challenge_replay'].includes(kind)) {
        throw new Problem(400, 'invalid_request', 'unknown conflict kind');
      }
      return [200, await svc.conflicts({
        terminalId: queryInt(c.query, 'terminalId', 1, 0xffffffff, undefined), kind,
        after: queryInt(c.query, 'after', 0, Number.MAX_SAFE_INTEGER, 0)!, limit: queryInt(c.query, 'limit', 1, 1000, 100)!,
      })];
    }),
  ];
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (!over) chunks.push(c);
      if (size > DRAIN_LIMIT) {
        req.destroy();
        reject(new Problem(413, 'body_too_large', `request body exceeds ${limit} bytes`));
      }
    });
    req.on('end', () => {
      if (over) reject(new Problem(413, 'body_too_large', `request body exceeds ${limit} bytes`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export interface HttpOptions {
  log: (line: string) => void;
  adminToken?: string;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = createHash('sha256').update(m[1]).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

export function createLedgerServer(svc: LedgerService, schemas: Schemas, options: HttpOptions): Server {
  const table = routes(svc);
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://ledger.invalid');
      } catch {
        throw new Problem(400, 'invalid_request', 'bad request target');
      }
      const matching = table.filter((rt) => rt.pattern.test(url.pathname));
      if (matching.length === 0) throw new Problem(404, 'not_found', 'no such resource');
      const route = matching.find((rt) => rt.method === req.method);
      if (!route) {
        res.setHeader('allow', matching.map((rt) => rt.method).join(', '));
        throw new Problem(405, 'method_not_allowed', `${req.method} is not allowed here`);
      }
      if (route.admin && options.adminToken !== undefined && !tokenMatches(req.headers.authorization, options.adminToken)) {
        req.resume();
        res.setHeader('www-authenticate', 'Bearer realm="kerb-ledger"');
        throw new Problem(401, 'unauthorized', 'this operation needs the ledger admin token (Authorization: Bearer …)');
      }
      const m = route.pattern.exec(url.pathname)!;
      const params: Params = {};
      route.names.forEach((n, i) => {
        params[n] = u32(m[i + 1], n, n === 'keyId' ? 0 : 1);
      });
      let body: unknown;
      if (route.schema) {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json') {
          req.resume();
          throw new Problem(415, 'unsupported_media_type', 'send application/json');
        }
        const raw = await readBody(req, route.limit ?? DEFAULT_BODY_LIMIT);
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new Problem(400, 'bad_json', 'the body is not valid JSON');
        }
        body = schemas.check(route.schema, body);
      } else {
        req.resume();
      }
      const [status, out] = await route.handle({ params, query: url.searchParams, body, req });
      send(res, status, out);
    } catch (e) {
      let p: Problem;
      if (e instanceof Problem) p = e;
      else {
        options.log(`ledger: internal error on ${req.method} ${path}: ${(e as Error)?.message ?? String(e)}`);
        p = new Problem(500, 'internal', 'the ledger could not complete this request; nothing was changed by it');
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (p.status === 413) res.setHeader('connection', 'close');
      send(res, p.status, problemBody(p, path), 'application/problem+json');
    }
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
