import { digest, padMessage } from './sha-pad';
import { H, K } from './sha2-constants';

// Portable SHA-256 (FIPS 180-4) for boards without a native one. Words are kept as
// signed 32-bit numbers; Int32Array stores wrap them, so no BigInt and no Math.imul.
// Its constants are the high halves of SHA-512's (sha2-constants.ts).

export function sha256(data: Uint8Array): Uint8Array {
  const view = padMessage(data, 64);
  const h = new Int32Array(8);
  for (let j = 0; j < 8; j++) h[j] = H[2 * j];
  const w = new Int32Array(64);
  let a, b, c, d, e, f, g, hh, t1, t2, x, y, i;
  for (let off = 0; off < view.byteLength; off += 64) {
    for (i = 0; i < 16; i++) w[i] = view.getInt32(off + i * 4);
    for (i = 16; i < 64; i++) {
      x = w[i - 15];
      y = w[i - 2];
      w[i] = ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ (x >>> 3)) + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ (y >>> 10)) + w[i - 7] + w[i - 16];
    }
    a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; hh = h[7];
    for (i = 0; i < 64; i++) {
      t1 = hh + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ (e & (f ^ g))) + K[2 * i] + w[i];
      t2 = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + ((a & b) | (c & (a | b)));
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return digest(h);
}
