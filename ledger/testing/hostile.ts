import { b64, CURRENCY, T0, type World } from './world';
import type { JournalWriter } from './journal-writer';
import { BATCH_BODY_LIMIT } from '../http';

// Malformed and hostile requests for the Ledger API (DESIGN.md invariant 6): every one
// must be refused with a 4xx problem+json and leave the database as it was. Generated
// deterministically from a seed, in families; `count` is spread over the families.
export interface HostileRequest {
  family: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HostileContext {
  world: World;
  victim: JournalWriter; // enrolled, with `stored` uploaded
  stored: Uint8Array[];
  pending: Uint8Array[]; // the victim's next authentic records, not uploaded
  foreign: Uint8Array[]; // another terminal's records
  usedKey: string; // an Idempotency-Key already bound to a batch of the victim
  certificate: Uint8Array; // a registered certificate
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return {
    next(): number {
      s ^= s << 13; s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5; s >>>= 0;
      return s / 0x100000000;
    },
    int(n: number): number {
      return Math.floor(this.next() * n);
    },
    pick<T>(list: T[]): T {
      return list[this.int(list.length)];
    },
    bytes(n: number): Uint8Array {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = this.int(256);
      return b;
    },
  };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const WEIRD_VALUES: unknown[] = [
  null, true, false, '', 'x', '1', -1, 0, 1.5, 1e308, -1e308, 4294967296, 2 ** 53, 99999999999999999999, [], {}, [1], { a: 1 }, 'A'.repeat(300),
];

export function hostileRequests(ctx: HostileContext, count: number, seed = 1): HostileRequest[] {
  const r = rng(seed);
  const tid = ctx.victim.terminalId;
  const batchPath = `/v1/terminals/${tid}/batches`;
  const key = () => ({ ...JSON_TYPE, 'idempotency-key': `hostile-${r.int(1e9)}` });
  const mutate = (rec: Uint8Array): Uint8Array => {
    const c = rec.slice();
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) c[r.int(c.length)] ^= 1 << r.int(8);
    return c;
  };
  const batch = (records: (Uint8Array | string)[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ records: records.map((x) => (typeof x === 'string' ? x : b64(x))), ...extra });
  const validEnrol = { merchantId: 1, currency: CURRENCY, perPaymentLimit: 1, offlineTotalLimit: 1, maxOfflineAge: 1 };

  const families: [string, () => Omit<HostileRequest, 'family'>][] = [
    ['unknown route', () => ({ method: r.pick(['GET', 'POST', 'PUT']), path: r.pick(['/', '/v1', '/v2/health', '/v1/terminals/1/nope', '/etc/passwd', '/v1/../v1/health/x', `/v1/terminals/${tid}/batches/1`]), headers: {} })],
    ['wrong method', () => ({ method: r.pick(['DELETE', 'PATCH', 'PUT', 'POST']), path: r.pick(['/v1/health', '/v1/conflicts', `/v1/terminals/${tid}/cursor`, '/v1/issuer-keys']), headers: {} })],
    ['bad path parameter', () => ({ method: 'GET', path: `/v1/terminals/${r.pick(['0', '-1', 'abc', '4294967296', '1e3', '01', '%00', '99999999999999999999', '1.0', '%2F', '%zz', '%E0%A4%A', '%31'])}/cursor`, headers: {} })],
    ['unknown terminal', () => ({ method: 'POST', path: `/v1/terminals/${3_000_000_000 + r.int(1000)}/batches`, headers: key(), body: batch(ctx.pending.slice(0, 1)) })],
    ['bad query', () => ({ method: 'GET', path: r.pick(['/v1/conflicts?limit=0', '/v1/conflicts?limit=1001', '/v1/conflicts?after=-1', '/v1/conflicts?kind=evil', '/v1/conflicts?terminalId=x', `/v1/terminals/${tid}/records?limit=abc`, `/v1/terminals/${tid}/records?after=1e9`]), headers: {} })],
    ['wrong content type', () => ({ method: 'POST', path: r.pick([batchPath, '/v1/terminals', '/v1/revocations']), headers: { 'content-type': r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']), 'idempotency-key': 'ct' }, body: batch(ctx.pending.slice(0, 1)) })],
    ['deeply nested JSON', () => {
      const depth = 1000 + r.int(6000);
      const path = r.pick([batchPath, '/v1/terminals', '/v1/certificates']);
      const inner = '['.repeat(depth) + ']'.repeat(depth);
      return { method: 'POST', path, headers: key(), body: r.int(2) ? inner : `{"records":${inner}}` };
    }],
    ['invalid JSON', () => ({ method: 'POST', path: r.pick([batchPath, '/v1/terminals', '/v1/revocations', '/v1/certificates']), headers: key(), body: r.pick(['', '{', '{"records":[', 'nul', '[1,2', '{"a":1}}', '\u0000', '{"records": ["a"],}']) })],
    ['wrong types in enrolment', () => {
      const body: Record<string, unknown> = { ...validEnrol };
      const field = r.pick(['merchantId', 'currency', 'perPaymentLimit', 'offlineTotalLimit', 'maxOfflineAge', 'terminalId', 'label', 'extra']);
      body[field] = field === 'label' ? r.pick(WEIRD_VALUES.filter((v) => typeof v !== 'string' || v.length > 100)) : r.pick(WEIRD_VALUES);
      if (r.int(4) === 0) delete body[r.pick(Object.keys(validEnrol))];
      return { method: 'POST', path: '/v1/terminals', headers: JSON_TYPE, body: JSON.stringify(r.int(10) === 0 ? r.pick(WEIRD_VALUES) : body) };
    }],
    ['wrong types in batch', () => {
      const body: Record<string, unknown> = { records: [b64(ctx.pending[0])] };
      const f = r.int(4);
      if (f === 0) body.records = r.pick(WEIRD_VALUES);
      else if (f === 1) body.records = [r.pick(WEIRD_VALUES)];
      else if (f === 2) body.certificates = r.pick(WEIRD_VALUES.filter((v) => !Array.isArray(v) || (v as unknown[]).length > 0));
      else {
        // Extra members, including ones that would reach a prototype if merged naively.
        const extra = JSON.stringify(r.pick(WEIRD_VALUES));
        const name = r.pick(['__proto__', 'constructor', 'terminalId', 'ack']);
        return { method: 'POST', path: batchPath, headers: key(), body: `{"records":${JSON.stringify(body.records)},"${name}":${extra}}` };
      }
      return { method: 'POST', path: batchPath, headers: key(), body: JSON.stringify(body) };
    }],
    ['garbage base64', () => ({ method: 'POST', path: batchPath, headers: key(), body: batch([r.pick(['!!!!', 'AAA', 'AA=A', 'A===', '====', 'QUJD\n', 'QU JD', 'QUJDRA', 'QUI=QUI=', b64(ctx.pending[0]).slice(1)])]) })],
    ['non-canonical base64', () => ({ method: 'POST', path: batchPath, headers: key(), body: batch([b64(ctx.pending[0]).slice(0, -2) + 'h=']) })],
    ['malformed record bytes', () => {
      const p = ctx.pending[0];
      const bad = r.pick([
        () => r.bytes(1 + r.int(200)),
        () => p.subarray(0, r.int(p.length)),
        () => Uint8Array.of(...p, r.int(256)),
        () => { const c = p.slice(); c[0] = 1 + r.int(4); return c; },
        () => { const c = p.slice(); c[1] = 2 + r.int(200); return c; },
        () => { const c = p.slice(); c.fill(0, 2, 6); return c; },
        () => { const c = p.slice(); c[18] = 0xff; c[19] = 0xff; return c; },
        () => { const c = p.slice(); c[136] = 200; return c; },
      ])();
      return { method: 'POST', path: batchPath, headers: key(), body: batch([bad]) };
    }],
    ['forged signature or wrong MAC', () => {
      const p = r.pick(ctx.pending.slice(0, 3));
      const c = p.slice();
      if (r.int(2) === 0) c.set(r.bytes(64), 72); // another wallet signature, MAC left as is
      else c.set(r.bytes(16), c.length - 16); // another tag
      return { method: 'POST', path: batchPath, headers: key(), body: batch(r.int(3) === 0 ? [c, ...ctx.pending.slice(1, 3)] : [c]) };
    }],
    ['altered record', () => ({ method: 'POST', path: batchPath, headers: key(), body: batch([mutate(r.pick([...ctx.pending.slice(0, 2), ...ctx.stored]))]) })],
    ['replay from another terminal', () => ({ method: 'POST', path: batchPath, headers: key(), body: batch(ctx.foreign.slice(0, 1 + r.int(ctx.foreign.length))) })],
    ['idempotency key abuse', () => {
      const f = r.int(4);
      const headers: Record<string, string> = { ...JSON_TYPE };
      if (f === 1) headers['idempotency-key'] = 'k'.repeat(129 + r.int(100));
      else if (f === 2) headers['idempotency-key'] = r.pick(['has space', 'tab\tkey', 'ümlaut']);
      else if (f === 3) headers['idempotency-key'] = ctx.usedKey;
      return { method: 'POST', path: batchPath, headers, body: batch(f === 3 ? ctx.pending.slice(0, 1) : ctx.stored.slice(0, 1)) };
    }],
    ['too many records', () => ({ method: 'POST', path: batchPath, headers: key(), body: batch(Array.from({ length: 4097 }, () => 'AA==')) })],
    ['oversized body', () => ({ method: 'POST', path: r.pick([batchPath, '/v1/terminals', '/v1/revocations']), headers: key(), body: '{"records":["' + 'A'.repeat(BATCH_BODY_LIMIT + r.int(1000)) + '"]}' })],
    ['bad certificates', () => {
      const c = ctx.certificate.slice();
      const f = r.int(4);
      const cert = f === 0 ? r.bytes(1 + r.int(300)) : f === 1 ? (c[c.length - 1 - r.int(64)] ^= 1, c) : f === 2 ? (c[2] ^= 0x55, c) : c.subarray(0, r.int(c.length));
      return r.int(2) === 0
        ? { method: 'POST', path: '/v1/certificates', headers: JSON_TYPE, body: JSON.stringify({ certificates: [b64(cert)] }) }
        : { method: 'POST', path: batchPath, headers: key(), body: batch(ctx.pending.slice(0, 1), { certificates: [b64(cert)] }) };
    }],
    ['issuer key abuse', () => {
      const f = r.int(3);
      const body = f === 0 ? { publicKey: b64(r.bytes(32)), notAfter: T0 } : f === 1 ? { publicKey: b64(r.bytes(r.pick([0, 16, 31, 33, 64]))), notAfter: 1 } : { publicKey: b64(r.bytes(32)), notAfter: r.pick(WEIRD_VALUES) };
      return { method: 'PUT', path: '/v1/issuer-keys/7', headers: JSON_TYPE, body: JSON.stringify(body) };
    }],
    ['re-enrol existing terminal', () => ({ method: 'POST', path: '/v1/terminals', headers: JSON_TYPE, body: JSON.stringify({ ...validEnrol, terminalId: tid }) })],
    ['bad revocation', () => ({ method: 'POST', path: '/v1/revocations', headers: JSON_TYPE, body: JSON.stringify({ walletId: r.pick(WEIRD_VALUES), reason: r.pick(['x', 'y'.repeat(201), 5]) }) })],
    ['bad limits', () => ({ method: 'PUT', path: `/v1/terminals/${r.pick([tid, 3_999_999_999])}/limits`, headers: JSON_TYPE, body: JSON.stringify({ currency: r.pick([0, 1000, 'EUR', CURRENCY]), perPaymentLimit: r.pick([0, -5, 1.5, 4294967296]), offlineTotalLimit: 1, maxOfflineAge: 1 }) })],
  ];
  const out: HostileRequest[] = [];
  for (let i = 0; i < count; i++) {
    const [family, make] = families[i % families.length];
    // Oversized bodies cost a megabyte each; one in ten rounds is plenty.
    if (family === 'oversized body' && i % (families.length * 10) !== families.findIndex((f) => f[0] === family)) {
      out.push({ family: 'altered record', ...families.find((f) => f[0] === 'altered record')![1]() });
      continue;
    }
    out.push({ family, ...make() });
  }
  return out;
}

export interface HostileOutcome {
  sent: number;
  byStatus: Record<string, number>;
  byFamily: Record<string, number>;
  failures: { family: string; method: string; path: string; status: number; detail: string }[];
}

// Sends the requests (a few at a time) and checks every answer is a 4xx problem+json.
export async function sendHostile(url: string, requests: HostileRequest[], concurrency = 8): Promise<HostileOutcome> {
  const out: HostileOutcome = { sent: 0, byStatus: {}, byFamily: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const q = requests[next++];
      let status = 0;
      let detail = '';
      try {
        const res = await fetch(url + q.path, { method: q.method, headers: q.headers, body: q.body as RequestInit['body'] });
        status = res.status;
        const type = res.headers.get('content-type') ?? '';
        const text = await res.text();
        let ok = status >= 400 && status < 500 && type === 'application/problem+json';
        if (ok) {
          const j = JSON.parse(text) as { code?: unknown; status?: unknown };
          ok = typeof j.code === 'string' && j.status === status && !/\.ts:\d+|node_modules|at async/.test(text);
        }
        if (!ok) detail = text.slice(0, 200);
      } catch (e) {
        detail = `request failed: ${(e as Error).message}`;
      }
      out.sent++;
      out.byStatus[status] = (out.byStatus[status] ?? 0) + 1;
      out.byFamily[q.family] = (out.byFamily[q.family] ?? 0) + 1;
      if (detail) out.failures.push({ family: q.family, method: q.method, path: q.path, status, detail });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

// The victim terminal with stored and pending records, another terminal, a used key.
export async function hostileContext(world: World): Promise<HostileContext> {
  const victim = await world.terminal(1);
  const stored = Array.from({ length: 5 }, (_, i) => victim.sale(world.wallets[i % world.wallets.length], 100 + i, T0 + i));
  const res = await world.upload(victim, stored, 'victim-1');
  if (res.status !== 200 || res.json.accepted.length !== 5) throw new Error('setup upload failed: ' + JSON.stringify(res.json));
  const pending = Array.from({ length: 5 }, (_, i) => victim.sale(world.wallets[i % world.wallets.length], 200 + i, T0 + 10 + i));
  const other = await world.terminal(2);
  const foreign = Array.from({ length: 8 }, (_, i) => other.sale(world.wallets[0], 300 + i, T0 + 20 + i));
  return { world, victim, stored, pending, foreign, usedKey: 'victim-1', certificate: world.wallets[0].certificate.bytes };
}
