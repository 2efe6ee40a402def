// A provisioned simulated terminal with an issuer and wallets from the kit, and the
// ledger-side messages to push settings and acknowledgements. Shared by tests/sim and
// tests/firmware (not a test file itself).
import { seededCrypto } from '../../protocol/crypto/host';
import { createIssuer, type Issuer } from '../../protocol/kit/issuer';
import { Wallet } from '../../protocol/kit/wallet';
import { decodeReceipt, type Receipt } from '../../protocol/messages/receipt';
import { decodeRecord } from '../../protocol/messages/record';
import { createSimTerminal, type SimTerminal, type SimTerminalOptions } from '../../hal/sim/terminal';
import { SimClock } from '../../hal/sim/clock';
import { simFlashSet, type SimFlashSet } from '../../hal/sim/flash-store';
import { makeAck, makeEnrolment, makeSettings, type SettingsFields } from '../../hal/sim/ledger-kit';
import { Reason } from '../../protocol/reasons';
import type { Certificate } from '../../protocol/messages/certificate';

export const T0 = 1_800_000_000;
export const DAY = 86400;
export const TERMINAL_ID = 0x1234;
export const MERCHANT_ID = 77;
export const EUR = 978;

export interface Rig extends SimTerminal {
  crypto: ReturnType<typeof seededCrypto>;
  authKey: Uint8Array;
  issuer: Issuer;
  issuer2: Issuer;
  settings: SettingsFields;
  clock: SimClock;
  wallet(opts?: Partial<Pick<Certificate, 'perPaymentLimit' | 'notBefore' | 'expiry' | 'walletId'>> & { issuer?: Issuer }): Wallet;
  push(changes?: Partial<SettingsFields>): number;
  ackAll(): number;
  sale(amount: number): Uint8Array;
  tap(payment: Uint8Array): Receipt | null;
  journal(): ReturnType<typeof decodeRecord>[];
  // Every record the ledger acknowledged, in order (collected by ackAll before the ack).
  synced: Uint8Array[];
  flash: SimFlashSet | null;
}

export function rig(seed = 'rig', options: SimTerminalOptions = {}): Rig {
  const crypto = seededCrypto(seed);
  const clock = (options.clock as SimClock) ?? new SimClock(1000);
  const flash = options.store ? null : simFlashSet();
  const sim = createSimTerminal({ seed, crypto, clock, store: flash ? flash.reopen() : undefined, ...options });
  const synced: Uint8Array[] = [];
  const authKey = crypto.random(32);
  const issuer = createIssuer(crypto, 1);
  const issuer2 = createIssuer(crypto, 2);
  let nextWalletId = 100;
  const settings: SettingsFields = {
    terminalId: TERMINAL_ID, version: 1, time: T0, perPaymentLimit: 5000, offlineTotalLimit: 500000,
    maxOfflineAge: 3 * DAY, currency: EUR, issuerKeys: [{ keyId: 1, publicKey: issuer.publicKey, notAfter: T0 + 400 * DAY }],
    denyList: [],
  };
  const r: Rig = {
    ...sim,
    clock,
    crypto,
    synced,
    flash,
    authKey,
    issuer,
    issuer2,
    settings,
    wallet(o = {}) {
      const seedW = crypto.random(32);
      const cert = (o.issuer ?? issuer).issue({
        walletId: o.walletId ?? nextWalletId++, walletKey: crypto.publicKey(seedW), perPaymentLimit: o.perPaymentLimit ?? 10000,
        currency: EUR, notBefore: o.notBefore ?? T0 - 30 * DAY, expiry: o.expiry ?? T0 + 365 * DAY,
      });
      return new Wallet(crypto, seedW, cert);
    },
    push(changes = {}) {
      Object.assign(settings, changes);
      if (!('version' in changes)) settings.version++;
      if (!('time' in changes)) settings.time = T0 + Math.floor(clock.monotonic() / 1000);
      return sim.api.pushSettings(makeSettings(crypto, authKey, settings));
    },
    ackAll() {
      const last = sim.store.lastSeq();
      if (last === 0) return Reason.OK;
      const rec = sim.store.read(last);
      if (!rec) return Reason.OK;
      for (let q = sim.store.firstUnackedSeq(); q <= last; q++) synced.push(new Uint8Array(sim.store.read(q)!));
      return sim.api.acknowledge(makeAck(crypto, authKey, TERMINAL_ID, last, rec.subarray(rec.length - 16)));
    },
    sale(amount) {
      const q = sim.terminal.startSale(amount);
      if (!q) throw new Error('sale refused: ' + sim.terminal.notice);
      return q;
    },
    tap(payment) {
      const out = sim.nfc.write(payment);
      return out && out[0] === 4 ? decodeReceipt(out) : null;
    },
    journal() {
      const out = [];
      for (let s = sim.store.firstUnackedSeq(); s <= sim.store.lastSeq(); s++) {
        const b = sim.store.read(s);
        if (b) out.push(decodeRecord(b));
      }
      return out;
    },
  };
  if (sim.api.enrol(makeEnrolment({ terminalId: TERMINAL_ID, merchantId: MERCHANT_ID, authKey })) !== Reason.OK) throw new Error('enrol failed');
  settings.version = 0;
  if (r.push({ time: T0 + Math.floor(clock.monotonic() / 1000) }) !== Reason.OK) throw new Error('settings refused');
  return r;
}
