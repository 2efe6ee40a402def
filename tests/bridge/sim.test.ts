import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { hostCrypto } from '../../protocol/crypto/host';
import { createIssuer } from '../../protocol/kit/issuer';
import { createWallet } from '../../protocol/kit/wallet';
import { decodeReceipt } from '../../protocol/messages/receipt';
import { createSimTerminal } from '../../hal/sim/terminal';
import { SimClock } from '../../hal/sim/clock';
import { openPtyRelay } from '../../host-bridge/transport/pty';
import { provisionTerminal } from '../../host-bridge/provision';
import { runSync } from '../../host-bridge/cli/bridge-run';
import { serveTerminal } from '../support/terminal-line';
import { api, ledgerRecords } from '../support/bridge-rig';

// The firmware in the simulator (hal/sim) behind a real pty: provisioned by `kerb
// provision`'s code, sells to wallets from the kit, and is synced by the bridge into the
// reference ledger.
let ledger: RunningLedger;
beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
});
afterAll(async () => {
  await ledger?.close();
});

describe('bridge ↔ simulated firmware over a pty', () => {
  it('provisions the simulated terminal, then syncs its sales exactly once', async () => {
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const issuer = createIssuer(hostCrypto, 424242);
    await api(ledger.url, 'PUT', '/v1/issuer-keys/424242', { publicKey: b64(issuer.publicKey), notAfter: 0xffffffff });
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
