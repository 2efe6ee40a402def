import type { Crypto } from '../../protocol/crypto/port';
import type { Clock } from '../../hal/ports/clock';
import type { Rng } from '../../hal/ports/rng';
import type { Battery } from '../../hal/ports/battery';
import { Key } from '../../hal/ports/buttons';
import { Reason } from '../../protocol/reasons';
import { decidePayment } from '../../protocol/decision';
import { encodeRequest } from '../../protocol/messages/request';
import { encodeReceipt } from '../../protocol/messages/receipt';
import { encodeRecordBody, decodeRecord, RECORD_BYTES, TAG_BYTES } from '../../protocol/messages/record';
import { decodeSettings, encodeSettingsBody, type Settings } from '../../protocol/messages/settings';
import { decodeEnrolment, type Enrolment } from '../../protocol/messages/enrolment';
import { decodeAck, encodeAckBody } from '../../protocol/messages/ack';
import { PROVISIONED, MAINTENANCE, CLOCK_SET, type TerminalIdentity, type TerminalStatus } from '../../protocol/link/messages';
import { EMPTY_EXTENSIONS } from '../../protocol/extensions';
import { KeyedMac } from './mac';
import { ProtocolError } from '../../protocol/errors';
import { equalBytes } from '../../protocol/bytes';
import type { TerminalStore } from './store';
import type { TerminalLinkApi } from '../link/api';
import { TimeEstimate } from './time';
import { RiskState } from './risk';
import { VerifiedCertificates } from './cert-cache';
import { AmountEntry } from './amount';

// The acceptance flow (issue 4): IDLE → AMOUNT → WAITING (QR shown, NFC armed) →
// RESULT (receipt served) → IDLE, with cancel and a timeout at every step. Approved
// sales are appended to the journal BEFORE the screen says APPROVED; a second tap of
// the same payment gets the same receipt and stores nothing.
// States and timeouts as constants the device build inlines; the objects are for tests.
export const IDLE = 0;
export const AMOUNT = 1;
export const WAITING = 2;
export const RESULT = 3;
export const State = { IDLE, AMOUNT, WAITING, RESULT } as const;
const AMOUNT_MS = 60000;
const WAITING_MS = 120000;
const RESULT_MS = 8000;
export const Timeouts = { AMOUNT: AMOUNT_MS, WAITING: WAITING_MS, RESULT: RESULT_MS } as const;

export interface View {
  // Called whenever what the vendor sees changes; the board draws it.
  show(t: Terminal): void;
}

export interface TerminalDeps {
  board: string;
  firmware: string;
  crypto: Crypto;
  clock: Clock;
  rng: Rng;
  store: TerminalStore;
  battery?: Battery;
  view?: View;
  // The request (then the receipt) to hand to NFC readers; null stops serving.
  serve?: (message: Uint8Array | null) => void;
  maintenance?: boolean; // a button was held at boot: enrolment allowed again
}

// Runs a step that answers with a reason code: a ProtocolError (malformed input, a
// storage refusal) becomes its reason, anything else a storage failure.
// Steps (and every arrow function here) reach the terminal through a local, never
// `this`: Espruino 2v29 aborts (ASSERT jsvHasChildren) when it skips over an arrow
// function that uses `this` in a branch it does not take (measured with the Linux build).
function reasonOf(e: unknown): number {
  return e instanceof ProtocolError ? e.reason : Reason.STORAGE_FAILURE;
}

function attempt(step: () => number): number {
  try {
    return step();
  } catch (e) {
    return reasonOf(e);
  }
}

// The terminal is also what the host link talks to (firmware/link/api.ts).
export class Terminal implements TerminalLinkApi {
  deps: TerminalDeps;
  store: TerminalStore;
  time: TimeEstimate;
  risk: RiskState;
  certs: VerifiedCertificates;
  enrolment: Enrolment | null;
  mac: KeyedMac | null; // under the enrolment key
  prevTag: Uint8Array; // the newest record's tag: the next record chains to it
  settings: Settings | null;
  state: number;
  entry: AmountEntry;
  // The sale in progress.
  request: Uint8Array | null;
  challenge: Uint8Array | null;
  requestCounter: number;
  amount: number;
  // The last decision of this sale, for idempotent re-taps.
  lastPayment: Uint8Array | null;
  receipt: Uint8Array | null;
  reason: number;
  seq: number;
  notice: number; // why the last sale could not start, shown on idle (OK when none)
  lastReason: number; // of the last link request that answered with a reason
  timer: unknown;

  constructor(deps: TerminalDeps) {
    this.deps = deps;
    this.store = deps.store;
    this.time = new TimeEstimate(deps.clock);
    this.risk = new RiskState();
    this.certs = new VerifiedCertificates(4);
    this.enrolment = this.mac = this.settings = this.request = this.challenge = this.lastPayment = this.receipt = null;
    this.prevTag = new Uint8Array(TAG_BYTES);
    this.state = IDLE;
    this.entry = new AmountEntry();
    this.requestCounter = this.amount = this.seq = 0;
    this.reason = this.notice = this.lastReason = Reason.OK;
    this.timer = undefined;
  }

  // Loads identity and settings and rebuilds the risk state from the journal.
  boot(): void {
    const st = this.store;
    const e = st.loadConfig('enrol');
    const s = st.loadConfig('settings');
    this.setEnrolment(e ? decodeEnrolment(e) : null);
    this.settings = s ? decodeSettings(s) : null;
    if (this.settings) this.time.atLeast(this.settings.time);
    this.loadRisk();
    this.time.atLeast(this.risk.newestTime);
    this.redraw();
  }

  setEnrolment(e: Enrolment | null): void {
    this.enrolment = e;
    this.mac = e ? new KeyedMac(this.deps.crypto, e.authKey) : null;
    this.prevTag = this.store.lastTag();
  }

  // Re-reads the unacknowledged sales into the risk state. Counters only ever rise, so
  // those learned from sales the journal no longer holds stay.
  loadRisk(): void {
    const risk = this.risk;
    const st = this.store;
    risk.resetUnsynced();
    for (let seq = st.firstUnackedSeq(); seq <= st.lastSeq(); seq++) {
      const b = st.read(seq);
      if (!b) continue;
      const r = decodeRecord(b);
      risk.add(0, r.certHash, r.walletCounter, r.amount, r.time);
    }
  }

  // Why a new sale cannot start now (Reason.OK when it can).
  readiness(): number {
    const s = this.settings;
    const risk = this.risk;
    const now = this.time.now();
    return !this.enrolment || !s ? Reason.NOT_PROVISIONED
      : now < 0 ? Reason.CLOCK_UNSET
      : risk.unsyncedTotal >= s.offlineTotalLimit ? Reason.OFFLINE_TOTAL_EXCEEDED
      : risk.oldestUnsynced && now - risk.oldestUnsynced > s.maxOfflineAge ? Reason.SYNC_TOO_OLD
      : Reason.OK;
  }

  redraw(): void {
    if (this.deps.view) this.deps.view.show(this);
  }

  disarm(): void {
    // Never clearTimeout(undefined): Espruino then clears every timer.
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  // Enters `state`: NFC serves `message` (null: nothing), the timer restarts (after
  // `ms` it ends the sale with `timeout`, or goes idle when that is OK) and the screen
  // follows.
  go(state: number, message: Uint8Array | null, ms: number, timeout?: number): void {
    const t = this;
    const d = t.deps;
    t.state = state;
    t.disarm();
    if (ms) {
      t.timer = d.clock.setTimeout(() => {
        t.timer = undefined;
        if (timeout) t.finish(timeout);
        else t.toIdle();
      }, ms);
    }
    if (d.serve) d.serve(message);
    this.redraw();
  }

  toIdle(): void {
    this.request = this.challenge = this.lastPayment = this.receipt = null;
    this.go(IDLE, null, 0);
  }

  // A vendor key (hal/ports/buttons.ts Key).
  press(k: number): void {
    const st = this.state;
    const digit = k >= Key.DIGIT0 && k <= Key.DIGIT0 + 9;
    if (st === IDLE) {
      if (k === Key.OK || digit) {
        this.entry = new AmountEntry();
        if (digit) this.entry.key(k);
      } else if (k !== Key.CANCEL) return;
      this.notice = Reason.OK;
      if (k === Key.CANCEL) this.redraw();
      else this.go(AMOUNT, null, AMOUNT_MS);
    } else if (st === AMOUNT) {
      if (k === Key.CANCEL) this.toIdle();
      else if (k === Key.OK) {
        if (this.entry.value > 0) this.startSale(this.entry.value);
      } else if (this.entry.key(k)) this.go(AMOUNT, null, AMOUNT_MS);
    } else if (st === WAITING) {
      if (k === Key.CANCEL) this.finish(Reason.CANCELLED);
    } else if (k === Key.OK || k === Key.CANCEL) this.toIdle();
  }

  // Builds the payment request for `amount`, shows it and arms NFC. Returns the request
  // bytes, or null with the refusal reason in this.notice.
  startSale(amount: number): Uint8Array | null {
    const st = this.store;
    let counter = 0;
    let refusal = this.readiness() || (st.canAppend(RECORD_BYTES) ? Reason.OK : Reason.JOURNAL_FULL);
    if (!refusal) {
      try {
        counter = st.nextRequestCounter();
      } catch (e) {
        refusal = reasonOf(e);
      }
    }
    if (refusal) {
      this.notice = refusal;
      this.toIdle();
      return null;
    }
    const e = this.enrolment as Enrolment;
    const challenge = this.deps.rng.read(16);
    this.challenge = challenge;
    this.requestCounter = counter;
    this.amount = amount;
    const q = encodeRequest({
      terminalId: e.terminalId, merchantId: e.merchantId, amount, currency: (this.settings as Settings).currency,
      challenge, requestCounter: counter, extensions: EMPTY_EXTENSIONS,
    });
    this.request = q;
    this.lastPayment = this.receipt = null;
    this.go(WAITING, q, WAITING_MS, Reason.TIMEOUT);
    return q;
  }

  // Ends the sale without a payment (cancel, timeout): the result screen shows why.
  finish(reason: number): void {
    this.reason = reason;
    this.seq = 0;
    this.go(RESULT, null, RESULT_MS);
  }

  // A payment arrived (NFC write, host link or injector). Returns the receipt to give
  // back to the wallet, or null when no sale is waiting for one.
  tap(payment: Uint8Array): Uint8Array | null {
    if (this.receipt && equalBytes(payment, this.lastPayment as Uint8Array)) return this.receipt;
    if (this.state !== WAITING) return null;
    const e = this.enrolment as Enrolment;
    const s = this.settings as Settings;
    const risk = this.risk;
    const st = this.store;
    const now = this.time.now();
    const d = decidePayment(payment, e.terminalId, this.challenge as Uint8Array, this.amount, s.currency, s, now, this.certs, risk, this.deps.crypto);
    const p = d.payment;
    let reason = d.reason;
    let seq = 0;
    let tag = new Uint8Array(TAG_BYTES);
    if (!reason && p) {
      // Append the approved sale first: the screen changes only after this, so
      // APPROVED is never shown for an unstored sale.
      const cert = d.certificate as NonNullable<typeof d.certificate>;
      const hash = d.certHash as Uint8Array;
      const body = encodeRecordBody({
        seq: st.lastSeq() + 1, time: now, requestCounter: this.requestCounter, amount: p.amount,
        currency: p.currency, challenge: p.challenge, walletCounter: p.walletCounter,
        certHash: hash, walletSignature: p.signature, extensions: EMPTY_EXTENSIONS,
      });
      const rec = new Uint8Array(body.length + TAG_BYTES);
      rec.set(body);
      rec.set((this.mac as KeyedMac).recordTag(e.terminalId, e.merchantId, this.prevTag, body), body.length);
      reason = !st.canAppend(rec.length) ? Reason.JOURNAL_FULL : attempt(() => {
        st.append(rec);
        return Reason.OK;
      });
      if (reason) {
        // A failed append may still have landed: trust the flash (if it is readable;
        // otherwise the next boot reads the tag again).
        const t = this;
        attempt(() => {
          t.prevTag = st.lastTag();
          return 0;
        });
      } else {
        tag = this.prevTag = rec.subarray(body.length);
        seq = st.lastSeq();
        risk.add(cert.walletId, hash, p.walletCounter, p.amount, now);
        const k = d.verifiedCertificate && s.issuerKeys.find((x) => x.keyId === cert.issuerKeyId);
        if (k) this.certs.add(hash, cert, k.publicKey);
      }
    }
    const receipt = encodeReceipt({
      terminalId: e.terminalId, seq, approved: !reason, reason, amount: this.amount, currency: s.currency,
      challenge: this.challenge as Uint8Array, walletCounter: p ? p.walletCounter : 0, time: now > 0 ? now : 0,
      extensions: EMPTY_EXTENSIONS, tag,
    });
    this.receipt = receipt;
    this.lastPayment = new Uint8Array(payment);
    this.reason = reason;
    this.seq = seq;
    this.go(RESULT, receipt, RESULT_MS);
    return receipt;
  }

  // ---- the host link (firmware/link/api.ts) ----

  // A reason for the link, remembered for STATUS.
  note(reason: number): number {
    this.lastReason = reason;
    return reason;
  }

  // The MAC check of ledger messages (settings, acks) under the enrolment key.
  macOk(body: Uint8Array, tag: Uint8Array): boolean {
    return equalBytes((this.mac as KeyedMac).mac(body).subarray(0, TAG_BYTES), tag);
  }

  flags(): number {
    return (this.enrolment ? PROVISIONED : 0) | (this.deps.maintenance ? MAINTENANCE : 0)
      | (this.time.now() >= 0 ? CLOCK_SET : 0);
  }

  info(): TerminalIdentity {
    const st = this.store;
    const e = this.enrolment;
    const d = this.deps;
    return {
      flags: this.flags(), terminalId: e ? e.terminalId : 0, merchantId: e ? e.merchantId : 0,
      firstUnackedSeq: st.firstUnackedSeq(), lastSeq: st.lastSeq(), count: this.risk.unsyncedCount,
      unsyncedAmount: this.risk.unsyncedTotal, settingsVersion: this.settings ? this.settings.version : 0,
      time: Math.max(0, this.time.now()), firmware: d.firmware, board: d.board,
    };
  }

  status(): TerminalStatus {
    const b = this.deps.battery;
    const level = b ? b.read() : -1;
    return {
      flags: this.flags(), battery: level < 0 ? 255 : level, lastReason: this.lastReason,
      uptime: Math.floor(this.deps.clock.monotonic() / 1000), time: Math.max(0, this.time.now()),
      count: this.risk.unsyncedCount, unsyncedAmount: this.risk.unsyncedTotal,
    };
  }

  exportFrom(fromSeq: number, max: number): Uint8Array[] {
    const st = this.store;
    const out: Uint8Array[] = [];
    for (let seq = Math.max(fromSeq, st.firstUnackedSeq()); seq <= st.lastSeq() && out.length < max; seq++) {
      const r = st.read(seq);
      if (r) out.push(r);
    }
    return out;
  }

  // Settings pushed by the ledger: MAC under the enrolment key, newer version only;
  // the settings already in force again are OK.
  pushSettings(bytes: Uint8Array): number {
    const t = this;
    const e = t.enrolment;
    const st = this.store;
    const cur = st.loadConfig('settings');
    return t.note(cur && equalBytes(cur, bytes) ? Reason.OK : !e ? Reason.NOT_PROVISIONED : attempt(() => {
      const s = decodeSettings(bytes);
      if (!t.macOk(encodeSettingsBody(s), s.tag)) return Reason.BAD_AUTHENTICATION;
      if (s.terminalId !== e.terminalId) return Reason.WRONG_TERMINAL;
      if (t.settings && s.version <= t.settings.version) return Reason.STALE_SETTINGS;
      st.saveConfig('settings', new Uint8Array(bytes));
      t.settings = decodeSettings(st.loadConfig('settings') as Uint8Array);
      t.time.sync(s.time);
      t.certs.keepIssuers(s.issuerKeys);
      t.redraw();
      return Reason.OK;
    }));
  }

  // The ledger has durably stored every record through the ack's `throughSeq`.
  acknowledge(bytes: Uint8Array): number {
    const t = this;
    const e = t.enrolment;
    const st = this.store;
    return t.note(!e ? Reason.NOT_PROVISIONED : attempt(() => {
      const a = decodeAck(bytes);
      const through = a.throughSeq;
      if (!t.macOk(encodeAckBody(a), a.tag)) return Reason.BAD_AUTHENTICATION;
      if (a.terminalId !== e.terminalId) return Reason.WRONG_TERMINAL;
      if (through > st.lastSeq()) return Reason.UNKNOWN_RECORD;
      if (through < st.firstUnackedSeq()) return Reason.OK; // already acknowledged
      const rec = st.read(through);
      if (!rec || !equalBytes(rec.subarray(rec.length - TAG_BYTES), a.recordTag)) return Reason.UNKNOWN_RECORD;
      st.acknowledge(through);
      t.loadRisk();
      t.redraw();
      return Reason.OK;
    }));
  }

  // Provisioning: identity and the key shared with the ledger. Once provisioned only in
  // maintenance mode with nothing unsynced; the enrolment already in force again is OK.
  enrol(bytes: Uint8Array): number {
    const t = this;
    const st = t.store;
    const cur = st.loadConfig('enrol');
    return t.note(cur && equalBytes(cur, bytes) ? Reason.OK : attempt(() => {
      decodeEnrolment(bytes);
      if (t.enrolment) {
        if (!t.deps.maintenance || st.firstUnackedSeq() <= st.lastSeq()) return Reason.BAD_AUTHENTICATION;
        st.erase();
        t.settings = null;
      }
      st.saveConfig('enrol', new Uint8Array(bytes));
      t.setEnrolment(decodeEnrolment(st.loadConfig('enrol') as Uint8Array));
      t.redraw();
      return Reason.OK;
    }));
  }
}
