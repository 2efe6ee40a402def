import { ALPHANUMERIC, BLOCKS_L, BLOCKS_M, ECL_L, ECL_M, MAX_VERSION } from './tables';
import type { Ecl } from './tables';
import { fail } from '../../protocol/errors';

export const MODE_ALPHANUMERIC = 2;
export const MODE_BYTE = 4;

export interface Segment {
  version: number;
  ecl: Ecl;
  mode: number;
  data: Uint8Array; // data codewords, padded to the version's capacity
}

function isAlphanumeric(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (ALPHANUMERIC.indexOf(text[i]) < 0) return false;
  return true;
}

export function dataCapacity(version: number, ecl: Ecl): number {
  const b = ecl === ECL_M ? BLOCKS_M[version] : BLOCKS_L[version];
  return b[0] - b[1] * b[2];
}

// Alphanumeric mode when every character allows it (the payment request text always
// does), byte mode otherwise; the smallest version up to maxVersion that holds the text
// at level M, else the smallest at level L.
export function chooseSegment(text: string, maxVersion?: number): { version: number; ecl: Ecl; mode: number; bits: number } {
  const top = maxVersion ?? MAX_VERSION;
  if (!(top >= 1 && top <= MAX_VERSION)) fail('QR version limit must be 1..' + MAX_VERSION);
  const alnum = isAlphanumeric(text);
  const n = text.length;
  const bits = alnum ? 13 + 11 * (n >> 1) + 6 * (n & 1) : 12 + 8 * n;
  if (!alnum) {
    if (n > 255) fail('text too long for a QR code up to version ' + top);
    for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 255) fail('QR byte mode takes characters below U+0100 only');
  }
  const eclOrder: Ecl[] = [ECL_M, ECL_L];
  for (const ecl of eclOrder) {
    for (let v = 1; v <= top; v++) {
      if (bits <= dataCapacity(v, ecl) * 8) return { version: v, ecl, mode: alnum ? MODE_ALPHANUMERIC : MODE_BYTE, bits };
    }
  }
  return fail('text of ' + n + ' characters does not fit a QR code up to version ' + top);
}

// The data codewords: mode, character count, data, terminator, padding (ISO 18004 §7.4).
export function encodeSegment(text: string, maxVersion?: number): Segment {
  const c = chooseSegment(text, maxVersion);
  const capacity = dataCapacity(c.version, c.ecl);
  const out = new Uint8Array(capacity);
  const n = text.length;
  let pos = 0;
  // Bits not yet written, at the low end of acc; never more than 7 between steps.
  let acc;
  let held;
  if (c.mode === MODE_ALPHANUMERIC) {
    acc = (MODE_ALPHANUMERIC << 9) | n;
    held = 13;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      acc = (acc << 11) | (ALPHANUMERIC.indexOf(text[i]) * 45 + ALPHANUMERIC.indexOf(text[i + 1]));
      held += 11;
      if (held >= 16) {
        held -= 16;
        out[pos++] = acc >> (held + 8);
        out[pos++] = acc >> held;
      } else {
        held -= 8;
        out[pos++] = acc >> held;
      }
      acc &= (1 << held) - 1;
    }
    if (i < n) {
      acc = (acc << 6) | ALPHANUMERIC.indexOf(text[i]);
      held += 6;
    }
  } else {
    out[pos++] = (MODE_BYTE << 4) | (n >> 4);
    acc = n & 15;
    held = 4;
    for (let i = 0; i < n; i++) {
      acc = (acc << 8) | text.charCodeAt(i);
      out[pos++] = acc >> 4;
      acc &= 15;
    }
  }
  // Flush; the terminator (four 0 bits, fewer at capacity) and the zero bits up to the
  // next byte boundary need no writing, out is zero-filled, but may take a whole byte.
  while (held >= 8) {
    held -= 8;
    out[pos++] = acc >> held;
  }
  if (held > 0) out[pos++] = acc << (8 - held);
  if ((held === 0 || held > 4) && pos < capacity) pos++;
  for (let pad = 0xec; pos < capacity; pad ^= 0xec ^ 0x11) out[pos++] = pad;
  return { version: c.version, ecl: c.ecl, mode: c.mode, data: out };
}
