import { createHash, createHmac } from 'node:crypto';
import type { Crypto } from '../protocol/crypto/port';
import { hostCrypto } from '../protocol/crypto/host';
import { tag16, GENESIS_TAG } from '../protocol/auth';
import { TAG_BYTES } from '../protocol/messages/record';
import { encodeAck, encodeAckBody } from '../protocol/messages/ack';
import { encodeSettings, encodeSettingsBody, MAX_ISSUER_KEYS, MAX_DENY, type Settings, type IssuerKey } from '../protocol/messages/settings';
import { encodeEnrolment } from '../protocol/messages/enrolment';

// The protocol's MAC code over node:crypto's SHA-256: same bytes as on the terminal,
// a few times faster than the portable hash on the ingest path.
export const ledgerCrypto: Crypto = {
  ...hostCrypto,
  sha256: (d) => {
    const h = createHash('sha256').update(d).digest();
    return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
  },
};

// protocol/auth.ts recordTag, computed by OpenSSL's HMAC in one native call: the ledger
// computes one per uploaded record (tests/ledger/verify-pool.test.ts compares the two).
const PREFIX = Buffer.alloc(8);
export function recordTagFast(key: Uint8Array, terminalId: number, merchantId: number, prevTag: Uint8Array, body: Uint8Array): Uint8Array {
  PREFIX.writeUInt32LE(terminalId, 0);
  PREFIX.writeUInt32LE(merchantId, 4);
  const mac = createHmac('sha256', key).update(PREFIX).update(prevTag).update(body).digest();
  return new Uint8Array(mac.buffer, mac.byteOffset, TAG_BYTES);
}

export function ackMessage(key: Uint8Array, terminalId: number, throughSeq: number, recordTag: Uint8Array): Uint8Array | null {
  if (throughSeq === 0) return null;
  const a = { terminalId, throughSeq, recordTag, tag: GENESIS_TAG };
  return encodeAck({ ...a, tag: tag16(ledgerCrypto, key, encodeAckBody(a)) });
}

export interface SettingsInput {
  terminalId: number;
  version: number;
  time: number;
  perPaymentLimit: number;
  offlineTotalLimit: number;
  maxOfflineAge: number;
  currency: number;
  issuerKeys: IssuerKey[]; // all registered keys
  denyList: { walletId: number; revokedAt: number }[];
}

// Terminals hold at most 4 issuer keys and 64 denied wallets: the ledger sends the four
// keys with the latest notAfter and the 64 most recent revocations. The content depends
// only on stored state, so the settings version (bumped on every change) describes it.
export function settingsMessage(key: Uint8Array, s: SettingsInput): Uint8Array {
  const issuerKeys = s.issuerKeys
    .slice()
    .sort((a, b) => b.notAfter - a.notAfter)
    .slice(0, MAX_ISSUER_KEYS)
    .sort((a, b) => a.keyId - b.keyId);
  const denyList = s.denyList
    .slice()
    .sort((a, b) => b.revokedAt - a.revokedAt || a.walletId - b.walletId)
    .slice(0, MAX_DENY)
    .map((d) => d.walletId)
    .sort((a, b) => a - b);
  const settings: Settings = {
    terminalId: s.terminalId,
    version: s.version,
    time: s.time,
    perPaymentLimit: s.perPaymentLimit,
    offlineTotalLimit: s.offlineTotalLimit,
    maxOfflineAge: s.maxOfflineAge,
    currency: s.currency,
    issuerKeys,
    denyList,
    extensions: new Uint8Array(0),
    tag: GENESIS_TAG,
  };
  return encodeSettings({ ...settings, tag: tag16(ledgerCrypto, key, encodeSettingsBody(settings)) });
}

export function enrolmentMessage(terminalId: number, merchantId: number, authKey: Uint8Array): Uint8Array {
  return encodeEnrolment({ terminalId, merchantId, authKey, extensions: new Uint8Array(0) });
}
