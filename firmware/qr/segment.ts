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

// The data codewords (ISO 18004 §7.4) of `bits` bits in the smallest version up to top
// at level M, else at level L, written by `write` from the mode indicator on; then the
// terminator and the pad codewords. `write` returns the bytes written and the bits still
// pending (held at the low end of acc).
function segment(mode: number, bits: number, top: number, write: (out: Uint8Array) => number[]): Segment {
  const bytes = (bits + 7) >> 3;
  for (let ecl = 0; ecl < 2; ecl++) {
    for (let version = 1; version <= top; version++) {
      const capacity = CAPACITY[ecl][version];
      if (bytes > capacity) continue;
      const out = new Uint8Array(capacity);
      const w = write(out);
      let pos = w[0];
      const acc = w[1];
      const held = w[2];
      // The terminator (four 0 bits, fewer at capacity) and the zero bits up to the byte
      // boundary need no writing (out is zero-filled) but may take a whole byte.
      if (held) out[pos++] = acc << (8 - held);
      if ((held === 0 || held > 4) && pos < capacity) pos++;
      for (let pad = 0xec; pos < capacity; pad ^= 0xec ^ 0x11) out[pos++] = pad;
      return { version, ecl: ecl as Ecl, mode, data: out };
    }
  }
  return fail('text does not fit a QR code up to version ' + top);
}

// The alphanumeric segment of characters given by their values (0..44): mode, the 9-bit
// count, then four characters (22 bits) a step, bits not yet written at the low end of
// acc (fewer than 8 between steps).
export function alphanumericSegment(values: Uint8Array, top: number): Segment {
  const n = values.length;
  return segment(MODE_ALPHANUMERIC, 13 + 11 * (n >> 1) + 6 * (n & 1), top, (out) => {
    const v = values;
    let pos = 1;
    out[0] = (MODE_ALPHANUMERIC << 4) | (n >> 5);
    let acc = n & 31;
    let held = 5;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      acc = ((acc & 255) << 22) | ((v[i] * 45 + v[i + 1]) << 11) | (v[i + 2] * 45 + v[i + 3]);
      held += 6; // 22 bits in, two bytes out, a third when 8 or more are left
      out[pos++] = acc >> (held + 8);
      out[pos++] = acc >> held;
      if (held >= 8) {
        held -= 8;
        out[pos++] = acc >> held;
      }
    }
    acc &= 255;
    if (i + 1 < n) {
      acc = (acc << 11) | (v[i] * 45 + v[i + 1]);
      held += 11;
      i += 2;
    }
    if (i < n) {
      acc = (acc << 6) | v[i];
      held += 6;
    }
    while (held >= 8) {
      held -= 8;
      out[pos++] = acc >> held;
    }
    return [pos, acc, held];
  });
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

export function checkTop(maxVersion?: number): number {
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
  if (/[^\0-\xff]/.test(text)) fail('QR text must be Latin-1');
  const values = alphanumericValues(text);
  if (values) return alphanumericSegment(values, top);
  const codes = textBytes ? textBytes(text) : null;
  return segment(MODE_BYTE, 12 + 8 * n, top, (out) => {
    out[0] = (MODE_BYTE << 4) | (n >> 4);
    let acc = n & 15;
    for (let i = 0; i < n; i++) {
      acc = ((acc & 15) << 8) | (codes ? codes[i] : text.charCodeAt(i));
      out[i + 1] = acc >> 4;
    }
    return [n + 1, acc & 15, 4];
  });
}
