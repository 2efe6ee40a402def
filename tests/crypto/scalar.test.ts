import { describe, expect, it } from 'vitest';
import { lessThanL, reduceModL, slide } from './internals';
import { seededRandom } from '../../protocol/crypto/host';

// The device's scalar arithmetic against BigInt on random and extreme inputs.
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const toNumberLE = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const toBytesLE = (n: bigint, len: number) => Uint8Array.from({ length: len }, (_, i) => Number((n >> BigInt(8 * i)) & 255n));

describe('scalars mod L', () => {
  const random = seededRandom('kerb scalar test');
  const wide = [new Uint8Array(64), new Uint8Array(64).fill(255), toBytesLE(L, 64), toBytesLE(L - 1n, 64), toBytesLE(L * 16n - 1n, 64),
    toBytesLE(2n ** 256n - 1n, 64), toBytesLE((2n ** 512n - 1n) / L * L, 64), ...Array.from({ length: 2000 }, () => random(64))];

  it('reduceModL equals BigInt mod L', () => {
    const wrong = wide.filter((h) => toNumberLE(reduceModL(h)) !== toNumberLE(h) % L);
    expect(wrong).toEqual([]);
  });

  it('lessThanL is S < L at and around the bound', () => {
    for (const s of [0n, 1n, L - 1n, L, L + 1n, 2n ** 253n, 2n ** 256n - 1n, L - 2n ** 200n, L + 2n ** 120n]) {
      expect(lessThanL(toBytesLE(s, 32)), String(s)).toBe(s < L);
    }
  });

  it('slide gives odd digits in [-15, 15] that sum back to the scalar', () => {
    const scalars = [0n, 1n, L - 1n, 2n ** 253n - 1n, ...Array.from({ length: 500 }, () => toNumberLE(random(32)) % L)];
    for (const k of scalars) {
      const digits = slide(toBytesLE(k, 32));
      let sum = 0n;
      digits.forEach((d, i) => {
        if (d !== 0) expect(Math.abs(d) % 2 === 1 && Math.abs(d) <= 15).toBe(true);
        sum += BigInt(d) << BigInt(i);
      });
      expect(sum).toBe(k);
    }
  });
});
