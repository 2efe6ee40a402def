// An in-memory terminal that speaks the host link through the real dispatcher
// (firmware/link/dispatcher.ts): it holds chained, MACed journal records made with the
// wallet and issuer kit, so the reference ledger accepts them, and it checks
// acknowledgements, settings and enrolments with the key K as the firmware must.
import type { SigningCrypto } from '../../protocol/crypto/port';
import { hostCrypto } from '../../protocol/crypto/host';
import { createIssuer, type Issuer } from '../../protocol/kit/issuer';
import { createWallet, type Wallet } from '../../protocol/kit/wallet';
import { decodePayment } from '../../protocol/messages/payment';
import { encodeRecord, encodeRecordBody, type JournalRecord } from '../../protocol/messages/record';
import { decodeAck, encodeAckBody } from '../../protocol/messages/ack';
import { decodeSettings, encodeSettingsBody, type Settings } from '../../protocol/messages/settings';
import { decodeEnrolment, type Enrolment } from '../../protocol/messages/enrolment';
import { recordTag, checkTag, GENESIS_TAG } from '../../protocol/auth';
import { equalBytes } from '../../protocol/bytes';
import { ProtocolError } from '../../protocol/errors';
import { Reason } from '../../protocol/reasons';
import { TerminalFlag, type TerminalStatus } from '../../protocol/link/messages';
import type { TerminalIdentity, TerminalLinkApi } from '../../firmware/link/api';

export interface FakeTerminalOptions {
  crypto?: SigningCrypto;
  enrolment?: Enrolment; // provisioned from the start when given
  currency?: number;
  now?: () => number; // unix seconds
  walletIdBase?: number; // wallet ids are base, base+1, …: distinct per terminal sharing a ledger
}

interface Held {
  seq: number;
  amount: number;
  tag: Uint8Array;
  bytes: Uint8Array;
}

export class FakeTerminal implements TerminalLinkApi {
  crypto: SigningCrypto;
  enrolment: Enrolment | null;
  maintenance = false;
  currency: number;
  now: () => number;
  held: Held[] = [];
  lastSeq = 0;
  lastTag: Uint8Array = GENESIS_TAG;
  requestCounter = 0;
  settings: Settings | null = null;
  settingsBytes: Uint8Array | null = null;
  freed: number[] = []; // every seq an acknowledgement freed, in order
  approved: number[] = []; // every seq ever approved
  journal = new Map<number, Uint8Array>(); // every record ever approved, by seq (kept after freeing)
  lastReason = 0;
  issuer: Issuer;
  wallets: Wallet[] = [];
  walletIdBase: number;

  constructor(options: FakeTerminalOptions = {}) {
    this.crypto = options.crypto ?? hostCrypto;
    this.enrolment = options.enrolment ?? null;
    this.currency = options.currency ?? 978;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.issuer = createIssuer(this.crypto, 1);
    this.walletIdBase = options.walletIdBase ?? 1000;
  }

  useIssuer(issuer: Issuer): void {
    this.issuer = issuer;
    this.wallets = [];
  }

  wallet(i: number): Wallet {
    while (this.wallets.length <= i) {
      const walletId = this.walletIdBase + this.wallets.length;
      this.wallets.push(createWallet(this.crypto, (walletKey) => this.issuer.issue({
        walletId, walletKey, perPaymentLimit: 1_000_000, currency: this.currency,
        notBefore: this.now() - 86_400, expiry: this.now() + 365 * 86_400,
      })));
    }
    return this.wallets[i];
  }

  // Approves `n` sales from a few wallets, as the acceptance flow would store them.
  addSales(n: number, amount?: number): void {
    for (let i = 0; i < n; i++) this.addSale(amount ?? 100 + (this.lastSeq % 900), this.wallet(this.lastSeq % 5));
  }

  addSale(amount: number, wallet: Wallet): JournalRecord {
    const e = this.requireEnrolment();
    const challenge = this.crypto.random(16);
    const requestCounter = ++this.requestCounter;
    const p = decodePayment(wallet.pay({ terminalId: e.terminalId, merchantId: e.merchantId, amount, currency: this.currency, challenge, requestCounter, extensions: new Uint8Array(0) }));
    const body = {
      seq: this.lastSeq + 1, time: this.now(), requestCounter, amount, currency: this.currency, challenge,
      walletCounter: p.walletCounter, certHash: wallet.certHash, walletSignature: p.signature, extensions: new Uint8Array(0),
    };
    const tag = recordTag(this.crypto, e.authKey, e.terminalId, e.merchantId, this.lastTag, encodeRecordBody(body));
    const rec: JournalRecord = { ...body, tag };
    this.held.push({ seq: rec.seq, amount, tag, bytes: encodeRecord(rec) });
    this.lastSeq = rec.seq;
    this.lastTag = tag;
    this.approved.push(rec.seq);
    this.journal.set(rec.seq, encodeRecord(rec));
    return rec;
  }

  requireEnrolment(): Enrolment {
    if (!this.enrolment) throw new ProtocolError(Reason.NOT_PROVISIONED, 'terminal not enrolled');
    return this.enrolment;
  }

  info(): TerminalIdentity {
    const e = this.enrolment;
    return {
      flags: (e ? TerminalFlag.PROVISIONED : 0) | (this.maintenance ? TerminalFlag.MAINTENANCE : 0) | (this.settings ? TerminalFlag.CLOCK_SET : 0),
      terminalId: e ? e.terminalId : 0,
      merchantId: e ? e.merchantId : 0,
      firstUnackedSeq: this.held.length ? this.held[0].seq : this.lastSeq + 1,
      lastSeq: this.lastSeq,
      count: this.held.length,
      unsyncedAmount: this.held.reduce((s, h) => s + h.amount, 0),
      settingsVersion: this.settings ? this.settings.version : 0,
      time: this.now(),
      firmware: 'fake-1.0',
      board: 'fake',
    };
  }

  exportFrom(fromSeq: number, max: number): Uint8Array[] {
    return this.held.filter((h) => h.seq >= fromSeq).slice(0, max).map((h) => h.bytes);
  }

  acknowledge(bytes: Uint8Array): number {
    const e = this.enrolment;
    if (!e) return Reason.NOT_PROVISIONED;
    const a = decodeAck(bytes);
    if (a.terminalId !== e.terminalId) return Reason.WRONG_TERMINAL;
    if (!checkTag(this.crypto, e.authKey, encodeAckBody(a), a.tag)) return Reason.BAD_AUTHENTICATION;
    if (a.throughSeq > this.lastSeq) return Reason.UNKNOWN_RECORD;
    const i = this.held.findIndex((h) => h.seq === a.throughSeq);
    if (i < 0) return this.held.length && a.throughSeq > this.held[0].seq ? Reason.UNKNOWN_RECORD : Reason.OK;
    if (!equalBytes(this.held[i].tag, a.recordTag)) return Reason.BAD_AUTHENTICATION;
    for (const h of this.held.slice(0, i + 1)) this.freed.push(h.seq);
    this.held = this.held.slice(i + 1);
    return Reason.OK;
  }

  pushSettings(bytes: Uint8Array): number {
    const e = this.enrolment;
    if (!e) return Reason.NOT_PROVISIONED;
    const s = decodeSettings(bytes);
    if (s.terminalId !== e.terminalId) return Reason.WRONG_TERMINAL;
    if (!checkTag(this.crypto, e.authKey, encodeSettingsBody(s), s.tag)) return Reason.BAD_AUTHENTICATION;
    if (this.settingsBytes && equalBytes(this.settingsBytes, bytes)) return Reason.OK;
    if (this.settings && s.version <= this.settings.version) return Reason.STALE_SETTINGS;
    this.settings = s;
    this.settingsBytes = bytes.slice();
    return Reason.OK;
  }

  enrol(bytes: Uint8Array): number {
    const n = decodeEnrolment(bytes);
    const e = this.enrolment;
    if (e && e.terminalId === n.terminalId && e.merchantId === n.merchantId && equalBytes(e.authKey, n.authKey)) return Reason.OK;
    if (e && !this.maintenance) return Reason.BAD_AUTHENTICATION; // provisioned and not in maintenance mode
    if (this.held.length) return Reason.JOURNAL_FULL; // unsynced sales belong to the old identity
    this.enrolment = { ...n, authKey: n.authKey.slice() };
    this.lastTag = GENESIS_TAG;
    this.settings = null;
    this.settingsBytes = null;
    this.maintenance = false;
    return Reason.OK;
  }

  status(): TerminalStatus {
    const i = this.info();
    return { flags: i.flags, battery: 255, lastReason: this.lastReason, uptime: 0, time: i.time, count: i.count, unsyncedAmount: i.unsyncedAmount };
  }
}
