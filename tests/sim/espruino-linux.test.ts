import { describe, expect, it } from 'vitest';
import { ESPRUINO, ESPRUINO_SKIP_REASON } from '../support/espruino';
import { linuxBundle, startEspruinoTerminal } from './espruino-terminal';
import { LinkClient } from '../../host-bridge/link/client';
import { seededCrypto } from '../../protocol/crypto/host';
import { createIssuer } from '../../protocol/kit/issuer';
import { Wallet } from '../../protocol/kit/wallet';
import { makeEnrolment, makeSettings, makeAck } from '../../hal/sim/ledger-kit';
import { decodeReceipt } from '../../protocol/messages/receipt';
import { decodeRecord } from '../../protocol/messages/record';
import { Reason, reasonName } from '../../protocol/reasons';
import { SaleType } from '../../firmware/terminal/link-sale';
import { TerminalFlag } from '../../protocol/link/messages';

if (!ESPRUINO) console.log(`tests/sim/espruino-linux: ${ESPRUINO_SKIP_REASON}`);

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

// The `linux` device bundle boots in the real interpreter and takes 10 payments through
// its host link (stdio): enrolment, settings, 7 good sales and 3 bad ones declined for
// the right reasons, then export and acknowledgement. Real Ed25519 in the interpreter.
describe(ESPRUINO ? 'linux bundle in the Espruino interpreter' : `linux bundle in the Espruino interpreter (skipped: ${ESPRUINO_SKIP_REASON})`, () => {
  it.skipIf(!ESPRUINO)('boots, is provisioned over the link and accepts 10 payments (3 bad ones declined with the right reasons)', async () => {
    const term = startEspruinoTerminal(ESPRUINO!, await linuxBundle());
    const link = new LinkClient(term.transport, { timeoutMs: 30_000, attempts: 2 });
    try {
      const crypto = seededCrypto('espruino-linux');
      const authKey = crypto.random(32);
      const issuer = createIssuer(crypto, 3);
      const T = Math.floor(Date.now() / 1000);
      const info0 = await link.hello();
      expect(info0.board).toBe('linux');
      expect(info0.flags & TerminalFlag.PROVISIONED).toBe(0);
      expect((await link.enrol(makeEnrolment({ terminalId: 77, merchantId: 5, authKey }))).reason).toBe(Reason.OK);
      const settings = makeSettings(crypto, authKey, {
        terminalId: 77, version: 1, time: T, perPaymentLimit: 5000, offlineTotalLimit: 100000, maxOfflineAge: 86400, currency: 978,
        issuerKeys: [{ keyId: 3, publicKey: issuer.publicKey, notAfter: T + 86400 }], denyList: [],
      });
      expect((await link.pushSettings(settings)).reason).toBe(Reason.OK);
      const seed = crypto.random(32);
      const wallet = new Wallet(crypto, seed, issuer.issue({ walletId: 12, walletKey: crypto.publicKey(seed), perPaymentLimit: 8000, currency: 978, notBefore: T - 60, expiry: T + 3600 }));

      const plan: Array<{ amount: number; bad?: 'amount' | 'replay' | 'signature'; expect: number }> = [];
      for (let i = 0; i < 10; i++) plan.push({ amount: 100 + 10 * i, expect: Reason.OK });
      plan[3] = { amount: 500, bad: 'amount', expect: Reason.AMOUNT_MISMATCH };
      plan[6] = { amount: 600, bad: 'replay', expect: Reason.COUNTER_REPLAY };
      plan[8] = { amount: 700, bad: 'signature', expect: Reason.BAD_SIGNATURE };
      const got: string[] = [];
      for (const [i, step] of plan.entries()) {
        const q = await link.request('SALE', SaleType.SALE, u32(step.amount), SaleType.SALE | 0x80);
        let p: Uint8Array;
        if (step.bad === 'amount') p = wallet.pay(q, { amount: step.amount + 1, includeCertificate: false });
        else if (step.bad === 'replay') p = wallet.pay(q, { counter: wallet.counter, includeCertificate: false });
        else {
          p = wallet.pay(q, { includeCertificate: i === 0 });
          if (step.bad === 'signature') p[p.length - 20] ^= 4;
        }
        const rc = decodeReceipt(await link.request('TAP', SaleType.TAP, p, SaleType.TAP | 0x80));
        got.push(reasonName(rc.reason));
        expect(rc.approved).toBe(step.expect === Reason.OK);
      }
      expect(got).toEqual(plan.map((s) => reasonName(s.expect)));
      const info = await link.hello();
      expect(info.lastSeq).toBe(7);
      const ex = await link.exportRecords(1, 20);
      expect(ex.complete).toBe(true);
      const recs = ex.records.map(decodeRecord);
      expect(recs.map((r) => r.amount)).toEqual(plan.filter((s) => s.expect === Reason.OK).map((s) => s.amount));
      const last = ex.records[ex.records.length - 1];
      const ack = await link.acknowledge(makeAck(crypto, authKey, 77, 7, last.subarray(last.length - 16)));
      expect(ack.reason).toBe(Reason.OK);
      expect(ack.count).toBe(0);
      expect(term.output()).not.toMatch(/Uncaught|ERROR/);
    } finally {
      term.kill();
    }
  }, 300_000);
});
