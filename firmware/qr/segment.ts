import { ALPHANUMERIC, ECL_M, MAX_VERSION } from './tables';
import type { Ecl } from './tables';
import { byteMap, textBytes } from './native';
import { fail } from '../../protocol/errors';

export const MODE_ALPHANUMERIC = 2;
export const MODE_BYTE = 4;

export interface Segment {
  version: number;
  ecl: Ecl;
  mode: number;
  data: Uint8Array; // data codewords, padded to the version's capacity
}

// Alphanumeric value of each character code, 255 for characters outside the set.
const CHAR_VALUE = new Uint8Array(256).fill(255);
for (let i = 0; i < ALPHANUMERIC.length; i++) CHAR_VALUE[ALPHANUMERIC.charCodeAt(i)] = i;

// Data codewords per version (index 1..5) at M and at L (tables.ts BLOCKS: total − EC).
const CAPACITY_M = [0, 16, 28, 44, 64, 86];
const CAPACITY_L = [0, 19, 34, 55, 80, 108];

// The smallest version up to maxVersion that holds `bits` at level M, else at level L.
function fit(bits: number, top: number): { version: number; ecl: Ecl } {
  const bytes = (bits + 7) >> 3;
  for (let v = 1; v <= top; v++) if (bytes <= CAPACITY_M[v]) return { version: v, ecl: ECL_M };
  for (let v = 1; v <= top; v++) if (bytes <= CAPACITY_L[v]) return { version: v, ecl: 1 };
  return fail('text does not fit a QR code up to version ' + top);
}

function checkTop(maxVersion?: number): number {
  const top = maxVersion ?? MAX_VERSION;
  if (!(top >= 1 && top <= MAX_VERSION)) fail('QR version limit must be 1..' + MAX_VERSION);
  return top;
}

// The data codewords (ISO 18004 §7.4): alphanumeric mode when every character allows it
// (the payment request text always does), byte mode otherwise; then the terminator and
// padding up to the chosen version's capacity.
export function encodeSegment(text: string, maxVersion?: number): Segment {
  const top = checkTop(maxVersion);
  const n = text.length;
  if (n > 255) fail('text too long for a QR code up to version ' + top);
  const codes = textBytes(text);
  const values = new Uint8Array(n);
  byteMap(codes, values, CHAR_VALUE);
  if (values.indexOf(255) < 0) return alphanumericSegment(values, top);
  const f = fit(12 + 8 * n, top);
  const out = new Uint8Array((f.ecl === ECL_M ? CAPACITY_M : CAPACITY_L)[f.version]);
  let pos = 0;
  out[pos++] = (MODE_BYTE << 4) | (n >> 4);
  let acc = n & 15;
  for (let i = 0; i < n; i++) {
    acc = ((acc & 15) << 8) | codes[i];
    out[pos++] = acc >> 4;
  }
  return { version: f.version, ecl: f.ecl, mode: MODE_BYTE, data: finish(out, pos, acc, 4) };
}

// The alphanumeric segment of characters given by their values (0..44).
export function alphanumericSegment(values: Uint8Array, maxVersion?: number): Segment {
  const top = checkTop(maxVersion);
  const n = values.length;
  const f = fit(13 + 11 * (n >> 1) + 6 * (n & 1), top);
  const out = new Uint8Array((f.ecl === ECL_M ? CAPACITY_M : CAPACITY_L)[f.version]);
  let pos = 0;
  // Mode and the high 4 bits of the 9-bit count, then four characters (22 bits) a step.
  // Bits not yet written sit at the low end of acc (fewer than 8 between steps).
  out[pos++] = (MODE_ALPHANUMERIC << 4) | (n >> 5);
  let acc = n & 31;
  let held = 5;
  const v = values;
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
  return { version: f.version, ecl: f.ecl, mode: MODE_ALPHANUMERIC, data: finish(out, pos, acc, held) };
}

// Flushes the pending bits; the terminator (four 0 bits, fewer at capacity) and the zero
// bits up to the next byte boundary need no writing, out is zero-filled, but may take a
// whole byte; then the pad codewords.
function finish(out: Uint8Array, at: number, acc: number, held: number): Uint8Array {
  let pos = at;
  const capacity = out.length;
  while (held >= 8) {
    held -= 8;
    out[pos++] = acc >> held;
  }
  if (held > 0) out[pos++] = acc << (8 - held);
  if ((held === 0 || held > 4) && pos < capacity) pos++;
  for (let pad = 0xec; pos < capacity; pad ^= 0xec ^ 0x11) out[pos++] = pad;
  return out;
}
