import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiFor, b64, CURRENCY, T0, type Api } from '../../ledger/testing/world';
import { JournalWriter, fastSigningCrypto } from '../../ledger/testing/journal-writer';
import { createIssuer } from '../../protocol/kit/issuer';
import { createWallet } from '../../protocol/kit/wallet';
import { seededRandom } from '../../protocol/crypto/host';

// "Commits durably before it answers": the ledger process is SIGKILLed while batches
// are in flight, twice, and restarted on the same PGlite directory. Every batch it
// answered is still there, the chain continues from the stored head, and settlement
// counts every sale exactly once.
const dir = mkdtempSync(join(tmpdir(), 'kerb-ledger-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startChild(): Promise<{ child: ChildProcess; api: Api }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'ledger/testing/child.ts', dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l.startsWith('ready ')) resolve(l.slice(6));
    });
    child.on('exit', (code) => reject(new Error(`ledger child exited ${code}`)));
  });
  return { child, api: apiFor(url) };
}

describe('ledger killed mid-ingest', () => {
  it('keeps every answered batch and settles each sale once', async () => {
    let { child, api } = await startChild();
    const crypto = { ...fastSigningCrypto(), random: seededRandom('crash') };
    const issuer = createIssuer(crypto, 3);
    expect((await api('PUT', '/v1/issuer-keys/3', { publicKey: b64(issuer.publicKey), notAfter: T0 + 86_400 * 400 })).status).toBe(200);
    const wallets = Array.from({ length: 20 }, (_, i) => createWallet(crypto, (walletKey) => issuer.issue({
      walletId: 1 + i, walletKey, perPaymentLimit: 10_000, currency: CURRENCY, notBefore: T0 - 10, expiry: T0 + 86_400 * 100,
    })));
    expect((await api('POST', '/v1/certificates', { certificates: wallets.map((w) => b64(w.certificate.bytes)) })).status).toBe(200);
    const e = await api('POST', '/v1/terminals', { merchantId: 8, currency: CURRENCY, perPaymentLimit: 10_000, offlineTotalLimit: 1e6, maxOfflineAge: 86_400 });
    const writer = new JournalWriter(e.json.terminalId, 8, new Uint8Array(Buffer.from(e.json.authKey, 'base64')), CURRENCY);
    const records = Array.from({ length: 2400 }, (_, i) => writer.sale(wallets[i % 20], 100 + (i % 7), T0 + i));
    const answered = new Set<number>();
    const upload = async (a: Api, from: number) => {
      for (let i = from; i < records.length; i += 100) {
        const r = await a('POST', `/v1/terminals/${writer.terminalId}/batches`, { records: records.slice(i, i + 100).map(b64) }, { 'idempotency-key': `c-${i}` });
        if (r.status !== 200) throw new Error(`upload ${r.status}`);
        for (const s of r.json.accepted) answered.add(s);
      }
    };
    // Uploads run back to back, so when the count passes the mark the next batch is in
    // flight (being verified or committed) as the process dies.
    for (const mark of [700, 1600]) {
      const uploading = upload(api, 0).catch(() => 'killed');
      while (answered.size < mark) await new Promise((r) => setTimeout(r, 2));
      child.kill('SIGKILL');
      expect(await uploading).toBe('killed');
      ({ child, api } = await startChild());
      const cursor = (await api('GET', `/v1/terminals/${writer.terminalId}/cursor`)).json;
      expect(cursor.lastSeq).toBeGreaterThanOrEqual(Math.max(0, ...answered));
      const stored = new Set<number>();
      for (let after = 0; ;) {
        const page = (await api('GET', `/v1/terminals/${writer.terminalId}/records?after=${after}`)).json;
        for (const r of page.records) stored.add(r.seq);
        if (page.next === null) break;
        after = page.next;
      }
      expect([...answered].filter((s) => !stored.has(s))).toEqual([]);
      expect(stored.size).toBe(cursor.lastSeq);
      const s = (await api('GET', '/v1/merchants/8/settlement')).json;
      expect(s.totals[0]?.count ?? 0).toBe(stored.size);
    }
    await upload(api, 0);
    const s = (await api('GET', '/v1/merchants/8/settlement')).json;
    expect(s.totals).toEqual([{ currency: CURRENCY, count: 2400, amount: records.reduce((n, _r, i) => n + 100 + (i % 7), 0) }]);
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }, 120_000);
});
