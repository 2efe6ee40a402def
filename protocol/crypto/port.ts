// The Crypto port: the protocol's only way to hash, verify and draw randomness. The
// caller passes an implementation in (host: crypto/host.ts; device: crypto/device.ts).
// verify is strict RFC 8032 (canonical S < L, canonical point encodings; SPEC.md §11).
export interface Crypto {
  sha256(data: Uint8Array): Uint8Array;
  sha512(data: Uint8Array): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  random(n: number): Uint8Array;
}

// Host-only extension: the wallet kit, the issuer and tests sign.
export interface SigningCrypto extends Crypto {
  sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
  publicKey(seed: Uint8Array): Uint8Array;
}
