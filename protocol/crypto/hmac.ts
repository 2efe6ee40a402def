import type { Crypto } from './port';

// HMAC-SHA256 (RFC 2104) over the port's sha256, so that boards with a native SHA-256
// get a native HMAC for the price of two extra block copies.
export function hmacSha256(crypto: Crypto, key: Uint8Array, message: Uint8Array): Uint8Array {
  let k = key;
  if (k.length > 64) k = crypto.sha256(k);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(96);
  for (let i = 0; i < 64; i++) {
    const b = i < k.length ? k[i] : 0;
    inner[i] = b ^ 0x36;
    outer[i] = b ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(crypto.sha256(inner), 64);
  return crypto.sha256(outer);
}
