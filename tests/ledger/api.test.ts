import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeWorld, b64, CURRENCY, T0, type World } from '../../ledger/testing/world';
import { decodeSettings, encodeSettingsBody } from '../../protocol/messages/settings';
import { decodeAck, encodeAckBody } from '../../protocol/messages/ack';
import { decodeEnrolment } from '../../protocol/messages/enrolment';
import { checkTag } from '../../protocol/auth';
import { hostCrypto } from '../../protocol/crypto/host';

// Round trips through the Ledger API: enrolment, settings and acknowledgements MACed for
// the terminal, cursor, records, issuer keys, revocations, errors as problem+json.
let w: World;
beforeAll(async () => {
  w = await makeWorld({ seed: 'api' });
});
afterAll(() => w.close());

describe('ledger API round trips', () => {
  it('enrols a terminal: K and the enrolment message once, never again', async () => {
    const r = await w.api('POST', '/v1/terminals', { merchantId: 42, label: 'market stall', currency: CURRENCY, perPaymentLimit: 5000, offlineTotalLimit: 20000, maxOfflineAge: 3600 });
    expect(r.status).toBe(201);
    const key = Buffer.from(r.json.authKey, 'base64');
    expect(key.length).toBe(32);
    const e = decodeEnrolment(new Uint8Array(Buffer.from(r.json.enrolment, 'base64')));
    expect(e).toMatchObject({ terminalId: r.json.terminalId, merchantId: 42 });
    expect(Buffer.from(e.authKey).equals(key)).toBe(true);
    const t = await w.api('GET', `/v1/terminals/${r.json.terminalId}`);
    expect(t.status).toBe(200);
    expect(JSON.stringify(t.json)).not.toContain(r.json.authKey);
    expect(t.json).toMatchObject({ merchantId: 42, label: 'market stall', perPaymentLimit: 5000, cursor: { lastSeq: 0, ack: null } });
    const again = await w.api('POST', '/v1/terminals', { terminalId: r.json.terminalId, merchantId: 1, currency: CURRENCY, perPaymentLimit: 1, offlineTotalLimit: 1, maxOfflineAge: 1 });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('terminal_exists');
  });

  it('serves settings MACed with K whose version rises on every change', async () => {
    const t = await w.terminal();
    const get = async () => {
      const r = await w.api('GET', `/v1/terminals/${t.terminalId}/settings`);
      expect(r.status).toBe(200);
      const bytes = new Uint8Array(Buffer.from(r.json.settings, 'base64'));
      const s = decodeSettings(bytes);
      expect(checkTag(hostCrypto, t.key, encodeSettingsBody(s), s.tag)).toBe(true);
      expect(s.version).toBe(r.json.version);
      return s;
    };
    const s1 = await get();
    expect(s1).toMatchObject({ terminalId: t.terminalId, currency: CURRENCY, perPaymentLimit: 50_000, denyList: [] });
    expect(s1.issuerKeys.map((k) => k.keyId)).toEqual([7]);
    expect(s1.time).toBe(T0 + 86_400 * 30);
    const unchanged = await get();
    expect(unchanged.version).toBe(s1.version);
    expect((await w.api('POST', '/v1/revocations', { walletId: 999, reason: 'lost phone' })).status).toBe(201);
    const s2 = await get();
    expect(s2.version).toBeGreaterThan(s1.version);
    expect(s2.denyList).toEqual([999]);
    expect((await w.api('PUT', `/v1/terminals/${t.terminalId}/limits`, { currency: CURRENCY, perPaymentLimit: 700, offlineTotalLimit: 9000, maxOfflineAge: 60 })).status).toBe(200);
    const s3 = await get();
    expect(s3.version).toBeGreaterThan(s2.version);
    expect(s3).toMatchObject({ perPaymentLimit: 700, offlineTotalLimit: 9000, maxOfflineAge: 60 });
    // Rotation: a second key, and the first retired by an earlier notAfter.
    const k2 = hostCrypto.publicKey(new Uint8Array(32).fill(9));
    expect((await w.api('PUT', '/v1/issuer-keys/8', { publicKey: b64(k2), notAfter: T0 + 86_400 * 800 })).status).toBe(200);
    const s4 = await get();
    expect(s4.issuerKeys.map((k) => k.keyId)).toEqual([7, 8]);
    expect(s4.version).toBeGreaterThan(s3.version);
    const clash = await w.api('PUT', '/v1/issuer-keys/8', { publicKey: b64(w.issuer.publicKey), notAfter: 1 });
    expect(clash.status).toBe(409);
    expect(clash.json.code).toBe('issuer_key_mismatch');
    const keys = await w.api('GET', '/v1/issuer-keys');
    expect(keys.json.issuerKeys.map((k: { keyId: number }) => k.keyId)).toEqual([7, 8]);
  });

  it('acknowledges with a message the terminal can verify, and reports the cursor', async () => {
    const t = await w.terminal(5);
    const recs = [1, 2, 3].map((i) => t.sale(w.wallets[1], 100 * i, T0 + i));
    const r = await w.upload(t, recs);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: [1, 2, 3], rejected: [], retry: [] });
    const ack = decodeAck(new Uint8Array(Buffer.from(r.json.ack, 'base64')));
    expect(ack.throughSeq).toBe(3);
    expect(Buffer.from(ack.recordTag).equals(Buffer.from(recs[2].subarray(137)))).toBe(true);
    expect(checkTag(hostCrypto, t.key, encodeAckBody(ack), ack.tag)).toBe(true);
    const c = await w.api('GET', `/v1/terminals/${t.terminalId}/cursor`);
    expect(c.json).toEqual(r.json.cursor);
    expect(c.json.lastSeq).toBe(3);
    const list = await w.api('GET', `/v1/terminals/${t.terminalId}/records?after=1&limit=1`);
    expect(list.json.records).toHaveLength(1);
    expect(list.json.records[0]).toMatchObject({ seq: 2, status: 'accepted', amount: 200, walletId: w.wallets[1].walletId, record: b64(recs[1]) });
    expect(list.json.next).toBe(2);
  });

  it('answers errors as problem+json with stable codes', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['GET', '/v1/nothing', undefined, 404, 'not_found'],
      ['DELETE', '/v1/health', undefined, 405, 'method_not_allowed'],
      ['GET', '/v1/terminals/0', undefined, 400, 'invalid_request'],
      ['GET', '/v1/terminals/77777', undefined, 404, 'unknown_terminal'],
      ['POST', '/v1/terminals', '{"merchantId":', 400, 'bad_json'],
      ['POST', '/v1/terminals', { merchantId: 1.5, currency: CURRENCY, perPaymentLimit: 1, offlineTotalLimit: 1, maxOfflineAge: 1 }, 400, 'invalid_request'],
      ['POST', '/v1/revocations', { walletId: 4294967296 }, 400, 'invalid_request'],
      ['GET', '/v1/conflicts?kind=nonsense', undefined, 400, 'invalid_request'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await w.api(method, path, body);
      expect([method, path, r.status, r.json?.code]).toEqual([method, path, status, code]);
      expect(r.type).toBe('application/problem+json');
      expect(r.json.type).toBe(`urn:kerb:ledger:${code}`);
      expect(JSON.stringify(r.json)).not.toMatch(/at .*\.ts:\d+/);
    }
    const health = await w.api('GET', '/v1/health');
    expect(health.json).toMatchObject({ status: 'ok', storage: 'pglite-memory' });
  });
});

describe('ledger admin token', () => {
  it('guards enrolment, revocations and the books, and leaves the bridge path open', async () => {
    const { startLedger } = await import('../../ledger/index');
    const { apiFor } = await import('../../ledger/testing/world');
    const ledger = await startLedger({ memory: true, workers: 1, adminToken: 's3cret', log: () => {} });
    try {
      const api = apiFor(ledger.url);
      const enrol = { merchantId: 1, currency: CURRENCY, perPaymentLimit: 1, offlineTotalLimit: 1, maxOfflineAge: 1 };
      const denied = await api('POST', '/v1/terminals', enrol);
      expect([denied.status, denied.json.code]).toEqual([401, 'unauthorized']);
      expect((await api('POST', '/v1/terminals', enrol, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await api('GET', '/v1/merchants/1/settlement')).status).toBe(401);
      expect((await api('POST', '/v1/revocations', { walletId: 5 })).status).toBe(401);
      const ok = await api('POST', '/v1/terminals', enrol, { authorization: 'Bearer s3cret' });
      expect(ok.status).toBe(201);
      expect((await api('GET', `/v1/terminals/${ok.json.terminalId}/settings`)).status).toBe(200);
      expect((await api('GET', `/v1/terminals/${ok.json.terminalId}/cursor`)).status).toBe(200);
      expect((await api('GET', '/v1/health')).status).toBe(200);
    } finally {
      await ledger.close();
    }
  });
});
