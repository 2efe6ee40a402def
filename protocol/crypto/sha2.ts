// Portable SHA-256 and SHA-512 (FIPS 180-4) in one function, for boards without native
// hashes: they share the padding, the digest and the constants, and one resident function
// costs a board fewer JS variables than several. No BigInt: SHA-512's 64-bit words are
// pairs of signed 32-bit halves (in the message schedule hi at even, lo at odd index; in
// the constants and the state lo first); sums of low halves are formed as exact unsigned
// doubles and their carry added into the high half. The state is kept in reverse word
// order, so that its bytes reversed (natively) are the big-endian digest.
const TWO32 = 4294967296;

// The round constants K (the first 64 bits of the fractional parts of the cube roots of
// the first 80 primes; SHA-256 takes the high halves of the first 64), then the initial
// hash H (square roots of the first 8) in reverse order, lo/hi pairs when wide. Computed instead of
// shipped: a double root is good to ~2^-50 and one Newton step, with the residual
// n − x^k taken exactly, to ~2^-100, while every root's bits after the 64th stay at
// least 2^-72 away from a carry, so each word is exact (the SHA tests would see a wrong one).
// A function of its own: nested in sha2, every SHA-256 call would pay to skip its text.
function sha2Constants(wide: boolean): Int32Array {
  // a·b − p for p = a·b rounded, exactly (Dekker's product: no fused multiply-add needed).
  function productError(a: number, b: number, p: number): number {
    let c = 134217729 * a;
    const ah = c - (c - a), al = a - ah;
    c = 134217729 * b;
    const bh = c - (c - b), bl = b - bh;
    return ah * bh - p + ah * bl + al * bh + al * bl;
  }
  const count = wide ? 80 : 64, words = new Int32Array((count + 8) * (wide ? 2 : 1));
  // The k-th root (k = 2 or 3) of n into word `at`.
  function root(at: number, n: number, k: number): void {
    const x = Math.pow(n, 1 / k), y = k === 2 ? 1 : x, s = x * x, t = s * y; // x^k = t + productError(s, y, t) + productError(x, x, s)·y
    const dx = (n - t - productError(s, y, t) - productError(x, x, s) * y) / (k * t / x);
    const f = (x - Math.floor(x)) * TWO32, hi = Math.floor(f);
    const lo = Math.floor((f - hi) * TWO32 + dx * TWO32 * TWO32);
    if (wide) {
      words[2 * at] = lo;
      at = 2 * at + 1;
    }
    words[at] = hi + Math.floor(lo / TWO32);
  }
  for (let n = 2, j = 0, d; j < count; n++) {
    for (d = 2; d * d <= n && n % d; d++);
    if (d * d > n) {
      if (j < 8) root(count + 7 - j, n, 2);
      root(j++, n, 3);
    }
  }
  return words;
}

// SHA-256's constants, made at the first SHA-256 (~46 M instructions; the device crypto
// hashes once at boot so that no sale pays for them) and kept: every sale hashes (the
// MAC chain). Not at load: a board with native SHA-256 would make them for nothing.
// SHA-512's (only Ed25519 verification uses it, once per verify) are made per call:
// ~1.5% of a verify.
let constants256: Int32Array | undefined;

export function sha2(data: Uint8Array, wide: boolean): Uint8Array {
  const block = wide ? 128 : 64, len = data.length;
  // Merkle–Damgård padding: 0x80, zeros, the bit length in the last 8 (of 16) bytes.
  const total = Math.ceil((len + 1 + (block >> 3)) / block) * block;
  const m = new Uint8Array(total);
  m.set(data);
  m[len] = 128;
  const view = new DataView(m.buffer);
  view.setUint32(total - 4, len * 8 >>> 0);
  view.setUint32(total - 8, Math.floor(len / 0x20000000));

  const k = wide ? sha2Constants(true) : constants256 || (constants256 = sha2Constants(false));
  // The state, whose bytes reversed are the digest.
  const s = new Int32Array(k.subarray(wide ? 160 : 64));
  const w = new Int32Array(wide ? 160 : 64);
  let a, b, c, d, e, f, g, h, al, bl, cl, dl, el, fl, gl, hl, x, y, th, tl, uh, ul, i, off;
  // SHA-256 first, and returning: the interpreter never skips over SHA-512's text.
  if (!wide) {
    for (off = 0; off < total; off += 64) {
      for (i = 0; i < 16; i++) w[i] = view.getInt32(off + i * 4);
      for (i = 16; i < 64; i++) {
        x = w[i - 15];
        y = w[i - 2];
        w[i] = ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ (x >>> 3)) + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ (y >>> 10)) + w[i - 7] + w[i - 16];
      }
      a = s[7]; b = s[6]; c = s[5]; d = s[4]; e = s[3]; f = s[2]; g = s[1]; h = s[0];
      for (i = 0; i < 64; i++) {
        x = h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g ^ (e & (f ^ g))) + k[i] + w[i];
        y = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + ((a & b) | (c & (a | b)));
        h = g; g = f; f = e; e = (d + x) | 0; d = c; c = b; b = a; a = (x + y) | 0;
      }
      s[7] += a; s[6] += b; s[5] += c; s[4] += d; s[3] += e; s[2] += f; s[1] += g; s[0] += h;
    }
    return new Uint8Array(s.buffer).reverse();
  }
  for (off = 0; off < total; off += 128) {
    for (i = 0; i < 32; i++) w[i] = view.getInt32(off + i * 4);
    for (i = 32; i < 160; i += 2) {
      x = w[i - 30]; al = w[i - 29];
      y = w[i - 4]; bl = w[i - 3];
      // σ0(x) = rotr1 ^ rotr8 ^ shr7, σ1(y) = rotr19 ^ rotr61 ^ shr6
      tl = ((al >>> 1 | x << 31) ^ (al >>> 8 | x << 24) ^ (al >>> 7 | x << 25)) >>> 0;
      th = (x >>> 1 | al << 31) ^ (x >>> 8 | al << 24) ^ (x >>> 7);
      ul = ((bl >>> 19 | y << 13) ^ (y >>> 29 | bl << 3) ^ (bl >>> 6 | y << 26)) >>> 0;
      uh = (y >>> 19 | bl << 13) ^ (bl >>> 29 | y << 3) ^ (y >>> 6);
      tl += ul + (w[i - 13] >>> 0) + (w[i - 31] >>> 0);
      w[i] = th + uh + w[i - 14] + w[i - 32] + (tl / TWO32 | 0);
      w[i + 1] = tl;
    }
    a = s[15]; al = s[14]; b = s[13]; bl = s[12]; c = s[11]; cl = s[10]; d = s[9]; dl = s[8];
    e = s[7]; el = s[6]; f = s[5]; fl = s[4]; g = s[3]; gl = s[2]; h = s[1]; hl = s[0];
    for (i = 0; i < 160; i += 2) {
      // t1 = h + Σ1(e) + Ch(e,f,g) + K[i] + W[i]; Σ1 = rotr14 ^ rotr18 ^ rotr41
      tl = (hl >>> 0) + (((el >>> 14 | e << 18) ^ (el >>> 18 | e << 14) ^ (e >>> 9 | el << 23)) >>> 0)
        + ((gl ^ (el & (fl ^ gl))) >>> 0) + (k[i] >>> 0) + (w[i + 1] >>> 0);
      th = h + ((e >>> 14 | el << 18) ^ (e >>> 18 | el << 14) ^ (el >>> 9 | e << 23))
        + (g ^ (e & (f ^ g))) + k[i + 1] + w[i] + (tl / TWO32 | 0);
      // t2 = Σ0(a) + Maj(a,b,c); Σ0 = rotr28 ^ rotr34 ^ rotr39
      ul = (((al >>> 28 | a << 4) ^ (a >>> 2 | al << 30) ^ (a >>> 7 | al << 25)) >>> 0)
        + ((al & bl | cl & (al | bl)) >>> 0);
      uh = ((a >>> 28 | al << 4) ^ (al >>> 2 | a << 30) ^ (al >>> 7 | a << 25))
        + (a & b | c & (a | b)) + (ul / TWO32 | 0);
      h = g; hl = gl; g = f; gl = fl; f = e; fl = el;
      el = (dl >>> 0) + (tl >>> 0);
      e = (d + th + (el / TWO32 | 0)) | 0;
      el |= 0;
      d = c; dl = cl; c = b; cl = bl; b = a; bl = al;
      al = (tl >>> 0) + (ul >>> 0);
      a = (th + uh + (al / TWO32 | 0)) | 0;
      al |= 0;
    }
    w.set([hl, h, gl, g, fl, f, el, e, dl, d, cl, c, bl, b, al, a]);
    for (i = 0; i < 16; i += 2) {
      x = (s[i] >>> 0) + (w[i] >>> 0);
      s[i + 1] += w[i + 1] + (x / TWO32 | 0);
      s[i] = x;
    }
  }
  return new Uint8Array(s.buffer).reverse();
}
