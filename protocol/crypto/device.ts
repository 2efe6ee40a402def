import type { Crypto } from './port';
import { ed25519Verify, type DotProduct } from './ed25519';
import { sha2 } from './sha2';

// The device implementation of the Crypto port: portable JS (no BigInt) that runs in
// Espruino, taking whatever native help the board's HAL passes in. The HAL wraps
// Espruino's require("crypto").SHA256/SHA512 (they return ArrayBuffers) and passes
// E.convolve as dotProduct; protocol/ itself never touches an Espruino global.
export interface DeviceCryptoOptions {
  sha256?: (data: Uint8Array) => Uint8Array;
  sha512?: (data: Uint8Array) => Uint8Array;
  // E.convolve(a, b, offset) = Σ a[i]·b[(i + offset) % b.length]: makes a field
  // multiplication 15 native calls instead of 225 interpreted multiply-adds. Pass
  // E.convolve itself: a JS wrapper adds an interpreted call to each of ~49,000 calls
  // per verification (≈ +30%).
  dotProduct?: DotProduct;
  random: (n: number) => Uint8Array;
}

export function createDeviceCrypto(options: DeviceCryptoOptions): Crypto {
  // Without a native one (Node, tests): the same sum, for the offsets used, which never wrap.
  const dot = options.dotProduct ?? ((a, b, offset) => {
    let s = 0;
    for (let i = 0; i < 15; i++) s += a[i] * b[i + offset];
    return s;
  });
  const sha512 = options.sha512 ?? ((d) => sha2(d, true));
  const sha256 = options.sha256 ?? ((d) => sha2(d, false));
  // The portable SHA-256 makes its constants on first use: at boot, not in the first sale.
  if (!options.sha256) sha256(new Uint8Array(0));
  return {
    sha256,
    sha512,
    verify: (signature, message, publicKey) => ed25519Verify(sha512, dot, signature, message, publicKey),
    random: options.random,
  };
}
