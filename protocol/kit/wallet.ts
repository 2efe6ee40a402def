import type { SigningCrypto } from '../crypto/port';
import type { Certificate } from '../messages/certificate';
import { decodeRequest, type PaymentRequest } from '../messages/request';
import { encodePayment, paymentSigningInput, type Payment } from '../messages/payment';

// Host-only: a wallet that holds its key, its certificate and its monotonic counter and
// answers payment requests (SPEC.md §5). `counter` is the last value used; the next
// payment uses counter + 1.
export interface PayOptions {
  includeCertificate?: boolean; // default true; false sends only the certificate hash
  counter?: number; // force a counter value (tests of replay and double-spend)
  amount?: number; // sign a different amount than requested (tests)
}

export class Wallet {
  crypto: SigningCrypto;
  seed: Uint8Array;
  certificate: Certificate;
  certHash: Uint8Array;
  counter: number;

  constructor(crypto: SigningCrypto, seed: Uint8Array, certificate: Certificate, counter = 0) {
    this.crypto = crypto;
    this.seed = seed;
    this.certificate = certificate;
    this.certHash = crypto.sha256(certificate.bytes);
    this.counter = counter;
  }

  get publicKey(): Uint8Array {
    return this.crypto.publicKey(this.seed);
  }

  get walletId(): number {
    return this.certificate.walletId;
  }

  // Builds and signs the payment answering `request` (its binary form or decoded).
  pay(request: Uint8Array | PaymentRequest, options: PayOptions = {}): Uint8Array {
    const q = request instanceof Uint8Array ? decodeRequest(request) : request;
    const counter = options.counter ?? this.counter + 1;
    if (counter > this.counter) this.counter = counter;
    const binding = {
      terminalId: q.terminalId,
      amount: options.amount ?? q.amount,
      currency: q.currency,
      challenge: q.challenge,
      walletCounter: counter,
      extensions: new Uint8Array(0),
    };
    const signature = this.crypto.sign(paymentSigningInput(binding, this.certHash), this.seed);
    const includeCertificate = options.includeCertificate ?? true;
    const payment: Payment = {
      ...binding,
      certificate: includeCertificate ? this.certificate : null,
      certHash: includeCertificate ? null : this.certHash,
      signature,
    };
    return encodePayment(payment);
  }
}

export function createWallet(crypto: SigningCrypto, issue: (walletKey: Uint8Array) => Certificate, seed: Uint8Array = crypto.random(32)): Wallet {
  return new Wallet(crypto, seed, issue(crypto.publicKey(seed)));
}
