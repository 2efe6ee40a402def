// Host-only: builds the protocol test vectors (protocol/vectors/*.json) from fixed seeds,
// so that every run produces the same bytes and another implementation can check its
// codecs, signatures and tags against ours. `npm run vectors` writes them.
import { seededCrypto } from '../crypto/host';
import type { SigningCrypto } from '../crypto/port';
import { toHex, concatBytes } from '../bytes';
import { ProtocolError } from '../errors';
import { reasonName, Reason } from '../reasons';
import { encodeRequest, decodeRequest, type PaymentRequest } from '../messages/request';
import { decodeCertificate } from '../messages/certificate';
import { decodePayment, paymentSigningInput } from '../messages/payment';
import { encodeRecordBody, decodeRecord } from '../messages/record';
import { encodeReceipt, decodeReceipt } from '../messages/receipt';
import { encodeSettingsBody, decodeSettings, type Settings } from '../messages/settings';
import { encodeAckBody, decodeAck } from '../messages/ack';
import { encodeEnrolment, decodeEnrolment } from '../messages/enrolment';
import { recordTag, tag16, GENESIS_TAG } from '../auth';
import { requestToText } from '../text/request-text';
import { createIssuer } from './issuer';
import { Wallet } from './wallet';

export interface Vector {
  name: string;
  hex: string;
  valid: boolean;
  reason?: number;
  reasonName?: string;
  fields?: Record<string, unknown>;
}

export type VectorFile = { description: string; vectors: Vector[] };

// JSON view of decoded fields: bytes as hex, nested objects kept.
export function jsonFields(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map(jsonFields);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'bytes' || k === 'signedLength') continue;
      out[k] = jsonFields(x);
    }
    return out;
  }
  return v;
}

function valid(name: string, bytes: Uint8Array, decode: (b: Uint8Array) => unknown): Vector {
  return { name, hex: toHex(bytes), valid: true, fields: jsonFields(decode(bytes)) as Record<string, unknown> };
}

function invalid(name: string, bytes: Uint8Array, decode: (b: Uint8Array) => unknown): Vector {
  try {
    decode(bytes);
  } catch (e) {
    if (e instanceof ProtocolError) return { name, hex: toHex(bytes), valid: false, reason: e.reason, reasonName: reasonName(e.reason) };
    throw e;
  }
  throw new Error(`vector ${name} decodes but is meant to be invalid`);
}

function patched(bytes: Uint8Array, at: number, values: number[]): Uint8Array {
  const out = bytes.slice();
  values.forEach((v, i) => { out[at + i] = v; });
  return out;
}

function withExtension(bytes: Uint8Array, extAt: number, ext: number[], tail = 0): Uint8Array {
  return concatBytes([bytes.subarray(0, extAt), new Uint8Array([ext.length, ...ext]), bytes.subarray(extAt + 1, bytes.length - tail), bytes.subarray(bytes.length - tail)]);
}

// The common invalid cases every message shares.
function commonInvalid(kind: string, bytes: Uint8Array, decode: (b: Uint8Array) => unknown, extAt: number, tail: number): Vector[] {
  return [
    invalid(`${kind}: truncated by one byte`, bytes.subarray(0, bytes.length - 1), decode),
    invalid(`${kind}: one trailing byte`, concatBytes([bytes, new Uint8Array([0])]), decode),
    invalid(`${kind}: wrong type byte`, patched(bytes, 0, [0x7f]), decode),
    invalid(`${kind}: unknown version 2`, patched(bytes, 1, [2]), decode),
    invalid(`${kind}: unknown critical extension 0x81`, withExtension(bytes, extAt, [0x81, 0], tail), decode),
    invalid(`${kind}: extensions out of order`, withExtension(bytes, extAt, [0x05, 0, 0x02, 0], tail), decode),
    invalid(`${kind}: extension value overruns its block`, withExtension(bytes, extAt, [0x01, 5, 0], tail), decode),
    invalid(`${kind}: empty input`, new Uint8Array(0), decode),
  ];
}

export interface VectorWorld {
  crypto: SigningCrypto;
  request: PaymentRequest;
  wallet: Wallet;
  issuerKey: Uint8Array;
  authKey: Uint8Array;
}

export function vectorWorld(): VectorWorld {
  const crypto = seededCrypto('kerb-vectors-v1');
  const issuer = createIssuer(crypto, 7, crypto.random(32));
  const walletSeed = crypto.random(32);
  const cert = issuer.issue({
    walletId: 4242, walletKey: crypto.publicKey(walletSeed), perPaymentLimit: 5000, currency: 978,
    notBefore: 1_767_225_600, expiry: 1_798_761_600,
  });
  const wallet = new Wallet(crypto, walletSeed, cert, 41);
  const request: PaymentRequest = {
    terminalId: 1001, merchantId: 77, amount: 450, currency: 978,
    challenge: crypto.random(16), requestCounter: 12, extensions: new Uint8Array(0),
  };
  return { crypto, request, wallet, issuerKey: issuer.publicKey, authKey: crypto.random(32) };
}

export function generateVectors(): Record<string, VectorFile> {
  const w = vectorWorld();
  const { crypto, request, wallet, authKey } = w;
  const files: Record<string, VectorFile> = {};

  const req = encodeRequest(request);
  files.request = {
    description: 'Payment request (SPEC.md §3). `text` is the QR content.',
    vectors: [
      { ...valid('request: minimal v1', req, decodeRequest), fields: { ...(jsonFields(decodeRequest(req)) as object), text: requestToText(req) } },
      valid('request: with a non-critical extension', withExtension(req, 36, [0x01, 2, 0xaa, 0xbb]), decodeRequest),
      invalid('request: zero amount', patched(req, 10, [0, 0, 0, 0]), decodeRequest),
      invalid('request: currency 1000', patched(req, 14, [0xe8, 0x03]), decodeRequest),
      invalid('request: zero terminal id', patched(req, 2, [0, 0, 0, 0]), decodeRequest),
      ...commonInvalid('request', req, decodeRequest, 36, 0),
    ],
  };

  const cert = wallet.certificate.bytes;
  files.certificate = {
    description: `Wallet certificate (SPEC.md §4), signed by issuer key 7 whose public key is ${toHex(w.issuerKey)}. certHash = SHA-256(bytes).`,
    vectors: [
      { ...valid('certificate: v1', cert, decodeCertificate), fields: { ...(jsonFields(decodeCertificate(cert)) as object), certHash: toHex(crypto.sha256(cert)), issuerPublicKey: toHex(w.issuerKey) } },
      invalid('certificate: expiry equals notBefore', patched(cert, 52, Array.from(cert.subarray(48, 52))), decodeCertificate),
      invalid('certificate: zero wallet id', patched(cert, 6, [0, 0, 0, 0]), decodeCertificate),
      ...commonInvalid('certificate', cert, decodeCertificate, 56, 64),
    ],
  };

  const payFull = wallet.pay(req);
  const payHash = wallet.pay(req, { includeCertificate: false });
  const signing = paymentSigningInput(decodePayment(payHash), wallet.certHash);
  files.payment = {
    description: `Payment (SPEC.md §5) answering the request vector, by wallet public key ${toHex(wallet.publicKey)}. signingInput is what the wallet signed.`,
    vectors: [
      { ...valid('payment: with certificate', payFull, decodePayment), fields: { ...(jsonFields(decodePayment(payFull)) as object), signingInput: toHex(paymentSigningInput(decodePayment(payFull), wallet.certHash)) } },
      { ...valid('payment: certificate by hash', payHash, decodePayment), fields: { ...(jsonFields(decodePayment(payHash)) as object), signingInput: toHex(signing) } },
      invalid('payment: reserved flag bit set', patched(payHash, 2, [0x02]), decodePayment),
      invalid('payment: zero wallet counter', patched(payHash, 29, [0, 0, 0, 0]), decodePayment),
      invalid('payment: over 256 bytes', concatBytes([payFull, new Uint8Array(40)]), decodePayment),
      ...commonInvalid('payment', payHash, decodePayment, 65, 64),
    ],
  };

  const decoded = decodePayment(payFull);
  const body = encodeRecordBody({
    seq: 1, time: 1_780_000_000, requestCounter: request.requestCounter, amount: decoded.amount,
    currency: decoded.currency, challenge: decoded.challenge, walletCounter: decoded.walletCounter,
    certHash: wallet.certHash, walletSignature: decoded.signature, extensions: new Uint8Array(0),
  });
  const tag1 = recordTag(crypto, authKey, request.terminalId, request.merchantId, GENESIS_TAG, body);
  const rec1 = concatBytes([body, tag1]);
  const second = decodePayment(wallet.pay({ ...request, challenge: crypto.random(16), requestCounter: 13 }));
  const body2 = encodeRecordBody({
    seq: 2, time: 1_780_000_060, requestCounter: 13, amount: second.amount, currency: second.currency,
    challenge: second.challenge, walletCounter: second.walletCounter, certHash: wallet.certHash,
    walletSignature: second.signature, extensions: new Uint8Array(0),
  });
  const tag2 = recordTag(crypto, authKey, request.terminalId, request.merchantId, tag1, body2);
  const rec2 = concatBytes([body2, tag2]);
  files.record = {
    description: `Journal records (SPEC.md §6.1–6.2) of terminal ${request.terminalId}, merchant ${request.merchantId}, with K = ${toHex(authKey)} (a test key). Record 1 links to the zero genesis tag, record 2 to record 1.`,
    vectors: [
      valid('record: seq 1, chained to genesis', rec1, decodeRecord),
      valid('record: seq 2, chained to record 1', rec2, decodeRecord),
      invalid('record: zero sequence number', patched(rec1, 2, [0, 0, 0, 0]), decodeRecord),
      ...commonInvalid('record', rec1, decodeRecord, 136, 16),
    ],
  };

  const receiptOk = encodeReceipt({
    terminalId: request.terminalId, seq: 1, approved: true, reason: Reason.OK, amount: request.amount,
    currency: request.currency, challenge: request.challenge, walletCounter: decoded.walletCounter,
    time: 1_780_000_000, extensions: new Uint8Array(0), tag: tag1,
  });
  const receiptNo = encodeReceipt({
    terminalId: request.terminalId, seq: 0, approved: false, reason: Reason.CERTIFICATE_EXPIRED, amount: request.amount,
    currency: request.currency, challenge: request.challenge, walletCounter: decoded.walletCounter,
    time: 1_780_000_000, extensions: new Uint8Array(0), tag: new Uint8Array(16),
  });
  files.receipt = {
    description: 'Receipts (SPEC.md §6.3): approved (tag = record 1 tag) and declined.',
    vectors: [
      valid('receipt: approved', receiptOk, decodeReceipt),
      valid('receipt: declined, certificate expired', receiptNo, decodeReceipt),
      invalid('receipt: approved with a reason code', patched(receiptOk, 11, [Reason.BAD_SIGNATURE]), decodeReceipt),
      invalid('receipt: declined with a sequence number', patched(receiptNo, 6, [1, 0, 0, 0]), decodeReceipt),
      invalid('receipt: result byte 2', patched(receiptOk, 10, [2]), decodeReceipt),
      ...commonInvalid('receipt', receiptOk, decodeReceipt, 42, 16),
    ],
  };

  const settings: Settings = {
    terminalId: request.terminalId, version: 3, time: 1_780_000_000, perPaymentLimit: 10_000,
    offlineTotalLimit: 200_000, maxOfflineAge: 3 * 86_400, currency: 978,
    issuerKeys: [{ keyId: 7, publicKey: w.issuerKey, notAfter: 1_900_000_000 }],
    denyList: [13, 99], extensions: new Uint8Array(0), tag: new Uint8Array(16),
  };
  const sBody = encodeSettingsBody(settings);
  const sBytes = concatBytes([sBody, tag16(crypto, authKey, sBody)]);
  files.settings = {
    description: `Settings (SPEC.md §8) for terminal ${request.terminalId}, tagged with the record vectors' K.`,
    vectors: [
      valid('settings: one issuer key, two denied wallets', sBytes, decodeSettings),
      invalid('settings: deny list out of order', patched(sBytes, 70, [100, 0, 0, 0]), decodeSettings),
      invalid('settings: five issuer keys', patched(sBytes, 28, [5]), decodeSettings),
      ...commonInvalid('settings', sBytes, decodeSettings, sBody.length - 1, 16),
    ],
  };

  const ackBody = encodeAckBody({ terminalId: request.terminalId, throughSeq: 2, recordTag: tag2, tag: new Uint8Array(16) });
  const ack = concatBytes([ackBody, tag16(crypto, authKey, ackBody)]);
  files.ack = {
    description: 'Acknowledgement (SPEC.md §9) through record 2, tagged with the record vectors\' K.',
    vectors: [
      valid('ack: through seq 2', ack, decodeAck),
      invalid('ack: zero sequence number', patched(ack, 6, [0, 0, 0, 0]), decodeAck),
      invalid('ack: truncated', ack.subarray(0, 41), decodeAck),
      invalid('ack: wrong type', patched(ack, 0, [0x06]), decodeAck),
    ],
  };

  const enrol = encodeEnrolment({ terminalId: request.terminalId, merchantId: request.merchantId, authKey, extensions: new Uint8Array(0) });
  files.enrolment = {
    description: 'Enrolment (SPEC.md §10) carrying the record vectors\' K.',
    vectors: [
      valid('enrolment: v1', enrol, decodeEnrolment),
      invalid('enrolment: zero merchant id', patched(enrol, 6, [0, 0, 0, 0]), decodeEnrolment),
      ...commonInvalid('enrolment', enrol, decodeEnrolment, 42, 0),
    ],
  };
  return files;
}
