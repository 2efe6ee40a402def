import { fail } from '../errors';

// RFC 9285 Base45: the QR alphanumeric alphabet, 2 bytes → 3 characters. Lets a binary
// payment request ride in QR alphanumeric mode (5.5 bits a character) instead of byte
// mode, and survives decoders that reinterpret bytes ≥ 0x80 as text.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

export function base45Encode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) {
    let n = b[i] * 256 + b[i + 1];
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    s += ALPHABET[c] + ALPHABET[d] + ALPHABET[(n - d) / 45];
  }
  if (b.length % 2) {
    const n = b[b.length - 1];
    s += ALPHABET[n % 45] + ALPHABET[(n - (n % 45)) / 45];
  }
  return s;
}

export function base45Decode(s: string): Uint8Array {
  if (s.length % 3 === 1) fail('base45 length');
  const out = new Uint8Array(Math.floor(s.length / 3) * 2 + (s.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < s.length; i += 3) {
    const c = ALPHABET.indexOf(s[i]);
    const d = ALPHABET.indexOf(s[i + 1]);
    if (c < 0 || d < 0) fail('base45 character');
    if (i + 2 < s.length) {
      const e = ALPHABET.indexOf(s[i + 2]);
      if (e < 0) fail('base45 character');
      const n = c + d * 45 + e * 2025;
      if (n > 0xffff) fail('base45 value');
      out[o++] = n >> 8;
      out[o++] = n & 255;
    } else {
      const n = c + d * 45;
      if (n > 0xff) fail('base45 value');
      out[o++] = n;
    }
  }
  return out;
}
