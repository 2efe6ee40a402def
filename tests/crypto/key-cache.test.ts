import { describe, expect, it } from 'vitest';
import { hostCrypto, seededRandom } from '../../protocol/crypto/host';
import { deviceCrypto, hex } from './implementations';

// The device verifier remembers the last two decoded public keys. Interleaved keys,
// keys changed in place after a verification and small-order keys must all still be
// decided exactly as the host decides.
describe('device verifier public-key cache', () => {
  const random = seededRandom('kerb key cache');
  const keys = [0, 1, 2].map(() => random(32));
  const signed = keys.map((seed) => {
    const message = random(40);
    return { publicKey: hostCrypto.publicKey(seed), message, signature: hostCrypto.sign(message, seed) };
  });

  it('interleaved keys (A, B, A, C, B, A) verify, and each rejects the others\' signatures', () => {
    for (const i of [0, 1, 0, 2, 1, 0]) {
      const s = signed[i];
      expect(deviceCrypto.verify(s.signature, s.message, s.publicKey)).toBe(true);
      const other = signed[(i + 1) % 3];
      expect(deviceCrypto.verify(other.signature, other.message, s.publicKey)).toBe(false);
    }
  });

  it('a key buffer rewritten in place after a verification is read afresh', () => {
    const key = signed[0].publicKey.slice();
    expect(deviceCrypto.verify(signed[0].signature, signed[0].message, key)).toBe(true);
    key.set(signed[1].publicKey);
    expect(deviceCrypto.verify(signed[0].signature, signed[0].message, key)).toBe(false);
    expect(deviceCrypto.verify(signed[1].signature, signed[1].message, key)).toBe(true);
  });

  it('a small-order key is rejected every time, also right after a cached key', () => {
    const smallOrder = hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
    const forged = new Uint8Array(64);
    forged.set(smallOrder);
    for (let n = 0; n < 3; n++) {
      expect(deviceCrypto.verify(signed[0].signature, signed[0].message, signed[0].publicKey)).toBe(true);
      expect(deviceCrypto.verify(forged, new Uint8Array(0), smallOrder)).toBe(false);
      expect(hostCrypto.verify(forged, new Uint8Array(0), smallOrder)).toBe(false);
    }
  });
});
