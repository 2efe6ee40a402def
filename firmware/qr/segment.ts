import { ALPHANUMERIC, CAPACITY, MAX_VERSION } from './tables';
import type { Ecl } from './tables';
import { textBytes } from './native';
import { fail } from '../../protocol/errors';

export const MODE_ALPHANUMERIC = 2;
export const MODE_BYTE = 4;

export interface Segment {
  version: number;
  ecl: Ecl;
  mode: number;
  data: Uint8Array; // data codewords, padded to the version's capacity
}

// The segment of `bits` bits (ISO 18004 §7.4) in the smallest version up to top at
// level M, else at level L: zero codewords with the pad codewords already in place after
// the content and its terminator (four 0 bits, fewer at capacity, then 0 bits up to a
// byte boundary), for the caller to write the content from the mode indicator on.
function segment(mode: number, bits: number, top: number): Segment {
  for (let ecl = 0; ecl < 2; ecl++) {
    for (let version = 1; version <= top; version++) {
      const capacity = CAPACITY[ecl][version];
      if (bits > 8 * capacity) continue;
      const data = new Uint8Array(capacity);
      for (let pos = (bits + 11) >> 3, pad = 0xec; pos < capacity; pad ^= 0xec ^ 0x11) data[pos++] = pad;
      return { version, ecl: ecl as Ecl, mode, data };
    }
  }
  return fail('text does not fit a QR code up to version ' + top);
}

// The alphanumeric segment of characters given by their values (0..44): mode and 9-bit
// count, then four characters (22 bits) a step, a last pair in 11 bits and a last
// single one in 6, flushed a byte at a time (bits not yet written at the low end of acc,
// fewer than 8 between steps).
export function alphanumericSegment(values: Uint8Array, top: number): Segment {
  const v = values;
  const n = v.length;
  const s = segment(MODE_ALPHANUMERIC, 13 + 11 * (n >> 1) + 6 * (n & 1), top);
  const out = s.data;
  out[0] = (MODE_ALPHANUMERIC << 4) | (n >> 5);
  let acc = n;
  let held = 5;
  let pos = 1;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    acc = (acc << 22) | ((v[i] * 45 + v[i + 1]) << 11) | (v[i + 2] * 45 + v[i + 3]);
    held += 6; // 22 bits in, two bytes out, a third when 8 or more are left
    out[pos++] = acc >> (held + 8);
    out[pos++] = acc >> held;
    if (held >= 8) out[pos++] = acc >> (held -= 8);
  }
  if (i + 1 < n) {
    acc = (acc << 11) | (v[i] * 45 + v[i + 1]);
    held += 11;
    i += 2;
  }
  if (i < n) {
    acc = (acc << 6) | v[i];
    held += 6;
  }
  while (held >= 8) out[pos++] = acc >> (held -= 8);
  if (held) out[pos] = acc << (8 - held);
  return s;
}

// The characters' alphanumeric values, or null when one is outside the set.
export function alphanumericValues(text: string): Uint8Array | null {
  const values = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const v = ALPHANUMERIC.indexOf(text[i]);
    if (v < 0) return null;
    values[i] = v;
  }
  return values;
}

function checkTop(maxVersion?: number): number {
  const top = maxVersion ?? MAX_VERSION;
  if (!(top >= 1 && top <= MAX_VERSION)) fail('QR version limit must be 1..' + MAX_VERSION);
  return top;
}

// Any Latin-1 text: alphanumeric mode when every character allows it (the payment
// request text always does), byte mode otherwise.
export function encodeSegment(text: string, maxVersion?: number): Segment {
  const top = checkTop(maxVersion);
  const n = text.length;
  if (n > 255) fail('text too long for a QR code up to version ' + top);
  const values = alphanumericValues(text);
  if (values) return alphanumericSegment(values, top);
  const codes = textBytes ? textBytes(text) : null;
  const s = segment(MODE_BYTE, 12 + 8 * n, top);
  const out = s.data;
  out[0] = (MODE_BYTE << 4) | (n >> 4);
  let acc = n & 15;
  for (let i = 0; i < n; i++) {
    const c = codes ? codes[i] : text.charCodeAt(i);
    if (c > 255) fail('QR text must be Latin-1');
    acc = ((acc & 15) << 8) | c;
    out[i + 1] = acc >> 4;
  }
  out[n + 1] = acc << 4;
  return s;
}
