import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeWorld, b64, type World } from '../../ledger/testing/world';
import { hostileContext, hostileRequests, sendHostile, type HostileContext } from '../../ledger/testing/hostile';

// Invariant 6 for the ledger: 2,000+ malformed or hostile requests, each answered with a
// 4xx problem+json; the service stays up and its database is exactly as before.
let w: World;
let ctx: HostileContext;
beforeAll(async () => {
  w = await makeWorld({ seed: 'hostile' });
  ctx = await hostileContext(w);
});
afterAll(() => w.close());

describe('ledger bad-input campaign', () => {
  it('refuses 2,100 hostile requests with 4xx problem+json and changes nothing', async () => {
    const before = await w.ledger.digest();
    const requests = hostileRequests(ctx, 2100, 20261121);
    const families = new Set(requests.map((q) => q.family));
    expect(families.size).toBeGreaterThanOrEqual(20);
    const out = await sendHostile(w.ledger.url, requests);
    expect(out.failures.slice(0, 5)).toEqual([]);
    expect(out.sent).toBe(2100);
    expect(Object.keys(out.byStatus).every((s) => Number(s) >= 400 && Number(s) < 500)).toBe(true);
    expect(await w.ledger.digest()).toEqual(before);
    // A replay of stored records with their (public) certificate under a fresh key is a
    // 200 no-op, and also leaves no trace.
    const replay = await w.api('POST', `/v1/terminals/${ctx.victim.terminalId}/batches`,
      { records: ctx.stored.map(b64), certificates: [b64(ctx.certificate)] }, { 'idempotency-key': 'replay-with-cert' });
    expect(replay.status).toBe(200);
    expect(replay.json.accepted).toEqual([1, 2, 3, 4, 5]);
    expect(await w.ledger.digest()).toEqual(before);
    // Still up, and still serving the honest continuation of the victim's journal.
    expect((await w.api('GET', '/v1/health')).status).toBe(200);
    const ok = await w.upload(ctx.victim, ctx.pending);
    expect(ok.json.accepted).toEqual([6, 7, 8, 9, 10]);
  });
});
