import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { LinkClient } from '../../host-bridge/link/client';
import { openSerial } from '../../host-bridge/transport/serial';
import { openPtyRelay } from '../../host-bridge/transport/pty';
import { LedgerClient } from '../../host-bridge/sync/ledger-client';
import { syncTerminal } from '../../host-bridge/sync/engine';
import { serveTerminal } from '../support/terminal-line';
import { enrolledTerminal, ledgerRecords } from '../support/bridge-rig';

// The bridge through the real `serialport` stack on a pty (python3 relay), first clean,
// then with bit flips and dropped bytes on the line in both directions.
let ledger: RunningLedger;
beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
});
afterAll(async () => {
  await ledger?.close();
});

async function syncOverPty(sales: number, faults: { flipRate: number; dropRate: number; seed: number } | undefined) {
  const t = await enrolledTerminal(ledger.url, { sales });
  const served = await serveTerminal(t, { faults });
  const relay = await openPtyRelay('127.0.0.1', served.port);
  expect(relay.path).toMatch(/^\/dev\/(pts\/\d+|tty)/);
  const link = new LinkClient(await openSerial(relay.path), { timeoutMs: 300, attempts: 40 });
  try {
    const report = await syncTerminal({ link, ledger: new LedgerClient(ledger.url), stateDir: mkdtempSync(join(tmpdir(), 'kerb-pty-')), exportBatch: 60, uploadBatch: 60 });
    return { t, served, link, report };
  } finally {
    await link.close();
    await relay.close();
    await served.close();
  }
}

describe('bridge over a pty', () => {
  it('syncs a terminal through serialport on a pty', async () => {
    const { t, report, link } = await syncOverPty(120, undefined);
    expect(report).toMatchObject({ outcome: 'complete', uploaded: 120, held: 0 });
    expect(link.stats.corruptFrames).toBe(0);
    expect((await ledgerRecords(ledger.url, t.enrolment!.terminalId)).map((s) => s.seq)).toEqual(t.approved);
  });

  it('campaign: bit flips and dropped bytes — every corrupt frame detected and retried, no corrupt record reaches the ledger', async () => {
    const { t, served, link, report } = await syncOverPty(300, { flipRate: 2e-4, dropRate: 2e-4, seed: 5 });
    expect(report).toMatchObject({ outcome: 'complete', uploaded: 300, held: 0 });
    const injected = served.stats.flipped + served.stats.dropped;
    expect(injected).toBeGreaterThan(5);
    // Every fault landed in some frame: it was either caught by a CRC on one side, or
    // broke a header or sync so the frame never arrived; both end in a retry.
    expect(link.stats.retries + link.stats.corruptFrames).toBeGreaterThan(0);
    const stored = await ledgerRecords(ledger.url, t.enrolment!.terminalId);
    expect(stored.map((s) => s.seq)).toEqual(t.approved);
    expect(stored.every((s) => s.status === 'accepted')).toBe(true);
    // byte for byte what the terminal stored
    expect(stored.filter((s) => s.record !== Buffer.from(t.journal.get(s.seq)!).toString('base64'))).toEqual([]);
    expect(t.freed).toEqual(t.approved);
    console.log(`pty with faults: ${served.stats.flipped} bits flipped, ${served.stats.dropped} bytes dropped; `
      + `${link.stats.corruptFrames} corrupt replies and ${served.stats.corruptRequests} corrupt requests caught by CRC, `
      + `${link.stats.timeouts} timeouts, ${link.stats.retries} retries; 300/300 records intact at the ledger`);
  }, 90_000);
});
