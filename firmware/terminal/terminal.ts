import type { Crypto } from '../../protocol/crypto/port';
import type { Clock } from '../../hal/ports/clock';
import type { Rng } from '../../hal/ports/rng';
import type { Battery } from '../../hal/ports/battery';
import { Key } from '../../hal/ports/buttons';
import { Reason } from '../../protocol/reasons';
import { decide, type Decision } from '../../protocol/decision';
import { encodeRequest } from '../../protocol/messages/request';
import { encodeReceipt } from '../../protocol/messages/receipt';
import { encodeRecordBody, decodeRecord, RECORD_BYTES, TAG_BYTES } from '../../protocol/messages/record';
import { decodeSettings, encodeSettingsBody, type Settings } from '../../protocol/messages/settings';
import { decodeEnrolment, type Enrolment } from '../../protocol/messages/enrolment';
import { decodeAck, encodeAckBody } from '../../protocol/messages/ack';
import { KeyedMac } from './mac';
import { ProtocolError } from '../../protocol/errors';
import { equalBytes } from '../../protocol/bytes';
import type { TerminalStore } from './store';
import { TimeEstimate } from './time';
import { RiskState } from './risk';
import { VerifiedCertificates } from './cert-cache';
import { AmountEntry } from './amount';

// The acceptance flow (issue 4): IDLE → AMOUNT → WAITING (QR shown, NFC armed) →
// RESULT (receipt served) → IDLE, with cancel and a timeout at every step. Approved
// sales are appended to the journal BEFORE the screen says APPROVED; a second tap of
// the same payment gets the same receipt and stores nothing.
export const State = { IDLE: 0, AMOUNT: 1, WAITING: 2, RESULT: 3 } as const;

export const Timeouts = { AMOUNT: 60000, WAITING: 120000, RESULT: 8000 };

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

export class Terminal {
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
  timer: unknown;

  constructor(deps: TerminalDeps) {
    this.deps = deps;
    this.store = deps.store;
    this.time = new TimeEstimate(deps.clock);
    this.risk = new RiskState();
    this.certs = new VerifiedCertificates(4);
    this.enrolment = null;
    this.mac = null;
    this.prevTag = new Uint8Array(TAG_BYTES);
    this.settings = null;
    this.state = State.IDLE;
    this.entry = new AmountEntry();
    this.request = null;
    this.challenge = null;
    this.requestCounter = 0;
    this.amount = 0;
    this.lastPayment = null;
    this.receipt = null;
    this.reason = Reason.OK;
    this.seq = 0;
    this.notice = Reason.OK;
    this.timer = undefined;
  }

  // Loads identity and settings and rebuilds the risk state from the journal.
  boot(): void {
    const st = this.store;
    const e = st.loadConfig('enrol');
    this.setEnrolment(e ? decodeEnrolment(e) : null);
    this.prevTag = st.lastTag();
    const s = st.loadConfig('settings');
    this.settings = s ? decodeSettings(s) : null;
    if (this.settings) this.time.atLeast(this.settings.time);
    this.rebuildRisk();
    this.time.atLeast(this.risk.newestTime);
    this.redraw();
  }

  setEnrolment(e: Enrolment | null): void {
    this.enrolment = e;
    this.mac = e ? new KeyedMac(this.deps.crypto, e.authKey) : null;
  }

  rebuildRisk(): void {
    const risk = new RiskState();
    const st = this.store;
    const first = st.firstUnackedSeq();
    const last = st.lastSeq();
    for (let seq = first; seq <= last; seq++) {
      const b = st.read(seq);
      if (!b) continue;
      const r = decodeRecord(b);
      risk.add(0, r.certHash, r.walletCounter, r.amount, r.time, true);
    }
    this.risk = risk;
  }

  get provisioned(): boolean {
    return this.enrolment !== null;
  }

  // Why a new sale cannot start now (Reason.OK when it can).
  readiness(): number {
    if (!this.enrolment) return Reason.NOT_PROVISIONED;
    const s = this.settings;
    if (!s) return Reason.NOT_PROVISIONED;
    const now = this.time.now();
    if (now < 0) return Reason.CLOCK_UNSET;
    if (this.risk.unsyncedTotal >= s.offlineTotalLimit) return Reason.OFFLINE_TOTAL_EXCEEDED;
    if (this.risk.oldestUnsynced && now - this.risk.oldestUnsynced > s.maxOfflineAge) return Reason.SYNC_TOO_OLD;
    return Reason.OK;
  }

  redraw(): void {
    if (this.deps.view) this.deps.view.show(this);
  }

  arm(ms: number, then: () => void): void {
    const c = this.deps.clock;
    if (this.timer !== undefined) c.clearTimeout(this.timer);
    this.timer = c.setTimeout(() => {
      this.timer = undefined;
      then();
    }, ms);
  }

  disarm(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  toIdle(): void {
    this.disarm();
    this.state = State.IDLE;
    this.request = null;
    this.challenge = null;
    this.lastPayment = null;
    this.receipt = null;
    if (this.deps.serve) this.deps.serve(null);
    this.redraw();
  }

  // A vendor key (hal/ports/buttons.ts Key).
  press(k: number): void {
    const st = this.state;
    if (st === State.IDLE) {
      if (k === Key.OK || (k >= Key.DIGIT0 && k <= Key.DIGIT0 + 9)) {
        this.notice = Reason.OK;
        this.state = State.AMOUNT;
        this.entry = new AmountEntry();
        if (k !== Key.OK) this.entry.key(k);
        this.arm(Timeouts.AMOUNT, () => this.toIdle());
        this.redraw();
      } else if (k === Key.CANCEL) {
        this.notice = Reason.OK;
        this.redraw();
      }
    } else if (st === State.AMOUNT) {
      if (k === Key.CANCEL) this.toIdle();
      else if (k === Key.OK) {
        if (this.entry.value > 0) this.startSale(this.entry.value);
      } else if (this.entry.key(k)) {
        this.arm(Timeouts.AMOUNT, () => this.toIdle());
        this.redraw();
      }
    } else if (st === State.WAITING) {
      if (k === Key.CANCEL) this.finish(Reason.CANCELLED);
    } else if (k === Key.OK || k === Key.CANCEL) this.toIdle();
  }

  // Builds the payment request for `amount`, shows it and arms NFC. Returns the request
  // bytes, or null with the refusal reason in this.notice.
  startSale(amount: number): Uint8Array | null {
    const ready = this.readiness();
    if (ready !== Reason.OK) return this.refuse(ready);
    if (!this.store.canAppend(RECORD_BYTES)) return this.refuse(Reason.JOURNAL_FULL);
    const e = this.enrolment as Enrolment;
    const s = this.settings as Settings;
    let counter: number;
    try {
      counter = this.store.nextRequestCounter();
    } catch (err) {
      return this.refuse(Reason.STORAGE_FAILURE);
    }
    this.challenge = this.deps.rng.read(16);
    this.requestCounter = counter;
    this.amount = amount;
    this.request = encodeRequest({
      terminalId: e.terminalId, merchantId: e.merchantId, amount, currency: s.currency,
      challenge: this.challenge, requestCounter: counter, extensions: new Uint8Array(0),
    });
    this.lastPayment = null;
    this.receipt = null;
    this.state = State.WAITING;
    if (this.deps.serve) this.deps.serve(this.request);
    this.arm(Timeouts.WAITING, () => this.finish(Reason.TIMEOUT));
    this.redraw();
    return this.request;
  }

  refuse(reason: number): null {
    this.notice = reason;
    this.state = State.IDLE;
    this.disarm();
    this.redraw();
    return null;
  }

  // Ends the sale without a payment (cancel, timeout): the result screen shows why.
  finish(reason: number): void {
    this.reason = reason;
    this.seq = 0;
    this.state = State.RESULT;
    if (this.deps.serve) this.deps.serve(null);
    this.arm(Timeouts.RESULT, () => this.toIdle());
    this.redraw();
  }

  // A payment arrived (NFC write, host link or injector). Returns the receipt to give
  // back to the wallet, or null when no sale is waiting for one.
  tap(payment: Uint8Array): Uint8Array | null {
    if (this.lastPayment && this.receipt && equalBytes(payment, this.lastPayment)) return this.receipt;
    if (this.state !== State.WAITING) return null;
    const d = this.decide(payment);
    let reason = d.reason;
    let seq = 0;
    let tag: Uint8Array = new Uint8Array(TAG_BYTES);
    const now = this.time.now();
    if (reason === Reason.OK) {
      const stored = this.store1(d, now);
      if (typeof stored === 'number') reason = stored;
      else {
        tag = stored;
        seq = this.store.lastSeq();
      }
    }
    const p = d.payment;
    const e = this.enrolment as Enrolment;
    this.receipt = encodeReceipt({
      terminalId: e.terminalId, seq, approved: reason === Reason.OK, reason,
      amount: this.amount, currency: (this.settings as Settings).currency,
      challenge: this.challenge as Uint8Array, walletCounter: p ? p.walletCounter : 0,
      time: now > 0 ? now : 0, extensions: new Uint8Array(0), tag,
    });
    this.lastPayment = new Uint8Array(payment);
    this.reason = reason;
    this.seq = seq;
    this.state = State.RESULT;
    if (this.deps.serve) this.deps.serve(this.receipt);
    this.arm(Timeouts.RESULT, () => this.toIdle());
    this.redraw();
    return this.receipt;
  }

  decide(payment: Uint8Array): Decision {
    const e = this.enrolment as Enrolment;
    const s = this.settings as Settings;
    const risk = this.risk;
    return decide({
      payment, terminalId: e.terminalId, challenge: this.challenge as Uint8Array,
      amount: this.amount, currency: s.currency, settings: s, now: this.time.now(),
      cache: this.certs, unsyncedTotal: risk.unsyncedTotal, oldestUnsynced: risk.oldestUnsynced,
      lastCounter: (w, h) => risk.lastCounter(w, h), crypto: this.deps.crypto,
    });
  }

  // Appends the approved sale; returns its tag, or the refusal reason. The screen
  // changes only after this returns, so APPROVED is never shown for an unstored sale.
  store1(d: Decision, now: number): Uint8Array | number {
    const st = this.store;
    const p = d.payment as NonNullable<Decision['payment']>;
    const e = this.enrolment as Enrolment;
    const body = encodeRecordBody({
      seq: st.lastSeq() + 1, time: now, requestCounter: this.requestCounter, amount: p.amount,
      currency: p.currency, challenge: p.challenge, walletCounter: p.walletCounter,
      certHash: d.certHash as Uint8Array, walletSignature: p.signature, extensions: new Uint8Array(0),
    });
    if (!st.canAppend(body.length + TAG_BYTES)) return Reason.JOURNAL_FULL;
    const tag = (this.mac as KeyedMac).recordTag(e.terminalId, e.merchantId, this.prevTag, body);
    const rec = new Uint8Array(body.length + TAG_BYTES);
    rec.set(body);
    rec.set(tag, body.length);
    try {
      st.append(rec);
    } catch (err) {
      try {
        this.prevTag = st.lastTag(); // a failed append may still have landed: trust the flash
      } catch (e2) {
        // Storage is gone (power cut): the next boot reads the tag again.
      }
      return Reason.STORAGE_FAILURE;
    }
    this.prevTag = tag;
    const cert = d.certificate as NonNullable<Decision['certificate']>;
    this.risk.add(cert.walletId, d.certHash as Uint8Array, p.walletCounter, p.amount, now, true);
    if (d.verifiedCertificate) {
      const k = (this.settings as Settings).issuerKeys.find((x) => x.keyId === cert.issuerKeyId);
      if (k) this.certs.add(d.certHash as Uint8Array, cert, k.publicKey);
    }
    return tag;
  }

  // ---- host link (TerminalLinkApi) ----

  macOk(body: Uint8Array, tag: Uint8Array): boolean {
    return equalBytes((this.mac as KeyedMac).mac(body).subarray(0, TAG_BYTES), tag);
  }

  // Settings pushed by the ledger: MAC under the enrolment key, newer version only.
  applySettings(bytes: Uint8Array): number {
    const e = this.enrolment;
    if (!e) return Reason.NOT_PROVISIONED;
    let s: Settings;
    try {
      s = decodeSettings(bytes);
    } catch (err) {
      return err instanceof ProtocolError ? err.reason : Reason.MALFORMED;
    }
    if (!this.macOk(encodeSettingsBody(s), s.tag)) return Reason.BAD_AUTHENTICATION;
    if (s.terminalId !== e.terminalId) return Reason.WRONG_TERMINAL;
    if (this.settings && s.version <= this.settings.version) return Reason.STALE_SETTINGS;
    try {
      this.store.saveConfig('settings', new Uint8Array(bytes));
    } catch (err) {
      return Reason.STORAGE_FAILURE;
    }
    this.settings = decodeSettings(this.store.loadConfig('settings') as Uint8Array);
    this.time.sync(s.time);
    this.certs.keepIssuers(s.issuerKeys);
    this.redraw();
    return Reason.OK;
  }

  // The ledger has durably stored every record through `throughSeq`.
  acknowledge(bytes: Uint8Array): number {
    const e = this.enrolment;
    if (!e) return Reason.NOT_PROVISIONED;
    let a;
    try {
      a = decodeAck(bytes);
    } catch (err) {
      return err instanceof ProtocolError ? err.reason : Reason.MALFORMED;
    }
    if (!this.macOk(encodeAckBody(a), a.tag)) return Reason.BAD_AUTHENTICATION;
    if (a.terminalId !== e.terminalId) return Reason.WRONG_TERMINAL;
    const st = this.store;
    if (a.throughSeq > st.lastSeq()) return Reason.UNKNOWN_RECORD;
    if (a.throughSeq < st.firstUnackedSeq()) return Reason.OK; // already acknowledged
    const rec = st.read(a.throughSeq);
    if (!rec || !equalBytes(rec.subarray(rec.length - TAG_BYTES), a.recordTag)) return Reason.UNKNOWN_RECORD;
    try {
      st.acknowledge(a.throughSeq);
    } catch (err) {
      return Reason.STORAGE_FAILURE;
    }
    const keep = this.risk;
    this.rebuildRisk();
    // Counters learned since boot stay: the journal no longer holds those sales.
    const r = this.risk;
    for (const k of Object.keys(keep.byWallet)) if (keep.byWallet[k] > (r.byWallet[k] || 0)) r.byWallet[k] = keep.byWallet[k];
    for (const k of Object.keys(keep.byCert)) if (keep.byCert[k] > (r.byCert[k] || 0)) r.byCert[k] = keep.byCert[k];
    this.redraw();
    return Reason.OK;
  }

  // Provisioning: identity and the key shared with the ledger.
  enrol(bytes: Uint8Array): number {
    try {
      decodeEnrolment(bytes);
    } catch (err) {
      return err instanceof ProtocolError ? err.reason : Reason.MALFORMED;
    }
    const st = this.store;
    if (this.enrolment) {
      if (!this.deps.maintenance || st.firstUnackedSeq() <= st.lastSeq()) return Reason.BAD_AUTHENTICATION;
      try {
        st.erase();
      } catch (err) {
        return Reason.STORAGE_FAILURE;
      }
      this.settings = null;
    }
    try {
      st.saveConfig('enrol', new Uint8Array(bytes));
    } catch (err) {
      return Reason.STORAGE_FAILURE;
    }
    this.setEnrolment(decodeEnrolment(st.loadConfig('enrol') as Uint8Array));
    this.prevTag = st.lastTag();
    this.redraw();
    return Reason.OK;
  }

  battery(): number {
    return this.deps.battery ? this.deps.battery.read() : -1;
  }
}
