import { createPrivateKey, sign as nodeSign, randomBytes } from 'node:crypto';
import type { SigningCrypto } from '../../protocol/crypto/port';
import { hostCrypto } from '../../protocol/crypto/host';
import { recordTag, GENESIS_TAG } from '../../protocol/auth';
import { encodeRecord, encodeRecordBody, type JournalRecord } from '../../protocol/messages/record';
import { decodePayment } from '../../protocol/messages/payment';
import { encodeRequest } from '../../protocol/messages/request';
import type { Wallet } from '../../protocol/kit/wallet';
import { ledgerCrypto } from '../messages';

// Host-only: writes the journal a terminal would export — approved sales chained under
// the terminal's key K — from kit wallets. For tests, benchmarks, campaigns and demos
// of the ledger without a terminal. It approves whatever it is given; the ledger's job
// is to check.
export class JournalWriter {
  seq: number;
  prevTag: Uint8Array;
  requestCounter = 0;

  constructor(readonly terminalId: number, readonly merchantId: number, readonly key: Uint8Array, readonly currency: number, startSeq = 0) {
    this.seq = startSeq;
    this.prevTag = GENESIS_TAG;
  }

  // One sale paid by `wallet`; returns the 153-byte record. `signedAmount` makes the
  // wallet sign another amount than the record states (a forged payment).
  sale(wallet: Wallet, amount: number, time: number, options: { counter?: number; challenge?: Uint8Array; skip?: number; signedAmount?: number } = {}): Uint8Array {
    const challenge = options.challenge ?? new Uint8Array(randomBytes(16));
    this.requestCounter++;
    const request = encodeRequest({
      terminalId: this.terminalId, merchantId: this.merchantId, amount, currency: this.currency, challenge,
      requestCounter: this.requestCounter, extensions: new Uint8Array(0),
    });
    const p = decodePayment(wallet.pay(request, { includeCertificate: false, counter: options.counter, amount: options.signedAmount }));
    return this.append({
      seq: this.seq + 1 + (options.skip ?? 0), time, requestCounter: this.requestCounter, amount, currency: this.currency, challenge,
      walletCounter: p.walletCounter, certHash: wallet.certHash, walletSignature: p.signature, extensions: new Uint8Array(0),
    });
  }

  // Chains any record body under K, as a terminal (or an attacker holding K) would.
  append(body: Omit<JournalRecord, 'tag'>): Uint8Array {
    this.seq = body.seq;
    const tag = recordTag(ledgerCrypto, this.key, this.terminalId, this.merchantId, this.prevTag, encodeRecordBody(body));
    this.prevTag = tag;
    return encodeRecord({ ...body, tag });
  }
}

// SigningCrypto whose sign() is OpenSSL's (same deterministic Ed25519 signatures as the
// reference, many times faster): generating tens of thousands of sales for a benchmark.
export function fastSigningCrypto(): SigningCrypto {
  const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
  const keys = new Map<string, ReturnType<typeof createPrivateKey>>();
  return {
    ...hostCrypto,
    sha256: ledgerCrypto.sha256,
    sign(message, seed) {
      const hex = Buffer.from(seed).toString('hex');
      let k = keys.get(hex);
      if (!k) {
        k = createPrivateKey({ key: Buffer.concat([PKCS8, Buffer.from(seed)]), format: 'der', type: 'pkcs8' });
        keys.set(hex, k);
      }
      return new Uint8Array(nodeSign(null, message, k));
    },
  };
}
