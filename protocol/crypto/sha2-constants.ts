// The SHA-2 constants (FIPS 180-4 §4.2.3, §5.3.5): the first 64 bits of the fractional
// parts of the square roots (H, 8 words) and cube roots (K, 80 words) of the first primes,
// as big-endian hi/lo int32 pairs. SHA-256 uses the high halves of the first 8 and 64 of
// the same words, so both hashes share this one table. It is computed at load instead of
// shipped (the table took 1.1 KB of the bundle; computing it costs ~30 M interpreter instructions
// once): a double root is good to ~2^-50 and one Newton step, with the residual
// n − x^k taken exactly, to ~2^-100, while every root's bits after the 64th stay at least
// 2^-72 away from a carry, so each word is exact (the SHA tests would see a wrong one).
// a·b − p for p = a·b rounded, exactly (Dekker's product: no fused multiply-add needed).
function productError(a: number, b: number, p: number): number {
  let c = 134217729 * a;
  const ah = c - (c - a), al = a - ah;
  c = 134217729 * b;
  const bh = c - (c - b), bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

// The k-th root (k = 2 or 3) of n into words[at], words[at + 1].
function root(words: Int32Array, at: number, n: number, k: number): void {
  const x = Math.pow(n, 1 / k), y = k === 2 ? 1 : x, w = 4294967296;
  const s = x * x, t = s * y; // x^k = t + productError(s, y, t) + productError(x, x, s)·y
  const dx = (n - t - productError(s, y, t) - productError(x, x, s) * y) / (k * t / x);
  const f = (x - Math.floor(x)) * w, hi = Math.floor(f);
  const lo = Math.floor((f - hi) * w + dx * w * w);
  words[at] = hi + Math.floor(lo / w);
  words[at + 1] = lo;
}

// In a function, not at the top level: Espruino's `let` is function-scoped, and loop
// variables at the bundle's top level would overwrite top-level names they shadow.
function table(): Int32Array {
  const words = new Int32Array(176);
  for (let n = 2, j = 0, d; j < 80; n++) {
    for (d = 2; d * d <= n && n % d; d++);
    if (d * d > n) {
      if (j < 8) root(words, 2 * j, n, 2);
      root(words, 16 + 2 * j++, n, 3);
    }
  }
  return words;
}

const WORDS = table();

// H[2i], H[2i + 1]: high and low half of initial hash word i.
export const H = WORDS.subarray(0, 16);
// K[2i], K[2i + 1]: high and low half of round constant i.
export const K = WORDS.subarray(16, 176);
