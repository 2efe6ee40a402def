import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import type { SigningCrypto } from './port';

// Host implementation of the Crypto port (Node only; never bundled for the device).
// zip215: false makes @noble/ed25519 verify per RFC 8032 strictly: non-canonical
// point encodings and S ≥ L are rejected, as the device implementation does.
ed.hashes.sha512 = sha512;

export const hostCrypto: SigningCrypto = {
  sha256: (data) => sha256(data),
  sha512: (data) => sha512(data),
  verify: (signature, message, publicKey) => {
    try {
      return ed.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  random: (n) => new Uint8Array(randomBytes(n)),
  sign: (message, seed) => ed.sign(message, seed),
  publicKey: (seed) => ed.getPublicKey(seed),
};

// Deterministic randomness for vectors and reproducible simulations: SHA-256 in
// counter mode over a seed. Not for keys that guard real money.
export function seededRandom(seed: string | Uint8Array): (n: number) => Uint8Array {
  const base = typeof seed === 'string' ? new TextEncoder().encode(seed) : seed;
  let counter = 0;
  let pool = new Uint8Array(0);
  return (n: number) => {
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      if (pool.length === 0) {
        const input = new Uint8Array(base.length + 4);
        input.set(base);
        new DataView(input.buffer).setUint32(base.length, counter++, true);
        pool = sha256(input);
      }
      const k = Math.min(pool.length, n - o);
      out.set(pool.subarray(0, k), o);
      pool = pool.subarray(k);
      o += k;
    }
    return out;
  };
}

export function seededCrypto(seed: string | Uint8Array): SigningCrypto {
  return { ...hostCrypto, random: seededRandom(seed) };
}
