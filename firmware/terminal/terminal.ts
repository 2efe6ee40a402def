import type { Crypto } from '../../protocol/crypto/port';
import type { Clock } from '../../hal/ports/clock';
import type { Rng } from '../../hal/ports/rng';
import type { Battery } from '../../hal/ports/battery';
import { Key } from '../../hal/ports/buttons';
import { Reason } from '../../protocol/reasons';
import { decidePayment, TIME_UNKNOWN, type CertificateCache, type RiskView } from '../../protocol/decision';
import { encodeRequest } from '../../protocol/messages/request';
import { encodeReceipt } from '../../protocol/messages/receipt';
import { encodeRecordBody, decodeRecord, RECORD_BYTES, TAG_BYTES } from '../../protocol/messages/record';
import { decodeSettings, type Settings } from '../../protocol/messages/settings';
import { decodeEnrolment, type Enrolment } from '../../protocol/messages/enrolment';
import { decodeAck } from '../../protocol/messages/ack';
import { decodeCertificate, type Certificate } from '../../protocol/messages/certificate';
import { TerminalFlag, type TerminalIdentity, type TerminalStatus } from '../../protocol/link/messages';
import { EMPTY_EXTENSIONS } from '../../protocol/extensions';
import { ProtocolError } from '../../protocol/errors';
import { equalBytes, putU32 } from '../../protocol/bytes';
import { keyBlocks, keyedMac } from './mac';
import { MAX_AMOUNT, AMOUNT_DIGITS } from './amount';
import type { TerminalStore } from './store';
import type { TerminalLinkApi } from '../link/api';

// The acceptance flow (issue 4): IDLE → AMOUNT → WAITING (QR shown, NFC armed) →
// RESULT (receipt served) → IDLE, with cancel and a timeout at every step. Approved
// sales are appended to the journal BEFORE the screen says APPROVED; a second tap of
// the same payment gets the same receipt and stores nothing.
// States, timeouts (ms) and config kinds are enums: the device build inlines their
// values, like Reason's, and keeps no object or variable for them.
export enum State {
  IDLE = 0,
  AMOUNT = 1,
  WAITING = 2,
  RESULT = 3,
}
export enum Timeouts {
  AMOUNT = 60000,
  WAITING = 120000,
  RESULT = 8000,
}

// What the link's ENROL, SETTINGS and ACK requests apply (Terminal.config); ENROL is 0.
enum Config {
  ENROL = 0,
  SETTINGS = 1,
  ACK = 2,
}

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

// A certificate whose issuer signature this terminal verified.
interface Verified {
  hash: Uint8Array;
  cert: Certificate;
  key: Uint8Array; // the issuer key it was verified with
}
const CACHED_CERTS = 4;

// A ProtocolError (malformed input, a storage refusal) becomes its reason, anything
// else a storage failure.
function reasonOf(e: unknown): number {
  return e instanceof ProtocolError ? e.reason : Reason.STORAGE_FAILURE;
}

// A certificate hash's first 64 bits as an object key: two native reads instead of an
// interpreted hex loop (a collision could only make the counter check stricter). The
// ':' keeps these keys apart from wallet ids, which share the counter object.
function certKey(h: Uint8Array): string {
  const v = new DataView(h.buffer, h.byteOffset, 8);
  return v.getUint32(0) + ':' + v.getUint32(4);
}

function flagsOf(t: Terminal): number {
  return (t.enrolment ? TerminalFlag.PROVISIONED : 0) | (t.deps.maintenance ? TerminalFlag.MAINTENANCE : 0) | (t.now() >= 0 ? TerminalFlag.CLOCK_SET : 0);
}

// The terminal is also what the host link talks to (firmware/link/api.ts), and the
// certificate cache and risk view the decision reads. One object on purpose: every
// class or method resident on a Pixl.js costs JS variables (see DESIGN.md §1).
// Arrow functions reach the terminal through a local, never `this`: Espruino 2v29
// aborts (ASSERT jsvHasChildren) when it skips over an arrow function that uses `this`
// in a branch it does not take (measured with the Linux build).
export class Terminal implements TerminalLinkApi, CertificateCache, RiskView {
  // Fields marked ! are set by boot() or when a sale starts, before anything reads them:
  // the constructor leaves them out, so an idle terminal holds fewer variables.
  deps: TerminalDeps;
  store: TerminalStore;
  enrolment!: Enrolment | null;
  macBlocks!: Uint8Array | null; // HMAC key blocks under the enrolment key (./mac.ts)
  prevTag!: Uint8Array; // the newest record's tag: the next record chains to it
  settings!: Settings | null;
  // The wall-clock estimate. It never trusts the board's own clock: the base is the
  // time the last sync established (settings.time, when the settings arrived) plus the
  // monotonic uptime since. After a reboot the base is a persisted lower bound — the
  // newest of the stored settings time and the newest journal record time — plus uptime
  // since boot, so the estimate never runs ahead of true time (protocol/decision.ts).
  base: number; // unix seconds at `baseMono`, or TIME_UNKNOWN
  baseMono!: number;
  // Offline risk, rebuilt from the journal at boot: the last wallet counter seen, keyed
  // by wallet id (sales since boot) and by certKey (records name only the hash; the
  // decision takes the larger), and the total, count and oldest time of unacked sales.
  counters: { [key: string]: number };
  unsyncedTotal!: number;
  unsyncedCount!: number;
  oldestUnsynced!: number; // unix seconds; 0 when everything is acknowledged
  // Certificates verified here, newest first: a returning wallet may then send only the
  // hash and skip one Ed25519 verification. RAM only: after a reboot they are verified again.
  certs: Verified[];
  state: number;
  // Amount entry: the value and the digit the buttons change (0 = units).
  entered!: number;
  cursor!: number;
  // The sale in progress.
  request!: Uint8Array | null;
  challenge!: Uint8Array | null;
  requestCounter!: number;
  amount!: number;
  // The last decision of this sale, for idempotent re-taps.
  lastPayment!: Uint8Array | null;
  receipt!: Uint8Array | null;
  reason: number;
  seq!: number; // the approved sale's journal number (the APPROVED screen shows it)
  notice: number; // why the last sale could not start, shown on idle (OK when none)
  lastReason: number; // of the last link request that answered with a reason
  timer: unknown;

  constructor(deps: TerminalDeps) {
    this.deps = deps;
    this.store = deps.store;
    this.base = TIME_UNKNOWN;
    this.counters = {};
    this.certs = [];
    this.state = State.IDLE;
    this.reason = this.notice = this.lastReason = Reason.OK;
  }

  // Loads identity and settings and rebuilds the risk state from the journal (also
  // after an enrolment or an ack changed them). Counters only ever rise, so those
  // learned from sales the journal no longer holds stay.
  boot(): void {
    const t = this;
    const st = t.store;
    const e = st.loadConfig('enrol');
    const s = st.loadConfig('settings');
    const en = t.enrolment = e && decodeEnrolment(e);
    t.macBlocks = en && keyBlocks(t.deps.crypto, en.authKey);
    t.prevTag = st.lastTag();
    const set = t.settings = s && decodeSettings(s);
    let newest = set ? set.time : 0;
    t.unsyncedTotal = t.unsyncedCount = t.oldestUnsynced = 0;
    for (let seq = st.firstUnackedSeq(); seq <= st.lastSeq(); seq++) {
      const b = st.read(seq);
      if (b) {
        const r = decodeRecord(b);
        t.addSale(0, r.certHash, r.walletCounter, r.amount, r.time);
        if (r.time > newest) newest = r.time;
      }
    }
    if (newest > t.now()) {
      t.base = newest;
      t.baseMono = t.deps.clock.monotonic();
    }
    t.redraw();
  }

  now(): number {
    const t = this;
    return t.base === TIME_UNKNOWN ? TIME_UNKNOWN : t.base + Math.floor((t.deps.clock.monotonic() - t.baseMono) / 1000);
  }

  // One unacknowledged sale, in journal order; walletId 0 when only the hash is known.
  addSale(walletId: number, certHash: Uint8Array, walletCounter: number, amount: number, time: number): void {
    const t = this;
    const c = t.counters;
    const k = certKey(certHash);
    if (walletCounter > (c[k] || 0)) c[k] = walletCounter;
    if (walletId && walletCounter > (c[walletId] || 0)) c[walletId] = walletCounter;
    t.unsyncedTotal += amount;
    t.unsyncedCount++;
    if (!t.oldestUnsynced || time < t.oldestUnsynced) t.oldestUnsynced = time;
  }

  lastCounter(walletId: number, certHash: Uint8Array): number {
    const c = this.counters;
    return Math.max(c[walletId] || 0, c[certKey(certHash)] || 0);
  }

  find(hash: Uint8Array): Certificate | null {
    // First and last byte as a cheap reject; equalBytes only for a likely match.
    const v = this.certs.find((x) => x.hash[0] === hash[0] && x.hash[31] === hash[31] && equalBytes(x.hash, hash));
    return v ? v.cert : null;
  }

  // Why a new sale cannot start now (Reason.OK when it can).
  readiness(): number {
    const t = this;
    const s = t.settings;
    const now = t.now();
    return !t.enrolment || !s ? Reason.NOT_PROVISIONED
      : now < 0 ? Reason.CLOCK_UNSET
      : t.unsyncedTotal >= s.offlineTotalLimit ? Reason.OFFLINE_TOTAL_EXCEEDED
      : t.oldestUnsynced && now - t.oldestUnsynced > s.maxOfflineAge ? Reason.SYNC_TOO_OLD
      : Reason.OK;
  }

  redraw(): void {
    const v = this.deps.view;
    if (v) v.show(this);
  }

  // Enters `state`: NFC serves `message` (null: nothing), the timer restarts (after
  // `ms` it ends the sale with `timeout`, or goes idle without one) and the screen
  // follows.
  go(state: number, message: Uint8Array | null, ms: number, timeout?: number): void {
    const t = this;
    const d = t.deps;
    const c = d.clock;
    t.state = state;
    // Never clearTimeout(undefined): Espruino then clears every timer.
    if (t.timer !== undefined) c.clearTimeout(t.timer);
    t.timer = ms ? c.setTimeout(() => {
      t.timer = undefined;
      t.finish(timeout);
    }, ms) : undefined;
    if (d.serve) d.serve(message);
    t.redraw();
  }

  toIdle(): void {
    const t = this;
    t.request = t.challenge = t.lastPayment = t.receipt = null;
    t.go(State.IDLE, null, 0);
  }

  // Ends the sale without a payment (cancel, timeout): the result screen shows why;
  // none (OK) goes idle.
  finish(reason?: number): void {
    const t = this;
    if (!reason) return t.toIdle();
    t.reason = reason;
    t.go(State.RESULT, null, Timeouts.RESULT);
  }

  // A vendor key (hal/ports/buttons.ts Key; Key.DIGIT0 is 0, so a digit key is its value).
  press(k: number): void {
    const t = this;
    const st = t.state;
    const digit = k <= Key.DIGIT0 + 9;
    if (st === State.IDLE) {
      if (k !== Key.OK && k !== Key.CANCEL && !digit) return;
      t.notice = Reason.OK;
      if (k === Key.CANCEL) return t.redraw();
      t.entered = digit ? k : 0;
      t.cursor = 0;
    } else if (st === State.AMOUNT) {
      const v = t.entered;
      if (k === Key.CANCEL) return t.toIdle();
      if (k === Key.OK) {
        if (v > 0) t.startSale(v);
        return;
      }
      if (k > Key.BACKSPACE) return;
      const n = v * 10 + k;
      const step = Math.pow(10, t.cursor);
      const d = Math.floor(v / step) % 10;
      t.entered = digit ? (n <= MAX_AMOUNT ? n : v)
        : k === Key.BACKSPACE ? Math.floor(v / 10)
        : k === Key.NEXT ? v
        : v + (((d + (k === Key.UP ? 1 : 9)) % 10) - d) * step; // UP or DOWN
      if (k === Key.NEXT) t.cursor = (t.cursor + 1) % AMOUNT_DIGITS;
    } else {
      if (st === State.WAITING) {
        if (k === Key.CANCEL) t.finish(Reason.CANCELLED);
      } else if (k === Key.OK || k === Key.CANCEL) t.toIdle();
      return;
    }
    t.go(State.AMOUNT, null, Timeouts.AMOUNT);
  }

  // Builds the payment request for `amount`, shows it and arms NFC. Returns the request
  // bytes, or null with the refusal reason in this.notice.
  startSale(amount: number): Uint8Array | null {
    const t = this;
    const st = t.store;
    let refusal = t.readiness() || (st.canAppend(RECORD_BYTES) ? Reason.OK : Reason.JOURNAL_FULL);
    try {
      if (!refusal) t.requestCounter = st.nextRequestCounter();
    } catch (e) {
      refusal = reasonOf(e);
    }
    if (refusal) {
      t.notice = refusal;
      t.toIdle();
      return null;
    }
    const e = t.enrolment as Enrolment;
    const challenge = t.challenge = t.deps.rng.read(16);
    t.amount = amount;
    const q = t.request = encodeRequest({
      terminalId: e.terminalId, merchantId: e.merchantId, amount, currency: (t.settings as Settings).currency,
      challenge, requestCounter: t.requestCounter, extensions: EMPTY_EXTENSIONS,
    });
    t.lastPayment = t.receipt = null;
    t.go(State.WAITING, q, Timeouts.WAITING, Reason.TIMEOUT);
    return q;
  }

  // A payment arrived (NFC write, host link or injector). Returns the receipt to give
  // back to the wallet, or null when no sale is waiting for one.
  tap(payment: Uint8Array): Uint8Array | null {
    const t = this;
    if (t.receipt && equalBytes(payment, t.lastPayment as Uint8Array)) return t.receipt;
    if (t.state !== State.WAITING) return null;
    const e = t.enrolment as Enrolment;
    const s = t.settings as Settings;
    const st = t.store;
    const crypto = t.deps.crypto;
    const now = t.now();
    const challenge = t.challenge as Uint8Array;
    const d = decidePayment(payment, e.terminalId, challenge, t.amount, s.currency, s, now, t, t, crypto);
    const p = d.payment;
    let reason = d.reason;
    let seq = 0;
    let tag = new Uint8Array(TAG_BYTES);
    if (!reason && p) {
      // Append the approved sale first: the screen changes only after this, so
      // APPROVED is never shown for an unstored sale.
      const cert = d.certificate as Certificate;
      const hash = d.certHash as Uint8Array;
      const body = encodeRecordBody({
        seq: st.lastSeq() + 1, time: now, requestCounter: t.requestCounter, amount: p.amount,
        currency: p.currency, challenge: p.challenge, walletCounter: p.walletCounter,
        certHash: hash, walletSignature: p.signature, extensions: EMPTY_EXTENSIONS,
      });
      const n = body.length;
      // record tag = HMAC(K, terminalId ‖ merchantId ‖ previous tag ‖ body)[0..16]
      // (protocol/auth.ts recordTag), built in front of the record it ends.
      const buf = new Uint8Array(24 + n + TAG_BYTES);
      putU32(buf, 0, e.terminalId);
      putU32(buf, 4, e.merchantId);
      buf.set(t.prevTag, 8);
      buf.set(body, 24);
      buf.set(keyedMac(crypto, t.macBlocks as Uint8Array, buf.subarray(0, 24 + n)).subarray(0, TAG_BYTES), 24 + n);
      const stored = new Uint8Array(buf.subarray(24)); // (slice gives a plain Array on Espruino)
      try {
        if (st.canAppend(stored.length)) st.append(stored);
        else reason = Reason.JOURNAL_FULL;
      } catch (x) {
        reason = reasonOf(x);
        // A failed append may still have landed: trust the flash if it is readable
        // (otherwise the next boot reads the tag again).
        try {
          t.prevTag = st.lastTag();
        } catch (y) {
          // unreadable now: the next boot reads the tag again
        }
      }
      if (!reason) {
        tag = t.prevTag = stored.subarray(n);
        seq = st.lastSeq();
        t.addSale(cert.walletId, hash, p.walletCounter, p.amount, now);
        const k = d.verifiedCertificate && s.issuerKeys.find((x) => x.keyId === cert.issuerKeyId);
        if (k) {
          // (verified here, so not cached yet)
          // Keep a copy: the decoded certificate views into a payment buffer that is
          // reused. Decoding the copied bytes again gives every field over the copy.
          t.certs.unshift({ hash: new Uint8Array(hash), cert: decodeCertificate(new Uint8Array(cert.bytes)), key: new Uint8Array(k.publicKey) });
          if (t.certs.length > CACHED_CERTS) t.certs.pop();
        }
      }
    }
    const receipt = t.receipt = encodeReceipt({
      terminalId: e.terminalId, seq, approved: !reason, reason, amount: t.amount, currency: s.currency,
      challenge, walletCounter: p ? p.walletCounter : 0, time: now > 0 ? now : 0,
      extensions: EMPTY_EXTENSIONS, tag,
    });
    t.lastPayment = new Uint8Array(payment);
    t.reason = reason;
    t.seq = seq;
    t.go(State.RESULT, receipt, Timeouts.RESULT);
    return receipt;
  }

  // ---- the host link (firmware/link/api.ts) ----

  info(): TerminalIdentity {
    const t = this;
    const st = t.store;
    const e = t.enrolment;
    const d = t.deps;
    return {
      flags: flagsOf(t), terminalId: e ? e.terminalId : 0, merchantId: e ? e.merchantId : 0,
      firstUnackedSeq: st.firstUnackedSeq(), lastSeq: st.lastSeq(), count: t.unsyncedCount,
      unsyncedAmount: t.unsyncedTotal, settingsVersion: t.settings ? t.settings.version : 0,
      time: Math.max(0, t.now()), firmware: d.firmware, board: d.board,
    };
  }

  status(): TerminalStatus {
    const t = this;
    const b = t.deps.battery;
    const level = b ? b.read() : -1;
    return {
      flags: flagsOf(t), battery: level < 0 ? 255 : level, lastReason: t.lastReason,
      uptime: Math.floor(t.deps.clock.monotonic() / 1000), time: Math.max(0, t.now()),
      count: t.unsyncedCount, unsyncedAmount: t.unsyncedTotal,
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
    return this.config(Config.SETTINGS, bytes);
  }

  // The ledger has durably stored every record through the ack's `throughSeq`.
  acknowledge(bytes: Uint8Array): number {
    return this.config(Config.ACK, bytes);
  }

  // Provisioning: identity and the key shared with the ledger. Once provisioned only in
  // maintenance mode with nothing unsynced; the enrolment already in force again is OK.
  enrol(bytes: Uint8Array): number {
    return this.config(Config.ENROL, bytes);
  }

  // ENROL, SETTINGS or ACK from the link; the reason is remembered for STATUS. Settings
  // and acks are MACed under the enrolment key over all but their last TAG_BYTES: the
  // decoders are strict, so those bytes are exactly the encoded body.
  config(kind: number, bytes: Uint8Array): number {
    const t = this;
    const st = t.store;
    const e = t.enrolment;
    const name = kind ? 'settings' : 'enrol';
    let r = Reason.OK;
    try {
      const cur = kind !== Config.ACK && st.loadConfig(name);
      if (cur && equalBytes(cur, bytes)) {
        // the configuration already in force: OK
      } else if (!kind) {
        decodeEnrolment(bytes);
        if (e) {
          if (!t.deps.maintenance || st.firstUnackedSeq() <= st.lastSeq()) return (t.lastReason = Reason.BAD_AUTHENTICATION);
          st.erase();
        }
        st.saveConfig(name, new Uint8Array(bytes));
        t.boot();
      } else if (!e) r = Reason.NOT_PROVISIONED;
      else {
        const m = kind === Config.ACK ? decodeAck(bytes) : decodeSettings(bytes);
        const n = bytes.length - TAG_BYTES;
        r = !equalBytes(keyedMac(t.deps.crypto, t.macBlocks as Uint8Array, bytes.subarray(0, n)).subarray(0, TAG_BYTES), bytes.subarray(n)) ? Reason.BAD_AUTHENTICATION
          : m.terminalId !== e.terminalId ? Reason.WRONG_TERMINAL : Reason.OK;
        if (r) {
          // refused
        } else if (kind === Config.ACK) {
          const a = m as ReturnType<typeof decodeAck>;
          const through = a.throughSeq;
          // (below firstUnackedSeq: already acknowledged, OK; past lastSeq: no such record)
          if (through >= st.firstUnackedSeq()) {
            const rec = through <= st.lastSeq() && st.read(through);
            if (!rec || !equalBytes(rec.subarray(rec.length - TAG_BYTES), a.recordTag)) r = Reason.UNKNOWN_RECORD;
            else {
              st.acknowledge(through);
              t.boot();
            }
          }
        } else if (t.settings && (m as Settings).version <= t.settings.version) r = Reason.STALE_SETTINGS;
        else {
          st.saveConfig(name, new Uint8Array(bytes));
          const s = t.settings = decodeSettings(st.loadConfig(name) as Uint8Array);
          t.base = s.time;
          t.baseMono = t.deps.clock.monotonic();
          // Forget certificates whose issuer key was removed or replaced, so a
          // rotated-out key cannot vouch through the cache.
          t.certs = t.certs.filter((v) => s.issuerKeys.some((k) => k.keyId === v.cert.issuerKeyId && equalBytes(k.publicKey, v.key)));
          t.redraw();
        }
      }
    } catch (x) {
      r = reasonOf(x);
    }
    t.lastReason = r;
    return r;
  }
}
