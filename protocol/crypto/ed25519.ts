import { equalBytes } from '../bytes';
import { fromBase64 } from './base64';
import { lessThanL, reduceModL, slide } from './scalar25519';
import { add, fe, feX, isOdd, isZero, mul, mulF, mulx, neg, pack, pow22523, sub, toX, unpack } from './field25519';

// Ed25519 verification (RFC 8032 §5.1.7) without BigInt, for the device. It decides
// exactly as @noble/ed25519 with { zip215: false } (host.ts), which the differential test
// checks: S < L; A and R canonical (y < p, no x = 0 with the sign bit set) and on the
// curve; small-order A rejected; cofactored equation [8]([S]B − [k]A − R) = 0.

// d, √−1 and the base point B = (x, 4/5) as 32-byte little-endian encodings, generated
// from their definitions.
const ENCODED = fromBase64('o3hZE8pN63Wr2EFBTQpwAJjoeXd5QMeMc/5vK+5sA1KwoA5KJxvuxHjkL60GGEMvp9f7PZkATSsL38FPgCSDKxrVJY9gLVbJsqcllWDHLGlc3Nb9MeKkwP5Tbs3TNmkhWGZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY=');

function constant(i: number): Int32Array {
  const c = fe();
  unpack(c, ENCODED.subarray(32 * i));
  return c;
}

const D = constant(0), SQRTM1 = constant(1), BX = constant(2), BY = constant(3);

// Extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z, in F form, plus the X forms
// of X, Y and Z that the next doubling multiplies by. Views into one array: Espruino
// stores a large typed array flat, several small ones at a few times the memory.
class Point {
  m: Int32Array; x: Int32Array; y: Int32Array; z: Int32Array; t: Int32Array;
  xX: Int32Array; yX: Int32Array; zX: Int32Array;
  constructor() {
    const m = this.m = new Int32Array(150);
    this.x = m.subarray(0, 15); this.y = m.subarray(15, 30); this.z = m.subarray(30, 45); this.t = m.subarray(45, 60);
    this.xX = m.subarray(60, 90); this.yX = m.subarray(90, 120); this.zX = m.subarray(120, 150);
  }
}

// A point prepared as an addend (all X forms): Y+X, Y−X, 2Z, 2d·T, as views into m so
// that one `set` moves it in or out of a table.
const ENTRY = 120;
class Cached {
  m: Int32Array; ypx: Int32Array; ymx: Int32Array; z2: Int32Array; t2d: Int32Array;
  constructor() {
    const m = this.m = new Int32Array(ENTRY);
    this.ypx = m.subarray(0, 30); this.ymx = m.subarray(30, 60); this.z2 = m.subarray(60, 90); this.t2d = m.subarray(90, 120);
  }
}

// Scratch for the point formulas (they never nest).
const s1 = fe(), s2 = fe(), s3 = fe(), s4 = fe(), ex = fe(), gz = fe(), ht = fe();
const fX = feX(), gX = feX(), hX = feX();

// The linear steps of both formulas, one pass over the limbs (each interpreted statement
// costs; see field25519.ts): from A = s1, B = s2, C = s3, D = s4 and the sign of C,
//   E = A − B (F form), G = A + B (F form, X form when withT), H = D + C (F, X form),
//   F = D − C (X form); with C negated when negate.
function combine(negate: boolean, withT: boolean): void {
  let a, b, c, d, i, f, g, h;
  for (i = 0; i < 15; i++) {
    a = s1[i]; b = s2[i]; d = s4[i];
    c = negate ? -s3[i] : s3[i];
    ex[i] = a - b;
    g = gz[i] = a + b;
    if (withT) gX[29 - i] = 19 * (gX[14 - i] = g);
    h = ht[i] = d + c;
    hX[29 - i] = 19 * (hX[14 - i] = h);
    f = d - c;
    fX[29 - i] = 19 * (fX[14 - i] = f);
  }
}

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

// The linear steps of the doubling: from XX = s1, YY = s2, ZZ = s3, XY = s4, ref10's
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
  combine(negate, true);
  complete(r, true, withX);
}

const D2X = feX();
add(s1, D, D);
toX(D2X, s1);

function toCached(c: Cached, p: Point): void {
  add(s1, p.y, p.x);
  toX(c.ypx, s1);
  sub(s1, p.y, p.x);
  toX(c.ymx, s1);
  add(s1, p.z, p.z);
  toX(c.z2, s1);
  mul(s1, p.t, D2X);
  toX(c.t2d, s1);
}

function setAffine(p: Point, x: Int32Array, y: Int32Array): void {
  p.x.set(x);
  p.y.set(y);
  p.z.fill(0);
  p.z[0] = 1;
  mulF(p.t, x, y);
  toX(p.xX, p.x);
  toX(p.yX, p.y);
  toX(p.zX, p.z);
}

function setIdentity(p: Point): void {
  p.x.fill(0);
  p.y.fill(0);
  p.y[0] = 1;
  setAffine(p, p.x, p.y);
}

function isIdentity(p: Point): boolean {
  sub(s1, p.y, p.z);
  return isZero(p.x) && isZero(s1);
}

// RFC 8032 §5.1.3, strict: rejects y ≥ p, y with no matching x, and x = 0 with sign 1.
function decodePoint(p: Point, b: Uint8Array): boolean {
  const y = fe(), u = fe(), v = fe(), t = fe(), t2 = fe(), x = fe();
  unpack(y, b);
  const canonical = new Uint8Array(32);
  pack(canonical, y);
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
  sub(t, t2, u);
  if (!isZero(t)) {
    add(t, t2, u);
    if (!isZero(t)) return false;
    mulF(t, x, SQRTM1);
    x.set(t);
  }
  const sign = b[31] >> 7;
  if (sign === 1 && isZero(x)) return false;
  if ((isOdd(x) ? 1 : 0) !== sign) neg(x, x);
  setAffine(p, x, y);
  return true;
}

function load(c: Cached, table: Int32Array, entry: number): void {
  c.m.set(table.subarray(entry * ENTRY, entry * ENTRY + ENTRY));
}

// Cached odd multiples p, 3p, …, 15p into table entries first … first + 7. u, v, c and
// c2 are the caller's scratch (memory is scarcer than anything on a Pixl.js).
function oddMultiples(table: Int32Array, first: number, p: Point, u: Point, v: Point, c: Cached, c2: Cached): void {
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

// The last two public keys that decoded to a point of large order: a terminal checks the
// same issuer key sale after sale, and decoding (a square root) is ~7% of a verification.
const KEY_CACHE_SIZE = 2;
const keyCache: Array<{ key: Uint8Array; point: Int32Array }> = [];

// [8]a = 0, for the small-order check and the cofactored equation; p and q are scratch.
function isSmallOrder(a: Point, p: Point, q: Point): boolean {
  dbl(p, a, false);
  dbl(q, p, false);
  dbl(p, q, false);
  return isIdentity(p);
}

function decodePublicKey(a: Point, publicKey: Uint8Array, p: Point, q: Point): boolean {
  for (let i = 0; i < keyCache.length; i++) {
    const entry = keyCache[i];
    if (equalBytes(entry.key, publicKey)) {
      a.m.set(entry.point);
      keyCache.unshift(keyCache.splice(i, 1)[0]);
      return true;
    }
  }
  if (!decodePoint(a, publicKey) || isSmallOrder(a, p, q)) return false;
  // Copies by constructor: Espruino's typed-array slice() returns a plain Array.
  keyCache.unshift({ key: new Uint8Array(publicKey), point: new Int32Array(a.m) });
  if (keyCache.length > KEY_CACHE_SIZE) keyCache.pop();
  return true;
}

export function ed25519Verify(sha512: (d: Uint8Array) => Uint8Array, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const s = signature.subarray(32, 64);
  if (!lessThanL(s)) return false;
  const a = new Point();
  let p = new Point(), q = new Point(), t: Point;
  if (!decodePublicKey(a, publicKey, p, q) || !decodePoint(q, signature.subarray(0, 32))) return false;
  // Entries 0–7: odd multiples of −A; 8–15: of B; 16: R (subtracted at the end).
  const table = new Int32Array(17 * ENTRY);
  const c = new Cached(), c2 = new Cached();
  toCached(c, q);
  table.set(c.m, 16 * ENTRY);

  const hashed = new Uint8Array(64 + message.length);
  hashed.set(signature.subarray(0, 32));
  hashed.set(publicKey, 32);
  hashed.set(message, 64);
  const ka = slide(reduceModL(sha512(hashed))), sb = slide(s);

  // Straus: [S]B + [k](−A), both scalars as width-5 NAF digits, then − R.
  neg(a.x, a.x);
  neg(a.t, a.t);
  toX(a.xX, a.x);
  oddMultiples(table, 0, a, p, q, c, c2);
  setAffine(a, BX, BY);
  oddMultiples(table, 8, a, p, q, c, c2);
  setIdentity(p);
  // p += the table entry of digit e (odd, ±1 … ±15) counted from entry first.
  const addDigit = (e: number, first: number, withX: boolean) => {
    load(c, table, first + ((e < 0 ? -e : e) >> 1));
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
