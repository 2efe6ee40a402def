import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, readHeader, currency as readCurrency, nonZero } from './header';
import { TAG_BYTES } from './record';
import { fail } from '../errors';

// Offline risk settings, ledger → terminal through the bridge (SPEC.md §8). MACed with
// the terminal's key so a bridge can relay them but not forge or roll them back.
export interface IssuerKey {
  keyId: number;
  publicKey: Uint8Array;
  notAfter: number; // unix seconds; rotation retires a key by letting this pass
}

export interface Settings {
  terminalId: number;
  version: number; // strictly increasing; the terminal refuses older or equal ones
  time: number; // the ledger's unix time when it issued them
  perPaymentLimit: number;
  offlineTotalLimit: number;
  maxOfflineAge: number; // seconds the oldest unsynced sale may reach
  currency: number;
  issuerKeys: IssuerKey[];
  denyList: number[]; // wallet ids, ascending
  extensions: Uint8Array;
  tag: Uint8Array;
}

export const MAX_ISSUER_KEYS = 4;
export const MAX_DENY = 64;

export function encodeSettingsBody(s: Settings): Uint8Array {
  const ext = s.extensions || EMPTY_EXTENSIONS;
  if (s.issuerKeys.length > MAX_ISSUER_KEYS || s.denyList.length > MAX_DENY) fail('settings lists too long');
  begin(new Uint8Array(31 + 40 * s.issuerKeys.length + 4 * s.denyList.length + ext.length));
  int(2, MessageType.SETTINGS | Header.V1);
  int(4, s.terminalId);
  int(4, s.version);
  int(4, s.time);
  int(4, s.perPaymentLimit);
  int(4, s.offlineTotalLimit);
  int(4, s.maxOfflineAge);
  int(2, s.currency);
  int(1, s.issuerKeys.length);
  for (const k of s.issuerKeys) {
    int(4, k.keyId);
    bytes(k.publicKey);
    int(4, k.notAfter);
  }
  int(1, s.denyList.length);
  for (const id of s.denyList) int(4, id);
  writeExtensions(ext);
  return end();
}

export function encodeSettings(s: Settings): Uint8Array {
  const body = encodeSettingsBody(s);
  const out = new Uint8Array(body.length + TAG_BYTES);
  out.set(body);
  out.set(s.tag, body.length);
  return out;
}

export function decodeSettings(b: Uint8Array): Settings {
  begin(b);
  readHeader(MessageType.SETTINGS);
  const terminalId = nonZero(4);
  const version = nonZero(4);
  const time = int(4);
  const perPaymentLimit = int(4);
  const offlineTotalLimit = int(4);
  const maxOfflineAge = int(4);
  const currency = readCurrency();
  const nk = int(1);
  if (nk > MAX_ISSUER_KEYS) fail('too many issuer keys');
  const issuerKeys: IssuerKey[] = [];
  let lastKey = -1;
  for (let i = 0; i < nk; i++) {
    const keyId = int(4);
    if (keyId <= lastKey) fail('issuer keys out of order');
    lastKey = keyId;
    issuerKeys.push({ keyId, publicKey: bytes(32), notAfter: int(4) });
  }
  const nd = int(1);
  if (nd > MAX_DENY) fail('deny list too long');
  const denyList: number[] = [];
  let lastDeny = 0;
  for (let i = 0; i < nd; i++) {
    const id = int(4);
    if (id <= lastDeny) fail('deny list out of order');
    lastDeny = id;
    denyList.push(id);
  }
  const extensions = readExtensions(64);
  const tag = bytes(TAG_BYTES);
  end();
  return { terminalId, version, time, perPaymentLimit, offlineTotalLimit, maxOfflineAge, currency, issuerKeys, denyList, extensions, tag };
}
