import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { LinkClient } from '../../host-bridge/link/client';
import { openTcp } from '../../host-bridge/transport/tcp';
import { LedgerClient } from '../../host-bridge/sync/ledger-client';
import { syncTerminal, type SyncEvent } from '../../host-bridge/sync/engine';
import { Outbox } from '../../host-bridge/sync/outbox';
import { serveTerminal } from '../support/terminal-line';
import { enrolledTerminal, ledgerRecords } from '../support/bridge-rig';

let ledger: RunningLedger;
beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
});
afterAll(async () => {
  await ledger?.close();
});

describe('bridge sync against the reference ledger', () => {
  it('moves every sale to the ledger once, frees exactly those, pushes settings, and resumes idempotently', async () => {
    const t = await enrolledTerminal(ledger.url, { sales: 60 });
    const served = await serveTerminal(t);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-bridge-'));
    const events: SyncEvent[] = [];
    const run = async () => {
      const link = new LinkClient(await openTcp('127.0.0.1', served.port), { timeoutMs: 1000 });
      try {
        return await syncTerminal({ link, ledger: new LedgerClient(ledger.url), stateDir, exportBatch: 25, uploadBatch: 20, onEvent: (e) => events.push(e) });
      } finally {
        await link.close();
      }
    };
    const r1 = await run();
    expect(r1).toMatchObject({ outcome: 'complete', exported: 60, uploaded: 60, held: 0, outboxPending: 0, problems: [] });
    expect(r1.settingsVersion).toBeGreaterThan(0);
    const tid = t.enrolment!.terminalId;
    const stored = await ledgerRecords(ledger.url, tid);
    expect(stored.map((s) => s.seq)).toEqual(t.approved);
    expect(stored.every((s) => s.status === 'accepted')).toBe(true);
    expect(t.freed).toEqual(t.approved);
    expect(t.settings?.version).toBe(r1.settingsVersion);

    t.addSales(7);
    const r2 = await run();
    expect(r2).toMatchObject({ outcome: 'complete', exported: 7, uploaded: 7, held: 0 });
    expect((await ledgerRecords(ledger.url, tid)).map((s) => s.seq)).toEqual(t.approved);
    expect(t.freed).toEqual(t.approved);
    expect(events.some((e) => e.event === 'acked')).toBe(true);
    await served.close();
  });

  it('keeps records in the outbox when the ledger is down, and uploads them on the next run without re-reading the terminal', async () => {
    const t = await enrolledTerminal(ledger.url, { sales: 30 });
    const served = await serveTerminal(t);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-bridge-'));
    const dead = new LedgerClient('http://127.0.0.1:9', { timeoutMs: 300, backoff: { baseMs: 10, capMs: 20, maxAttempts: 2, budgetMs: 200 } });
    const link1 = new LinkClient(await openTcp('127.0.0.1', served.port));
    const r1 = await syncTerminal({ link: link1, ledger: dead, stateDir });
    await link1.close();
    expect(r1.outcome).toBe('partial');
    expect(r1.exported).toBe(30);
    expect(r1.outboxPending).toBe(30);
    expect(t.freed).toEqual([]);
    const box = Outbox.forTerminal(stateDir, t.enrolment!.terminalId);
    expect(box.pending()).toHaveLength(30);
    box.close();

    const requestsBefore = served.stats.requests;
    const link2 = new LinkClient(await openTcp('127.0.0.1', served.port));
    const r2 = await syncTerminal({ link: link2, ledger: new LedgerClient(ledger.url), stateDir });
    await link2.close();
    expect(r2).toMatchObject({ outcome: 'complete', exported: 0, uploaded: 30, held: 0 });
    // hello, ack, one empty export, settings: the 30 records were not read again
    expect(served.stats.requests - requestsBefore).toBeLessThanOrEqual(4);
    expect((await ledgerRecords(ledger.url, t.enrolment!.terminalId)).map((s) => s.seq)).toEqual(t.approved);
    expect(t.freed).toEqual(t.approved);
    await served.close();
  });
});
