import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, Size, readHeader, currency, nonZero } from './header';
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

// Enum members, inlined on the device; the same numbers exported for the ledger.
enum Max {
  ISSUER_KEYS = 4,
  DENY = 64,
}
export const MAX_ISSUER_KEYS = 4;
export const MAX_DENY = 64;

export function encodeSettingsBody(s: Settings): Uint8Array {
  const ext = s.extensions || EMPTY_EXTENSIONS;
  if (s.issuerKeys.length > Max.ISSUER_KEYS || s.denyList.length > Max.DENY) fail('settings lists too long');
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
  const out = new Uint8Array(body.length + Size.TAG);
  out.set(body);
  out.set(s.tag, body.length);
  return out;
}

export function decodeSettings(b: Uint8Array): Settings {
  begin(b);
  readHeader(MessageType.SETTINGS);
  // Wire order: an object literal's values are read left to right; the lists follow.
  const s = {
    terminalId: nonZero(), version: nonZero(), time: int(4), perPaymentLimit: int(4), offlineTotalLimit: int(4),
    maxOfflineAge: int(4), currency: currency(),
  } as Settings;
  // A u8 count of at most `max` entries, each starting with a u32 id above the one before.
  function ascending<T>(max: number, last: number, entry: (id: number) => T): T[] {
    const n = int(1);
    if (n > max) fail('settings list too long');
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const id = int(4);
      if (id <= last) fail('settings list out of order');
      out.push(entry(last = id));
    }
    return out;
  }
  s.issuerKeys = ascending(Max.ISSUER_KEYS, -1, (keyId) => ({ keyId, publicKey: bytes(Size.KEY), notAfter: int(4) }));
  s.denyList = ascending(Max.DENY, 0, (id) => id);
  s.extensions = readExtensions(64);
  s.tag = bytes(Size.TAG);
  end();
  return s;
}
