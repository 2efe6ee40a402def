import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorld, T0 } from '../../ledger/testing/world';
import { startLedger } from '../../ledger/index';
import { apiFor } from '../../ledger/testing/world';

// The ledger on a PGlite directory: stop it, start it again on the same directory, and
// everything it acknowledged is still there and the chain continues.
const dir = mkdtempSync(join(tmpdir(), 'kerb-ledger-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ledger restart on the same data directory', () => {
  it('keeps records, cursor, conflicts, revocations and settlement', async () => {
    const w = await makeWorld({ dataDir: dir, seed: 'persist' });
    const t = await w.terminal(3);
    const recs = Array.from({ length: 20 }, (_, i) => t.sale(w.wallets[i % 4], 100 + i, T0 + i));
    const up = await w.upload(t, recs.slice(0, 15), 'persist-1');
    expect(up.json.accepted).toHaveLength(15);
    const t2 = await w.terminal(4);
    const dup = t2.sale(w.wallets[0], 5, T0 + 99, { counter: 1 });
    expect((await w.upload(t2, [dup])).json.rejected).toMatchObject([{ code: 'double_spend' }]);
    expect((await w.api('POST', '/v1/revocations', { walletId: 103 })).status).toBe(201);
    const before = await w.ledger.digest();
    const cursor = (await w.api('GET', `/v1/terminals/${t.terminalId}/cursor`)).json;
    await w.close();

    const again = await startLedger({ dataDir: dir, workers: 1, clock: () => T0 + 86_400 * 30, log: () => {} });
    try {
      expect(await again.digest()).toEqual(before);
      const api = apiFor(again.url);
      expect((await api('GET', `/v1/terminals/${t.terminalId}/cursor`)).json).toEqual(cursor);
      const replay = await api('POST', `/v1/terminals/${t.terminalId}/batches`, { records: recs.slice(0, 15).map((r) => Buffer.from(r).toString('base64')) }, { 'idempotency-key': 'persist-1' });
      expect(replay.json).toEqual(up.json);
      const rest = await api('POST', `/v1/terminals/${t.terminalId}/batches`, { records: recs.slice(15).map((r) => Buffer.from(r).toString('base64')) }, { 'idempotency-key': 'persist-2' });
      expect(rest.json.accepted).toEqual([16, 17, 18, 19, 20]);
      const s = await api('GET', '/v1/merchants/3/settlement');
      expect(s.json.totals[0].count).toBe(20);
      expect((await api('GET', '/v1/conflicts')).json.conflicts.map((c: { kind: string }) => c.kind)).toEqual(['double_spend']);
      expect((await api('GET', '/v1/revocations')).json.revocations.map((r: { walletId: number }) => r.walletId)).toEqual([103]);
    } finally {
      await again.close();
    }
  });
});
