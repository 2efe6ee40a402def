import { equalBytes } from '../bytes';

// Ed25519 verification (RFC 8032 §5.1.7) without BigInt, for the device. It decides
// exactly as @noble/ed25519 with { zip215: false } (host.ts), which the differential test
// checks: S < L; A and R canonical (y < p, no x = 0 with the sign bit set) and on the
// curve; small-order A rejected; cofactored equation [8]([S]B − [k]A − R) = 0.
//
// One entry function with every helper nested: a board holds them (field, point and
// scalar arithmetic, ~40 function objects) only while a verification runs, not between
// sales. Helpers are declared hottest first: a name is looked up through the scope in
// declaration order.
//
// Field elements mod p = 2^255 − 19 are 15 signed limbs of 17 bits (radix 2^17, so 2^255
// wraps to 19) in an Int32Array: the "F form". A product needs the other operand in
// "X form": [b14..b0, 19·b14..19·b1, unused], so that each output limb
// c_k = Σ a_i·X[i + 14 − k] is ONE dot product (on Espruino the native E.convolve).
// Exactness: a dot product is at most 267·max|a_i|·max|b_j| (1 + 14·19 terms). Products
// leave limbs below 1.75·2^17 and the point formulas add at most four of them, so every
// dot product stays below 2^47 (2^44 observed) — an exact double, `v / R | 0` an exact
// truncating carry and `v % R` the exact remainder (they need |v| < 2^48).

// dot(a, b, offset) = Σ a[i]·b[i + offset] over a's 15 limbs (E.convolve for the
// offsets used here, which never wrap around b).
export type DotProduct = (a: Int32Array, b: Int32Array, offset: number) => number;
type Fe = Int32Array;

// Test access to the nested arithmetic (tests/crypto/field.test.ts, scalar.test.ts).
export type Probe = (
  mul: (o: Fe, a: Fe, b: Fe) => void,
  mulx: (o: Fe, x: Fe, a: Fe, b: Fe) => void,
  mulF: (o: Fe, a: Fe, b: Fe) => void,
  toX: (x: Fe, f: Fe) => void,
  pack: (out: Uint8Array, a: Fe) => void,
  unpack: (o: Fe, b: Uint8Array) => void,
  isZero: (a: Fe) => boolean,
  isOdd: (a: Fe) => boolean,
  pow22523: (o: Fe, z: Fe) => void,
  lessThanL: (s: Uint8Array) => boolean,
  reduceModL: (h: Uint8Array) => Uint8Array,
  slide: (a: Uint8Array) => Int8Array,
) => boolean;

// The last two public keys that decoded to a point of large order, most recent first: a
// terminal checks the same issuer key sale after sale, and decoding (a square root) is ~7%
// of a verification.
type CachedKey = { key: Uint8Array; point: Int32Array };
let keyCache: CachedKey[] = [];

export function ed25519Verify(sha512: (d: Uint8Array) => Uint8Array, dot: DotProduct, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, probe?: Probe): boolean {
  // The products, unrolled: a loop costs interpreted statements per limb (+17% per
  // product with 5 limbs per iteration). `v % R` is one operation where v − c·R was two,
  // and the carry v / R | 0 goes straight into the next limb's sum (no carry variable:
  // 9% fewer interpreter instructions per product).
  function mul(o: Fe, a: Fe, b: Fe): void {
    const d = dot, R = 131072;
    let v = d(a, b, 14);
    o[0] = v % R;
    v = d(a, b, 13) + (v / R | 0);
    o[1] = v % R;
    v = d(a, b, 12) + (v / R | 0);
    o[2] = v % R;
    v = d(a, b, 11) + (v / R | 0);
    o[3] = v % R;
    v = d(a, b, 10) + (v / R | 0);
    o[4] = v % R;
    v = d(a, b, 9) + (v / R | 0);
    o[5] = v % R;
    v = d(a, b, 8) + (v / R | 0);
    o[6] = v % R;
    v = d(a, b, 7) + (v / R | 0);
    o[7] = v % R;
    v = d(a, b, 6) + (v / R | 0);
    o[8] = v % R;
    v = d(a, b, 5) + (v / R | 0);
    o[9] = v % R;
    v = d(a, b, 4) + (v / R | 0);
    o[10] = v % R;
    v = d(a, b, 3) + (v / R | 0);
    o[11] = v % R;
    v = d(a, b, 2) + (v / R | 0);
    o[12] = v % R;
    v = d(a, b, 1) + (v / R | 0);
    o[13] = v % R;
    v = d(a, b, 0) + (v / R | 0);
    o[14] = v % R;
    v = o[0] + 19 * (v / R | 0);
    o[0] = v % R;
    o[1] += v / R | 0;
  }

  function mulx(o: Fe, x: Fe, a: Fe, b: Fe): void {
    const d = dot, R = 131072;
    let v = d(a, b, 14);
    x[14] = o[0] = v % R;
    v = d(a, b, 13) + (v / R | 0);
    x[28] = 19 * (x[13] = o[1] = v % R);
    v = d(a, b, 12) + (v / R | 0);
    x[27] = 19 * (x[12] = o[2] = v % R);
    v = d(a, b, 11) + (v / R | 0);
    x[26] = 19 * (x[11] = o[3] = v % R);
    v = d(a, b, 10) + (v / R | 0);
    x[25] = 19 * (x[10] = o[4] = v % R);
    v = d(a, b, 9) + (v / R | 0);
    x[24] = 19 * (x[9] = o[5] = v % R);
    v = d(a, b, 8) + (v / R | 0);
    x[23] = 19 * (x[8] = o[6] = v % R);
    v = d(a, b, 7) + (v / R | 0);
    x[22] = 19 * (x[7] = o[7] = v % R);
    v = d(a, b, 6) + (v / R | 0);
    x[21] = 19 * (x[6] = o[8] = v % R);
    v = d(a, b, 5) + (v / R | 0);
    x[20] = 19 * (x[5] = o[9] = v % R);
    v = d(a, b, 4) + (v / R | 0);
    x[19] = 19 * (x[4] = o[10] = v % R);
    v = d(a, b, 3) + (v / R | 0);
    x[18] = 19 * (x[3] = o[11] = v % R);
    v = d(a, b, 2) + (v / R | 0);
    x[17] = 19 * (x[2] = o[12] = v % R);
    v = d(a, b, 1) + (v / R | 0);
    x[16] = 19 * (x[1] = o[13] = v % R);
    v = d(a, b, 0) + (v / R | 0);
    x[15] = 19 * (x[0] = o[14] = v % R);
    v = o[0] + 19 * (v / R | 0);
    x[14] = o[0] = v % R;
    x[28] = 19 * (x[13] = o[1] += v / R | 0);
  }

  const fe = () => new Int32Array(15);
  // 30 long although 29 are used: writers may then fill index 29 − i for every i without a
  // branch (the unused slot is never read: the offsets keep i + offset ≤ 28).
  const feX = () => new Int32Array(30);

  // Scratch for the point formulas (they never nest) and mulF.
  const s1 = fe(), s2 = fe(), s3 = fe(), s4 = fe(), ex = fe(), gz = fe(), ht = fe();
  const fX = feX(), gX = feX(), hX = feX(), scratchX = feX();

  function toX(x: Fe, f: Fe): void {
    for (let i = 0; i < 15; i++) x[29 - i] = 19 * (x[14 - i] = f[i]);
  }

  // o = a ± b (sign −1 subtracts).
  function addSub(o: Fe, a: Fe, b: Fe, sign: number): void {
    for (let i = 0; i < 15; i++) o[i] = a[i] + sign * b[i];
  }

  // o = a·b with both in F form. o must not be a; o may be b.
  function mulF(o: Fe, a: Fe, b: Fe): void {
    toX(scratchX, b);
    mul(o, a, scratchX);
  }

  // The linear steps of an addition, one pass over the limbs: from A = s1, B = s2,
  // C = s3, D = s4, E = A − B (F form), G = A + B (F and X form), H = D + C (F, X form),
  // F = D − C (X form); with C negated when negate (a subtraction).
  function combine(negate: boolean): void {
    let a, b, c, d, i, f, g, h;
    for (i = 0; i < 15; i++) {
      a = s1[i]; b = s2[i]; d = s4[i];
      c = negate ? -s3[i] : s3[i];
      ex[i] = a - b;
      g = gz[i] = a + b;
      gX[29 - i] = 19 * (gX[14 - i] = g);
      h = ht[i] = d + c;
      hX[29 - i] = 19 * (hX[14 - i] = h);
      f = d - c;
      fX[29 - i] = 19 * (fX[14 - i] = f);
    }
  }

  // The linear steps of a doubling: from XX = s1, YY = s2, ZZ = s3, XY = s4, ref10's
  // X' = 2XY, Y' = YY + XX, Z' = YY − XX, T' = 2ZZ − Z' as E, G, H, F for complete().
  function dblCombine(withT: boolean): void {
    let xx, yy, i, y, z, t;
    for (i = 0; i < 15; i++) {
      xx = s1[i]; yy = s2[i];
      ex[i] = 2 * s4[i];
      y = gz[i] = yy + xx;
      if (withT) gX[29 - i] = 19 * (gX[14 - i] = y);
      z = ht[i] = yy - xx;
      hX[29 - i] = 19 * (hX[14 - i] = z);
      t = 2 * s3[i] - z;
      fX[29 - i] = 19 * (fX[14 - i] = t);
    }
  }

  // Extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z, in F form, plus the X forms
  // of X, Y and Z that the next doubling multiplies by; all views into m (17 points live
  // in one flat table: Espruino stores a large typed array flat, small ones at a few
  // times the memory).
  type Point = { m: Fe; x: Fe; y: Fe; z: Fe; t: Fe; xX: Fe; yX: Fe; zX: Fe };
  // A point prepared as an addend (all X forms): Y+X, Y−X, 2Z, 2d·T.
  type Cached = { m: Fe; ypx: Fe; ymx: Fe; z2: Fe; t2d: Fe };
  const ENTRY = 120;

  // r = p1p1 completed: X = E·F, Y = G·H, Z = H·F, T = E·G (ref10's p1p1 → p3). A
  // doubling reads the X forms of X, Y, Z and an addition reads T, so each is made only
  // for the operation that comes next.
  function complete(r: Point, withT: boolean, withX: boolean): void {
    if (withX) {
      mulx(r.x, r.xX, ex, fX);
      mulx(r.y, r.yX, gz, hX);
      mulx(r.z, r.zX, ht, fX);
    } else {
      mul(r.x, ex, fX);
      mul(r.y, gz, hX);
      mul(r.z, ht, fX);
    }
    if (withT) mul(r.t, ex, gX);
  }

  // r = 2p (r ≠ p): ref10's p2 doubling; withT when an addition follows (which needs T
  // but not the X forms), otherwise another doubling follows.
  function dbl(r: Point, p: Point, withT: boolean): void {
    mul(s1, p.x, p.xX);
    mul(s2, p.y, p.yX);
    mul(s3, p.z, p.zX);
    mul(s4, p.x, p.yX);
    dblCombine(withT);
    complete(r, withT, !withT);
  }

  // r = p + q, or p − q when negate (r ≠ p): ref10's ge_add / ge_sub. withX when a
  // doubling follows.
  function addCached(r: Point, p: Point, q: Cached, negate: boolean, withX: boolean): void {
    const px = p.x, py = p.y;
    let i, x, y;
    for (i = 0; i < 15; i++) {
      x = px[i]; y = py[i];
      gz[i] = y + x;
      ht[i] = y - x;
    }
    mul(s1, gz, negate ? q.ymx : q.ypx);
    mul(s2, ht, negate ? q.ypx : q.ymx);
    mul(s3, p.t, q.t2d);
    mul(s4, p.z, q.z2);
    combine(negate);
    complete(r, true, withX);
  }

  // o = a^(2^n); mulx keeps the X form current so no toX is needed per squaring.
  function sqn(o: Fe, a: Fe, n: number): void {
    const f0 = fe(), x0 = feX(), f1 = fe(), x1 = feX();
    f0.set(a);
    toX(x0, a);
    for (let i = 0; i < n; i++) {
      if (i & 1) mulx(f0, x0, f1, x1);
      else mulx(f1, x1, f0, x0);
    }
    o.set(n & 1 ? f1 : f0);
  }

  // z^(2^252 − 3), the exponent of the square-root-of-ratio in RFC 8032 §5.1.3, by the
  // usual addition chain (251 squarings, 11 multiplications): after a = z^2, each step
  // t = r[src]^(2^n), r[dst] = t·r[other] over the registers r = z, a, b, c, o.
  function pow22523(o: Fe, z: Fe): void {
    const r = [z, fe(), fe(), fe(), o], t = fe();
    // z^9, z^11, z^(2^5 − 1), z^(2^10 − 1), z^(2^20 − 1), z^(2^40 − 1), z^(2^50 − 1),
    // z^(2^100 − 1), z^(2^200 − 1), z^(2^250 − 1), z^(2^252 − 3)
    const steps = [1, 2, 2, 0, 1, 0, 3, 2, 3, 1, 1, 2, 1, 5, 2, 1, 2, 10, 3, 2, 3, 20, 3, 3, 3, 10, 2, 2, 2, 50, 3, 2, 3, 100, 3, 3, 3, 50, 3, 2, 3, 2, 4, 0];
    mulF(r[1], z, z);
    for (let i = 0; i < 44; i += 4) {
      sqn(t, r[steps[i]], steps[i + 1]);
      mulF(r[steps[i + 2]], t, r[steps[i + 3]]);
    }
  }

  // Little-endian bytes (bit 255 ignored) to limbs.
  function unpack(o: Fe, b: Uint8Array): void {
    for (let i = 0, j; i < 15; i++) {
      j = (i * 17) >> 3;
      o[i] = ((b[j] | b[j + 1] << 8 | b[j + 2] << 16) >>> ((i * 17) & 7)) & 0x1ffff;
    }
  }

  // Carries limbs 0–13 up into [0, 2^17) and takes off and returns what limb 14 holds
  // above 17 bits. Limbs are int32, so carries are arithmetic shifts: floor division,
  // also for negative limbs.
  function carry(t: Fe): number {
    for (let i = 0; i < 14; i++) {
      t[i + 1] += t[i] >> 17;
      t[i] &= 0x1ffff;
    }
    const c = t[14] >> 17;
    t[14] &= 0x1ffff;
    return c;
  }

  // The canonical 32-byte little-endian encoding (value fully reduced below p).
  function pack(out: Uint8Array, a: Fe): void {
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

  function packed(a: Fe): Uint8Array {
    const b = new Uint8Array(32);
    pack(b, a);
    return b;
  }

  const isZero = (a: Fe) => packed(a).every((v) => v === 0);
  const isOdd = (a: Fe) => (packed(a)[0] & 1) === 1;

  // L = 2^252 + 27742317777372353535851937790883648493 in 16-bit limbs: the low 125 bits
  // l0, then 2^252 as 0x1000 in the top limb.
  const L16 = [0xd3ed, 0x5cf5, 0x631a, 0x5812, 0x9cd6, 0xa2f7, 0xf9de, 0x14de, 0, 0, 0, 0, 0, 0, 0, 0x1000];

  // S < L: RFC 8032's canonical-S rule.
  function lessThanL(s: Uint8Array): boolean {
    for (let i = 15, limb; i >= 0; i--) {
      limb = s[2 * i] | s[2 * i + 1] << 8;
      if (limb !== L16[i]) return limb < L16[i];
    }
    return false;
  }

  // A 64-byte little-endian number mod L, as 32 bytes. TweetNaCl's modL on 16-bit limbs
  // (a quarter of the interpreted steps): limb i ≥ 16 stands for y·2^(16(i−16))·2^256, and
  // 2^256 ≡ −16·l0 (mod L); then the top nibble is folded once more and L added back if
  // the result went negative.
  function reduceModL(h: Uint8Array): Uint8Array {
    const y = new Float64Array(33), r = new Uint8Array(32);
    let c, i, j;
    for (i = 0; i < 32; i++) y[i] = h[2 * i] | h[2 * i + 1] << 8;
    for (i = 31; i >= 16; i--) {
      c = 0;
      for (j = i - 16; j < i - 6; j++) {
        y[j] += c - 16 * y[i] * L16[j - (i - 16)];
        c = Math.floor((y[j] + 32768) / 65536);
        y[j] -= c * 65536;
      }
      y[j] += c;
      y[i] = 0;
    }
    c = 0;
    for (j = 0; j < 16; j++) {
      y[j] += c - (y[15] >> 12) * L16[j];
      c = y[j] >> 16;
      y[j] &= 65535;
    }
    for (j = 0; j < 16; j++) y[j] -= c * L16[j];
    for (i = 0; i < 16; i++) {
      y[i + 1] += y[i] >> 16;
      r[2 * i] = y[i] & 255;
      r[2 * i + 1] = (y[i] >> 8) & 255;
    }
    return r;
  }

  // Width-5 NAF digits of a scalar below 2^253: odd, in [−15, 15], at least four zeros
  // between non-zero ones. Window by window, so the interpreter runs ~100 steps, not 256·6.
  function slide(a: Uint8Array): Int8Array {
    const r = new Int8Array(256), b = new Uint8Array(34);
    b.set(a);
    let pos = 0, c = 0, w;
    while (pos < 256) {
      w = c + (((b[pos >> 3] | b[(pos >> 3) + 1] << 8) >> (pos & 7)) & 31);
      if (!(w & 1)) {
        pos++;
        continue;
      }
      c = w < 16 ? 0 : 1;
      r[pos] = w - 32 * c;
      pos += 5;
    }
    return r;
  }

  if (probe) return probe(mul, mulx, mulF, toX, pack, unpack, isZero, isOdd, pow22523, lessThanL, reduceModL, slide);

  // d, √−1 and the base point B = (x, 4/5) as 32-byte little-endian encodings, generated
  // from their definitions. In the flash image EspruinoTools' pretokeniser folds the
  // atob of a literal into the decoded bytes, so the device never decodes it.
  const encoded = atob('o3hZE8pN63Wr2EFBTQpwAJjoeXd5QMeMc/5vK+5sA1KwoA5KJxvuxHjkL60GGEMvp9f7PZkATSsL38FPgCSDKxrVJY9gLVbJsqcllWDHLGlc3Nb9MeKkwP5Tbs3TNmkhWGZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=');
  const constant = (i: number) => {
    const b = new Uint8Array(32), c = fe();
    for (let j = 0; j < 32; j++) b[j] = encoded.charCodeAt(32 * i + j);
    unpack(c, b);
    return c;
  };
  const D = constant(0), SQRTM1 = constant(1), D2X = feX(), one = fe();
  one[0] = 1;
  addSub(s1, D, D, 1);
  toX(D2X, s1);

  function point(): Point {
    const m = new Int32Array(150), v = (from: number, to: number) => m.subarray(from, to);
    return { m, x: v(0, 15), y: v(15, 30), z: v(30, 45), t: v(45, 60), xX: v(60, 90), yX: v(90, 120), zX: v(120, 150) };
  }

  function cached(): Cached {
    const m = new Int32Array(ENTRY), v = (from: number, to: number) => m.subarray(from, to);
    return { m, ypx: v(0, 30), ymx: v(30, 60), z2: v(60, 90), t2d: v(90, 120) };
  }

  function toCached(c: Cached, p: Point): void {
    addSub(s1, p.y, p.x, 1);
    toX(c.ypx, s1);
    addSub(s1, p.y, p.x, -1);
    toX(c.ymx, s1);
    addSub(s1, p.z, p.z, 1);
    toX(c.z2, s1);
    mul(s1, p.t, D2X);
    toX(c.t2d, s1);
  }

  function setAffine(p: Point, x: Fe, y: Fe): void {
    p.x.set(x);
    p.y.set(y);
    p.z.set(one);
    mulF(p.t, x, y);
    toX(p.xX, p.x);
    toX(p.yX, p.y);
    toX(p.zX, p.z);
  }

  // RFC 8032 §5.1.3, strict: rejects y ≥ p, y with no matching x, and x = 0 with sign 1.
  function decodePoint(p: Point, b: Uint8Array): boolean {
    const y = fe(), u = fe(), v = fe(), t = fe(), t2 = fe(), x = fe();
    unpack(y, b);
    const canonical = packed(y);
    canonical[31] |= b[31] & 0x80;
    if (!equalBytes(canonical, b)) return false;
    mulF(u, y, y);
    mulF(v, u, D);
    u[0] -= 1;
    v[0] += 1;
    mulF(t, v, v);
    mulF(t2, t, v); // v^3
    mulF(t, t2, t2);
    mulF(x, t, v); // v^7
    mulF(t, x, u); // u·v^7
    pow22523(x, t);
    mulF(t, x, t2);
    mulF(x, t, u); // u·v^3·(u·v^7)^((p−5)/8)
    mulF(t, x, x);
    mulF(t2, t, v); // v·x^2
    addSub(t, t2, u, -1);
    if (!isZero(t)) {
      addSub(t, t2, u, 1);
      if (!isZero(t)) return false;
      mulF(t, x, SQRTM1);
      x.set(t);
    }
    const sign = b[31] >> 7;
    if (sign === 1 && isZero(x)) return false;
    if ((isOdd(x) ? 1 : 0) !== sign) addSub(x, fe(), x, -1);
    setAffine(p, x, y);
    return true;
  }

  // Cached odd multiples p, 3p, …, 15p into table entries first … first + 7. u, v, c and
  // c2 are scratch (memory is scarcer than anything on a Pixl.js).
  function oddMultiples(first: number, p: Point, u: Point, v: Point): void {
    dbl(u, p, true);
    toCached(c2, u);
    let src = p, dst = u;
    for (let i = 0; i < 8; i++) {
      if (i > 0) {
        addCached(dst, src, c2, false, false);
        src = dst;
        dst = dst === u ? v : u;
      }
      toCached(c, src);
      table.set(c.m, (first + i) * ENTRY);
    }
  }

  // [8]a = 0, for the small-order check and the cofactored equation; p and q are scratch.
  function isSmallOrder(a: Point, p: Point, q: Point): boolean {
    dbl(p, a, false);
    dbl(q, p, false);
    dbl(p, q, false);
    addSub(s1, p.y, p.z, -1);
    return isZero(p.x) && isZero(s1);
  }

  function decodePublicKey(a: Point, p: Point, q: Point): boolean {
    let entry = keyCache.find((e) => equalBytes(e.key, publicKey));
    if (!entry) {
      if (!decodePoint(a, publicKey) || isSmallOrder(a, p, q)) return false;
      // Copies by constructor: Espruino's typed-array slice() returns a plain Array.
      entry = { key: new Uint8Array(publicKey), point: new Int32Array(a.m) };
    }
    a.m.set(entry.point);
    keyCache = [entry].concat(keyCache.filter((e) => e !== entry)).slice(0, 2);
    return true;
  }

  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const s = signature.subarray(32, 64);
  if (!lessThanL(s)) return false;
  const a = point();
  let p = point(), q = point(), t: Point;
  if (!decodePublicKey(a, p, q) || !decodePoint(q, signature.subarray(0, 32))) return false;
  // Entries 0–7: odd multiples of −A; 8–15: of B; 16: R (subtracted at the end).
  const table = new Int32Array(17 * ENTRY);
  const c = cached(), c2 = cached();
  toCached(c, q);
  table.set(c.m, 16 * ENTRY);

  const hashed = new Uint8Array(64 + message.length);
  hashed.set(signature.subarray(0, 32));
  hashed.set(publicKey, 32);
  hashed.set(message, 64);
  const ka = slide(reduceModL(sha512(hashed))), sb = slide(s);

  // Straus: [S]B + [k](−A), both scalars as width-5 NAF digits, then − R.
  addSub(a.x, fe(), a.x, -1);
  addSub(a.t, fe(), a.t, -1);
  toX(a.xX, a.x);
  oddMultiples(0, a, p, q);
  setAffine(a, constant(2), constant(3));
  oddMultiples(8, a, p, q);
  setAffine(p, fe(), one); // the identity
  // p += the table entry of digit e (odd, ±1 … ±15) counted from entry first.
  const addDigit = (e: number, first: number, withX: boolean) => {
    first = (first + ((e < 0 ? -e : e) >> 1)) * ENTRY;
    c.m.set(table.subarray(first, first + ENTRY));
    addCached(q, p, c, e < 0, withX);
    t = p; p = q; q = t;
  };
  let i = 255, e;
  while (i >= 0 && !ka[i] && !sb[i]) i--;
  for (; i >= 0; i--) {
    dbl(q, p, ka[i] !== 0 || sb[i] !== 0 || i === 0);
    t = p; p = q; q = t;
    if ((e = ka[i])) addDigit(e, 0, !sb[i]);
    if ((e = sb[i])) addDigit(e, 8, true);
  }
  addDigit(-1, 16, true);
  return isSmallOrder(p, q, a);
}
