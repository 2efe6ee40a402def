// Arithmetic modulo p = 2^255 - 19 shaped for an interpreter where every statement is
// expensive and native calls are cheap (DESIGN.md §1). An element is 15 signed limbs of
// 17 bits (radix 2^17, so 2^255 wraps to 19) in an Int32Array: its "F form". A product
// needs the other operand in "X form": [b14..b0, 19·b14..19·b1, unused], so that each
// output limb c_k = Σ a_i·X[i + 14 - k] is ONE dot product. On Espruino that dot product is
// the native E.convolve, passed in by the board (setDotProduct); elsewhere a JS loop.
// Exactness: a dot product is at most 267·max|a_i|·max|b_j| (1 + 14·19 terms). Products
// leave limbs below 1.75·2^17 and the point formulas add at most four of them, so every
// dot product stays below 2^47 (2^44 observed) — an exact double, `v / R | 0` an exact
// truncating carry and `v % R` the exact remainder (they need |v| < 2^48).
export type DotProduct = (a: Int32Array, b: Int32Array, offset: number) => number;

// E.convolve for the offsets used here, which never wrap around b.
function dotJs(a: Int32Array, b: Int32Array, offset: number): number {
  let s = 0;
  for (let i = 0; i < 15; i++) s += a[i] * b[i + offset];
  return s;
}

let dot: DotProduct = dotJs;

// Process-wide: a board has one native dot product and every verify should use it.
export function setDotProduct(d: DotProduct | undefined): void {
  dot = d ?? dotJs;
}

export function fe(): Int32Array {
  return new Int32Array(15);
}

// 30 long although 29 are used: writers may then fill index 29 − i for every i without a
// branch (the unused slot is never read: the offsets keep i + offset ≤ 28).
export function feX(): Int32Array {
  return new Int32Array(30);
}

// The products, unrolled: a loop would cost interpreted statements per limb. `v % R` is one
// operation where v − c·R was two (3% fewer interpreter instructions per product). R and
// the dot product are locals: short minified names, and the 15 calls find d among a few
// locals rather than among the bundle's top-level names.
export function mul(o: Int32Array, a: Int32Array, b: Int32Array): void {
  const d = dot, R = 131072;
  let v = d(a, b, 14), c = v / R | 0;
  o[0] = v % R;
  v = d(a, b, 13) + c;
  c = v / R | 0;
  o[1] = v % R;
  v = d(a, b, 12) + c;
  c = v / R | 0;
  o[2] = v % R;
  v = d(a, b, 11) + c;
  c = v / R | 0;
  o[3] = v % R;
  v = d(a, b, 10) + c;
  c = v / R | 0;
  o[4] = v % R;
  v = d(a, b, 9) + c;
  c = v / R | 0;
  o[5] = v % R;
  v = d(a, b, 8) + c;
  c = v / R | 0;
  o[6] = v % R;
  v = d(a, b, 7) + c;
  c = v / R | 0;
  o[7] = v % R;
  v = d(a, b, 6) + c;
  c = v / R | 0;
  o[8] = v % R;
  v = d(a, b, 5) + c;
  c = v / R | 0;
  o[9] = v % R;
  v = d(a, b, 4) + c;
  c = v / R | 0;
  o[10] = v % R;
  v = d(a, b, 3) + c;
  c = v / R | 0;
  o[11] = v % R;
  v = d(a, b, 2) + c;
  c = v / R | 0;
  o[12] = v % R;
  v = d(a, b, 1) + c;
  c = v / R | 0;
  o[13] = v % R;
  v = d(a, b, 0) + c;
  c = v / R | 0;
  o[14] = v % R;
  v = o[0] + 19 * c;
  c = v / R | 0;
  o[0] = v % R;
  o[1] += c;
}

export function mulx(o: Int32Array, x: Int32Array, a: Int32Array, b: Int32Array): void {
  const d = dot, R = 131072;
  let v = d(a, b, 14), c = v / R | 0;
  x[14] = o[0] = v % R;
  v = d(a, b, 13) + c;
  c = v / R | 0;
  x[28] = 19 * (x[13] = o[1] = v % R);
  v = d(a, b, 12) + c;
  c = v / R | 0;
  x[27] = 19 * (x[12] = o[2] = v % R);
  v = d(a, b, 11) + c;
  c = v / R | 0;
  x[26] = 19 * (x[11] = o[3] = v % R);
  v = d(a, b, 10) + c;
  c = v / R | 0;
  x[25] = 19 * (x[10] = o[4] = v % R);
  v = d(a, b, 9) + c;
  c = v / R | 0;
  x[24] = 19 * (x[9] = o[5] = v % R);
  v = d(a, b, 8) + c;
  c = v / R | 0;
  x[23] = 19 * (x[8] = o[6] = v % R);
  v = d(a, b, 7) + c;
  c = v / R | 0;
  x[22] = 19 * (x[7] = o[7] = v % R);
  v = d(a, b, 6) + c;
  c = v / R | 0;
  x[21] = 19 * (x[6] = o[8] = v % R);
  v = d(a, b, 5) + c;
  c = v / R | 0;
  x[20] = 19 * (x[5] = o[9] = v % R);
  v = d(a, b, 4) + c;
  c = v / R | 0;
  x[19] = 19 * (x[4] = o[10] = v % R);
  v = d(a, b, 3) + c;
  c = v / R | 0;
  x[18] = 19 * (x[3] = o[11] = v % R);
  v = d(a, b, 2) + c;
  c = v / R | 0;
  x[17] = 19 * (x[2] = o[12] = v % R);
  v = d(a, b, 1) + c;
  c = v / R | 0;
  x[16] = 19 * (x[1] = o[13] = v % R);
  v = d(a, b, 0) + c;
  c = v / R | 0;
  x[15] = 19 * (x[0] = o[14] = v % R);
  v = o[0] + 19 * c;
  c = v / R | 0;
  x[14] = o[0] = v % R;
  x[28] = 19 * (x[13] = o[1] += c);
}

export function toX(x: Int32Array, f: Int32Array): void {
  for (let i = 0; i < 15; i++) x[29 - i] = 19 * (x[14 - i] = f[i]);
}

export function add(o: Int32Array, a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < 15; i++) o[i] = a[i] + b[i];
}

export function sub(o: Int32Array, a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < 15; i++) o[i] = a[i] - b[i];
}

export function neg(o: Int32Array, a: Int32Array): void {
  for (let i = 0; i < 15; i++) o[i] = -a[i];
}

// Scratch X form for mulF; the products never call back into mulF, so one is enough.
const scratchX = feX();

// o = a·b with both in F form. o must not be a (it is written while a is still read);
// o may be b.
export function mulF(o: Int32Array, a: Int32Array, b: Int32Array): void {
  toX(scratchX, b);
  mul(o, a, scratchX);
}

// o = a^(2^n); mulx keeps the X form current so no toX is needed per squaring.
export function sqn(o: Int32Array, a: Int32Array, n: number): void {
  const f0 = fe(), x0 = feX(), f1 = fe(), x1 = feX();
  f0.set(a);
  toX(x0, a);
  for (let i = 0; i < n; i++) {
    if (i & 1) mulx(f0, x0, f1, x1);
    else mulx(f1, x1, f0, x0);
  }
  o.set(n & 1 ? f1 : f0);
}

// z^(2^252 - 3), the exponent of the square-root-of-ratio in RFC 8032 §5.1.3, by the
// usual addition chain (251 squarings, 11 multiplications). mulF may write its second
// operand, so four elements hold the whole chain.
export function pow22523(o: Int32Array, z: Int32Array): void {
  const a = fe(), b = fe(), c = fe(), t = fe();
  sqn(a, z, 1); // z^2
  sqn(t, a, 2);
  mulF(b, t, z); // z^9
  mulF(t, a, b); // z^11
  sqn(t, t, 1);
  mulF(a, t, b); // z^(2^5 - 1)
  sqn(t, a, 5);
  mulF(b, t, a); // z^(2^10 - 1)
  sqn(t, b, 10);
  mulF(c, t, b); // z^(2^20 - 1)
  sqn(t, c, 20);
  mulF(c, t, c); // z^(2^40 - 1)
  sqn(t, c, 10);
  mulF(b, t, b); // z^(2^50 - 1)
  sqn(t, b, 50);
  mulF(c, t, b); // z^(2^100 - 1)
  sqn(t, c, 100);
  mulF(c, t, c); // z^(2^200 - 1)
  sqn(t, c, 50);
  mulF(c, t, b); // z^(2^250 - 1)
  sqn(t, c, 2);
  mulF(o, t, z);
}

// Little-endian bytes (bit 255 ignored) to limbs.
export function unpack(o: Int32Array, b: Uint8Array): void {
  for (let i = 0; i < 15; i++) {
    const j = (i * 17) >> 3;
    o[i] = ((b[j] | b[j + 1] << 8 | b[j + 2] << 16) >>> ((i * 17) & 7)) & 0x1ffff;
  }
}

// Carries limbs 0–13 up so that they lie in [0, 2^17) and takes off and returns what limb 14
// holds above 17 bits. Limbs are int32, so carries are arithmetic shifts: floor division,
// also for negative limbs.
function carry(t: Int32Array): number {
  for (let i = 0; i < 14; i++) {
    t[i + 1] += t[i] >> 17;
    t[i] &= 0x1ffff;
  }
  const c = t[14] >> 17;
  t[14] &= 0x1ffff;
  return c;
}

// The canonical 32-byte little-endian encoding (value fully reduced below p).
export function pack(out: Uint8Array, a: Int32Array): void {
  const t = new Int32Array(a);
  let i, q, acc = 0, bits = 0, o = 0;
  // Three passes bring every limb into [0, 2^17), i.e. t into [0, 2^255).
  for (i = 0; i < 3; i++) {
    q = carry(t); // before reading t[0], which carry() changes
    t[0] += 19 * q;
  }
  // t ≥ p exactly when t + 19 reaches 2^255 (q = 1); then t − p = t + 19 − 2^255.
  q = (t[0] + 19) >> 17;
  for (i = 1; i < 15; i++) q = (t[i] + q) >> 17;
  t[0] += 19 * q;
  carry(t);
  for (i = 0; i < 15; i++) {
    acc |= t[i] << bits;
    bits += 17;
    while (bits >= 8) {
      out[o++] = acc & 255;
      acc >>>= 8;
      bits -= 8;
    }
  }
  out[31] = acc & 255;
}

export function isZero(a: Int32Array): boolean {
  const b = new Uint8Array(32);
  pack(b, a);
  for (let i = 0; i < 32; i++) if (b[i]) return false;
  return true;
}

export function isOdd(a: Int32Array): boolean {
  const b = new Uint8Array(32);
  pack(b, a);
  return (b[0] & 1) === 1;
}
