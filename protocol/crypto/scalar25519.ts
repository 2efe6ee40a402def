// Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493, as
// little-endian bytes, for the device verifier (no BigInt).

// L in 16-bit limbs: the low 125 bits l0, then 2^252 as 0x1000 in the top limb.
const L16 = [0xd3ed, 0x5cf5, 0x631a, 0x5812, 0x9cd6, 0xa2f7, 0xf9de, 0x14de, 0, 0, 0, 0, 0, 0, 0, 0x1000];

// S < L: RFC 8032's canonical-S rule.
export function lessThanL(s: Uint8Array): boolean {
  for (let i = 15; i >= 0; i--) {
    const limb = s[2 * i] | s[2 * i + 1] << 8;
    if (limb !== L16[i]) return limb < L16[i];
  }
  return false;
}

// A 64-byte little-endian number mod L, as 32 bytes. TweetNaCl's modL on 16-bit limbs
// (a quarter of the interpreted steps): limb i ≥ 16 stands for y·2^(16(i−16))·2^256, and
// 2^256 ≡ −16·l0 (mod L); then the top nibble is folded once more and L added back if
// the result went negative.
export function reduceModL(h: Uint8Array): Uint8Array {
  const y = new Float64Array(33);
  let carry, i, j;
  for (i = 0; i < 32; i++) y[i] = h[2 * i] | h[2 * i + 1] << 8;
  for (i = 31; i >= 16; i--) {
    carry = 0;
    for (j = i - 16; j < i - 6; j++) {
      y[j] += carry - 16 * y[i] * L16[j - (i - 16)];
      carry = Math.floor((y[j] + 32768) / 65536);
      y[j] -= carry * 65536;
    }
    y[j] += carry;
    y[i] = 0;
  }
  carry = 0;
  for (j = 0; j < 16; j++) {
    y[j] += carry - (y[15] >> 12) * L16[j];
    carry = y[j] >> 16;
    y[j] &= 65535;
  }
  for (j = 0; j < 16; j++) y[j] -= carry * L16[j];
  const r = new Uint8Array(32);
  for (i = 0; i < 16; i++) {
    y[i + 1] += y[i] >> 16;
    r[2 * i] = y[i] & 255;
    r[2 * i + 1] = (y[i] >> 8) & 255;
  }
  return r;
}

// Width-5 NAF digits of a scalar below 2^253: odd, in [−15, 15], at least four zeros
// between non-zero ones. Window by window, so the interpreter runs ~100 steps, not 256·6.
export function slide(a: Uint8Array): Int8Array {
  const r = new Int8Array(256);
  const b = new Uint8Array(34);
  b.set(a);
  let pos = 0, carry = 0, w;
  while (pos < 256) {
    w = carry + (((b[pos >> 3] | b[(pos >> 3) + 1] << 8) >> (pos & 7)) & 31);
    if (!(w & 1)) {
      pos++;
      continue;
    }
    if (w < 16) {
      r[pos] = w;
      carry = 0;
    } else {
      r[pos] = w - 32;
      carry = 1;
    }
    pos += 5;
  }
  return r;
}
