import { describe, expect, it } from 'vitest';
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { sha2 } from '../../protocol/crypto/sha2';
import { seededRandom } from '../../protocol/crypto/host';

// The portable hashes against @noble/hashes on every length 0..300 (so every padding
// case around the 64- and 128-byte block boundaries) with seeded random contents.
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const sha256 = (d: Uint8Array) => sha2(d, false);
const sha512 = (d: Uint8Array) => sha2(d, true);

describe('portable SHA-256 and SHA-512', () => {
  const random = seededRandom('kerb sha test');
  const inputs = Array.from({ length: 301 }, (_, n) => random(n));

  it('SHA-256 equals @noble/hashes for lengths 0..300', () => {
    const wrong = inputs.filter((d) => hexOf(sha256(d)) !== hexOf(nobleSha256(d))).map((d) => d.length);
    expect(wrong).toEqual([]);
  });

  it('SHA-512 equals @noble/hashes for lengths 0..300', () => {
    const wrong = inputs.filter((d) => hexOf(sha512(d)) !== hexOf(nobleSha512(d))).map((d) => d.length);
    expect(wrong).toEqual([]);
  });

  it('known answers (FIPS 180-4 "abc")', () => {
    const abc = new Uint8Array([0x61, 0x62, 0x63]);
    expect(hexOf(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hexOf(sha512(abc))).toBe('ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f');
  });

  it('does not modify its input', () => {
    const d = inputs[200].slice();
    sha256(d);
    sha512(d);
    expect(hexOf(d)).toBe(hexOf(inputs[200]));
  });
});
