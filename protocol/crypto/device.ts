import type { Crypto } from './port';
import { ed25519Verify } from './ed25519';
import { setDotProduct, type DotProduct } from './field25519';
import { sha256 as sha256Js } from './sha256';
import { sha512 as sha512Js } from './sha512';

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
  setDotProduct(options.dotProduct);
  const sha256 = options.sha256 ?? sha256Js;
  const sha512 = options.sha512 ?? sha512Js;
  return {
    sha256,
    sha512,
    verify: (signature, message, publicKey) => ed25519Verify(sha512, signature, message, publicKey),
    random: options.random,
  };
}
