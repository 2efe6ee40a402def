import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { hostCrypto } from '../../protocol/crypto/host';
import { createWallet } from '../../protocol/kit/wallet';
import { decodeReceipt } from '../../protocol/messages/receipt';
import { createSimTerminal } from '../../hal/sim/terminal';
import { SimClock } from '../../hal/sim/clock';
import { ExitCode } from '../../host-bridge/cli/exit-codes';
import { runSync } from '../../host-bridge/cli/bridge-run';
import { LinkClient } from '../../host-bridge/link/client';
import { provisionTerminal } from '../../host-bridge/provision';
import { LedgerClient } from '../../host-bridge/sync/ledger-client';
import { Outbox } from '../../host-bridge/sync/outbox';
import { syncTerminal, type SyncEvent } from '../../host-bridge/sync/engine';
import { openPtyRelay } from '../../host-bridge/transport/pty';
import { openSerial } from '../../host-bridge/transport/serial';
import { openTcp } from '../../host-bridge/transport/tcp';
import { FakeTerminal } from '../support/fake-terminal';
import { serveTerminal } from '../support/terminal-line';
import { api, enrolledTerminal, ledgerIssuer, ledgerRecords } from '../support/bridge-rig';
import { noisyLine, violations } from '../support/bridge-scenarios';

// The bridge end to end against one reference ledger: over TCP and over a pty through
// `serialport`, with a noisy line, with the simulated firmware, and through the CLI.
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

// The bridge through the real `serialport` stack on a pty (python3 relay), first clean,
// then with bit flips and dropped bytes on the line in both directions.

describe('bridge sync without a terminal', () => {
  it('uploads what the outboxes hold; the terminal frees them at its next sync', async () => {
    const { flushOutboxes } = await import('../../host-bridge/sync/flush');
    const t = await enrolledTerminal(ledger.url, { sales: 15 });
    const served = await serveTerminal(t);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-flush-'));
    const dead = new LedgerClient('http://127.0.0.1:9', { timeoutMs: 200, backoff: { baseMs: 5, capMs: 10, maxAttempts: 1, budgetMs: 50 } });
    let link = new LinkClient(await openTcp('127.0.0.1', served.port));
    await syncTerminal({ link, ledger: dead, stateDir });
    await link.close();
    expect(await flushOutboxes(stateDir, new LedgerClient(ledger.url))).toEqual([{ terminalId: t.enrolment!.terminalId, uploaded: 15, pending: 0 }]);
    expect(t.freed).toEqual([]);
    link = new LinkClient(await openTcp('127.0.0.1', served.port));
    const r = await syncTerminal({ link, ledger: new LedgerClient(ledger.url), stateDir });
    await link.close();
    await served.close();
    expect(r).toMatchObject({ outcome: 'complete', exported: 0, held: 0 });
    expect(await violations(ledger.url, t, true)).toEqual([]);
  });
});

describe('bridge recovers from a corrupt outbox copy', () => {
  it('a record altered in the outbox (entry CRC recomputed) is refused by the ledger and read from the terminal again', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { crc32 } = await import('../../protocol/link/crc32');
    const t = await enrolledTerminal(ledger.url, { sales: 20 });
    const served = await serveTerminal(t);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-rot-'));
    const dead = new LedgerClient('http://127.0.0.1:9', { timeoutMs: 200, backoff: { baseMs: 5, capMs: 10, maxAttempts: 1, budgetMs: 50 } });
    let link = new LinkClient(await openTcp('127.0.0.1', served.port));
    await syncTerminal({ link, ledger: dead, stateDir });
    await link.close();
    // Alter record 8's amount in the log and make its entry look intact.
    const file = join(stateDir, String(t.enrolment!.terminalId), 'outbox.log');
    const log = readFileSync(file);
    const entry = 8 + 1 + 153;
    const at = 7 * entry;
    log[at + 9 + 14] ^= 0x01;
    log.writeUInt32LE(crc32(log.subarray(at + 8, at + entry)), at + 4);
    writeFileSync(file, log);
    const events: SyncEvent[] = [];
    link = new LinkClient(await openTcp('127.0.0.1', served.port));
    const report = await syncTerminal({ link, ledger: new LedgerClient(ledger.url), stateDir, onEvent: (e) => events.push(e) });
    await link.close();
    await served.close();
    expect(report).toMatchObject({ outcome: 'complete', uploaded: 20, held: 0 });
    expect(events.some((e) => e.event === 'warning' && /seq 8/.test(e.message))).toBe(true);
    expect(await violations(ledger.url, t, true)).toEqual([]);
  });
});

describe('bridge and a terminal enrolled elsewhere', () => {
  it('stops with SyncRefused when the ledger refuses the terminal’s own records, freeing nothing', async () => {
    const { SyncRefused } = await import('../../host-bridge/sync/engine');
    const t = await enrolledTerminal(ledger.url, { sales: 5 });
    t.enrolment = { ...t.enrolment!, authKey: new Uint8Array(32).fill(1) }; // not the ledger's K
    t.held = [];
    t.lastSeq = 0;
    t.lastTag = new Uint8Array(16);
    t.approved = [];
    t.addSales(5);
    const served = await serveTerminal(t);
    const link = new LinkClient(await openTcp('127.0.0.1', served.port));
    await expect(syncTerminal({ link, ledger: new LedgerClient(ledger.url), stateDir: mkdtempSync(join(tmpdir(), 'kerb-k-')) }))
      .rejects.toBeInstanceOf(SyncRefused);
    await link.close();
    await served.close();
    expect(t.freed).toEqual([]);
    expect(await ledgerRecords(ledger.url, t.enrolment!.terminalId)).toEqual([]);
  });
});

describe('bridge over a pty', () => {
  it('syncs a terminal through serialport on a pty', async () => {
    const t = await enrolledTerminal(ledger.url, { sales: 120 });
    const served = await serveTerminal(t);
    const relay = await openPtyRelay('127.0.0.1', served.port);
    expect(relay.path).toMatch(/^\/dev\//);
    const link = new LinkClient(await openSerial(relay.path));
    const report = await syncTerminal({ link, ledger: new LedgerClient(ledger.url), stateDir: mkdtempSync(join(tmpdir(), 'kerb-pty-')) });
    await link.close();
    await relay.close();
    await served.close();
    expect(report).toMatchObject({ outcome: 'complete', uploaded: 120, held: 0 });
    expect(link.stats.corruptFrames).toBe(0);
    expect(await violations(ledger.url, t, true)).toEqual([]);
  });

  it('campaign: bit flips and dropped bytes — every corrupt frame detected and retried, no corrupt record reaches the ledger', async () => {
    const r = await noisyLine(ledger.url, 300, 2e-4, 2e-4, 5);
    // violations() compares every stored record byte for byte with the terminal's
    expect(r.violations).toEqual([]);
    expect(r.report).toMatchObject({ outcome: 'complete', uploaded: 300, held: 0 });
    expect(r.flipped + r.dropped).toBeGreaterThan(5);
    expect(r.corruptReplies).toBeGreaterThan(0);
    expect(r.retries).toBeGreaterThan(0);
    console.log(`pty with faults: ${r.flipped} bits flipped, ${r.dropped} bytes dropped; ${r.corruptReplies} corrupt replies and `
      + `${r.corruptRequests} corrupt requests caught by CRC, ${r.timeouts} timeouts, ${r.retries} retries; 300/300 records intact at the ledger`);
  }, 90_000);
});

// The firmware in the simulator (hal/sim) behind a real pty: provisioned by `kerb
// provision`'s code, sells to wallets from the kit, and is synced by the bridge into the
// reference ledger.

describe('bridge ↔ simulated firmware over a pty', () => {
  it('provisions the simulated terminal, then syncs its sales exactly once', async () => {
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const issuer = await ledgerIssuer(ledger.url);
    const sim = createSimTerminal({ clock: new SimClock(1000) });
    const served = await serveTerminal(sim.api);
    const relay = await openPtyRelay('127.0.0.1', served.port);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-sim-'));
    try {
      const p = await provisionTerminal({
        port: relay.path, ledger: ledger.url, merchantId: 5, currency: 978, perPaymentLimit: 5000, offlineTotalLimit: 100000,
        maxOfflineAge: 86400, stateDir, baud: 115200,
      });
      expect(p.settingsVersion).toBeGreaterThan(0);
      expect(sim.api.info()).toMatchObject({ terminalId: p.terminalId, merchantId: 5 });

      const now = Math.floor(Date.now() / 1000);
      const wallets = [0, 1, 2].map((i) => createWallet(hostCrypto, (walletKey) => issuer.issue({
        walletId: 700_000 + i, walletKey, perPaymentLimit: 10_000, currency: 978, notBefore: now - 86400, expiry: now + 86400 * 30,
      })));
      await api(ledger.url, 'POST', '/v1/certificates', { certificates: wallets.map((w) => b64(w.certificate.bytes)) });
      let approved = 0;
      for (let i = 0; i < 12; i++) {
        const request = sim.terminal.startSale(100 + i);
        expect(request, `sale refused: reason ${sim.terminal.notice}`).not.toBeNull();
        const out = sim.nfc.write(wallets[i % 3].pay(request!));
        const receipt = out && out[0] === 4 ? decodeReceipt(out) : null;
        expect(receipt?.reason).toBe(0);
        approved++;
      }
      expect(sim.api.info().count).toBe(approved);

      const { code, report } = await runSync({
        port: relay.path, ledger: ledger.url, stateDir, baud: 115200, linkTimeoutMs: 1000, budgetMs: 10_000, ledgerTimeoutMs: 5000,
        exportBatch: 5, uploadBatch: 5, settings: true,
      }, { event: () => {}, done: () => {} });
      expect(code).toBe(0);
      expect(report).toMatchObject({ uploaded: approved, held: 0, rejected: [] });
      const stored = await ledgerRecords(ledger.url, p.terminalId);
      expect(stored.map((s) => s.status)).toEqual(Array(approved).fill('accepted'));
      expect(sim.api.info().count).toBe(0);
    } finally {
      await relay.close();
      await served.close();
    }
  }, 60_000);
});

// `kerb provision` and `kerb bridge sync` as a user runs them (the CLI source through tsx).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function kerb(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/support/kerb-cli.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}


describe('kerb provision and kerb bridge sync', () => {
  it('provisions a new terminal, syncs its sales, and refuses to provision it again', async () => {
    const t = new FakeTerminal({ walletIdBase: 500_000 });
    const served = await serveTerminal(t);
    const stateDir = mkdtempSync(join(tmpdir(), 'kerb-cli-'));
    const p = await kerb(['provision', '--port', served.url, '--ledger', ledger.url, '--merchant', '31', '--state-dir', stateDir, '--json']);
    expect(p.code, p.stderr).toBe(ExitCode.OK);
    const out = JSON.parse(p.stdout.trim());
    expect(out).toMatchObject({ event: 'provisioned', merchantId: 31 });
    expect(p.stdout + p.stderr).not.toMatch(/authKey|enrolment"/);
    expect(t.enrolment?.terminalId).toBe(out.terminalId);
    expect(t.settings?.version).toBe(out.settingsVersion);

    t.useIssuer(await ledgerIssuer(ledger.url));
    for (let i = 0; i < 5; i++) t.wallet(i);
    await api(ledger.url, 'POST', '/v1/certificates', { certificates: t.wallets.map((w) => Buffer.from(w.certificate.bytes).toString('base64')) });
    t.addSales(40);

    const s = await kerb(['bridge', 'sync', '--port', served.url, '--ledger', ledger.url, '--state-dir', stateDir, '--json']);
    expect(s.code, s.stderr).toBe(ExitCode.OK);
    const lines = s.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ event: 'done', exitCode: 0, outcome: 'complete', uploaded: 40, held: 0 });
    expect(lines.some((l) => l.event === 'exported')).toBe(true);
    expect((await ledgerRecords(ledger.url, out.terminalId)).map((r) => r.seq)).toEqual(t.approved);

    const again = await kerb(['provision', '--port', served.url, '--ledger', ledger.url, '--merchant', '31', '--state-dir', stateDir]);
    expect(again.code).toBe(ExitCode.REJECTED);
    expect(again.stderr).toMatch(/already provisioned/);
    await served.close();
  }, 60_000);

  it('documents and returns its exit codes', async () => {
    const help = await kerb(['bridge', 'sync', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/4 {2}partly done; run again to resume/);
    expect((await kerb(['bridge', 'sync', '--ledger', 'http://127.0.0.1:9', '--port', 'tcp://127.0.0.1:1', '--json'])).code).toBe(ExitCode.UNREACHABLE);
    expect((await kerb(['bridge', 'sync', '--ledger', 'nope', '--port', 'tcp://127.0.0.1:1', '--json'])).code).toBe(ExitCode.USAGE);
    expect((await kerb(['bridge', 'sync', '--ledger', 'http://x', '--port', 'x', '--batch', 'many'])).code).toBe(ExitCode.USAGE);
  }, 60_000);
});