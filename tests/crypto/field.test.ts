import { describe, expect, it } from 'vitest';
import { fe, feX, isOdd, isZero, mul, mulF, mulx, pack, pow22523, sub, toX, unpack } from './internals';
import { seededRandom } from '../../protocol/crypto/host';

// Field arithmetic mod p = 2^255 − 19 (JS dot product) against BigInt, including signed
// and unreduced limbs and the values around p where encodings go wrong.
const P = 2n ** 255n - 19n;
const mod = (v: bigint) => ((v % P) + P) % P;
const value = (a: Int32Array) => { let v = 0n; for (let i = 14; i >= 0; i--) v = v * 131072n + BigInt(a[i]); return v; };
const limbs = (v: bigint) => { const o = fe(); for (let i = 0; i < 15; i++) { o[i] = Number(v & 0x1ffffn); v >>= 17n; } return o; };
const bytesValue = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

describe('field25519', () => {
  const random = seededRandom('kerb field test');
  const element = () => mod(bytesValue(random(40)));

  it('products (mul, mulx, mulF) equal BigInt, with X forms that match toX', () => {
    for (let n = 0; n < 300; n++) {
      const a = element(), b = element();
      const fa = limbs(a), fb = limbs(b), bx = feX(), o = fe(), o2 = fe(), ox = feX(), check = feX();
      toX(bx, fb);
      mul(o, fa, bx);
      mulx(o2, ox, fa, bx);
      toX(check, o2);
      expect(mod(value(o))).toBe(a * b % P);
      expect(mod(value(o2))).toBe(a * b % P);
      expect(Array.from(ox.subarray(0, 29))).toEqual(Array.from(check.subarray(0, 29)));
    }
  });

  it('signed limbs from subtraction multiply correctly', () => {
    for (let n = 0; n < 200; n++) {
      const a = element(), b = element(), d = fe(), o = fe();
      sub(d, limbs(a), limbs(b));
      mulF(o, d, d);
      expect(mod(value(o))).toBe(mod((a - b) * (a - b)));
    }
  });

  it('pack gives the canonical encoding around p and for signed limbs; unpack inverts it', () => {
    const edge = [0n, 1n, 18n, 19n, P - 1n, P, P + 1n, P + 18n, 2n ** 255n - 1n, 2n ** 254n];
    const cases = [...edge.map(limbs), ...Array.from({ length: 200 }, () => { const d = fe(); sub(d, limbs(element()), limbs(element())); return d; })];
    for (const c of cases) {
      const out = new Uint8Array(32);
      pack(out, c);
      expect(bytesValue(out)).toBe(mod(value(c)));
      const back = fe();
      unpack(back, out);
      expect(value(back)).toBe(mod(value(c)));
    }
    expect(isZero(limbs(P))).toBe(true);
    expect(isZero(limbs(P + 1n))).toBe(false);
    expect(isOdd(limbs(P + 1n))).toBe(true);
    expect(isOdd(limbs(P - 1n))).toBe(false);
  });

  it('pow22523 is z^(2^252 − 3)', () => {
    const pow = (b: bigint, e: bigint) => { let r = 1n; while (e) { if (e & 1n) r = r * b % P; b = b * b % P; e >>= 1n; } return r; };
    for (let n = 0; n < 5; n++) {
      const z = element(), o = fe();
      pow22523(o, limbs(z));
      expect(mod(value(o))).toBe(pow(z, 2n ** 252n - 3n));
    }
  });
});
