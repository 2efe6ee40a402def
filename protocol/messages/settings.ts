import { Reader, Writer } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, readHeader, checkCurrency, checkU32NonZero } from './header';
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
  const w = new Writer(31 + 40 * s.issuerKeys.length + 4 * s.denyList.length + ext.length);
  w.u8(MessageType.SETTINGS);
  w.u8(1);
  w.u32(s.terminalId);
  w.u32(s.version);
  w.u32(s.time);
  w.u32(s.perPaymentLimit);
  w.u32(s.offlineTotalLimit);
  w.u32(s.maxOfflineAge);
  w.u16(s.currency);
  w.u8(s.issuerKeys.length);
  for (const k of s.issuerKeys) {
    w.u32(k.keyId);
    w.put(k.publicKey);
    w.u32(k.notAfter);
  }
  w.u8(s.denyList.length);
  for (const id of s.denyList) w.u32(id);
  writeExtensions(w, ext);
  return w.done();
}

export function encodeSettings(s: Settings): Uint8Array {
  const body = encodeSettingsBody(s);
  const out = new Uint8Array(body.length + TAG_BYTES);
  out.set(body);
  out.set(s.tag, body.length);
  return out;
}

export function decodeSettings(bytes: Uint8Array): Settings {
  const r = new Reader(bytes);
  readHeader(r, MessageType.SETTINGS);
  const terminalId = checkU32NonZero(r.u32(), 'terminal id');
  const version = checkU32NonZero(r.u32(), 'settings version');
  const time = r.u32();
  const perPaymentLimit = r.u32();
  const offlineTotalLimit = r.u32();
  const maxOfflineAge = r.u32();
  const currency = checkCurrency(r.u16());
  const nk = r.u8();
  if (nk > MAX_ISSUER_KEYS) fail('too many issuer keys');
  const issuerKeys: IssuerKey[] = [];
  let lastKey = -1;
  for (let i = 0; i < nk; i++) {
    const keyId = r.u32();
    if (keyId <= lastKey) fail('issuer keys out of order');
    lastKey = keyId;
    issuerKeys.push({ keyId, publicKey: r.take(32), notAfter: r.u32() });
  }
  const nd = r.u8();
  if (nd > MAX_DENY) fail('deny list too long');
  const denyList: number[] = [];
  let lastDeny = 0;
  for (let i = 0; i < nd; i++) {
    const id = r.u32();
    if (id <= lastDeny) fail('deny list out of order');
    lastDeny = id;
    denyList.push(id);
  }
  const extensions = readExtensions(r, 64);
  const tag = r.take(TAG_BYTES);
  r.end();
  return { terminalId, version, time, perPaymentLimit, offlineTotalLimit, maxOfflineAge, currency, issuerKeys, denyList, extensions, tag };
}
