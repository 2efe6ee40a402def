import type { Crypto } from '../../protocol/crypto/port';

// HMAC-SHA256 under the terminal's fixed key with the padded key blocks computed once
// (at enrolment or boot): a MAC then costs two native hash calls and two block copies
// instead of a 64-step interpreted loop per sale. Same bytes as protocol/crypto/hmac.ts
// (tests/firmware/mac.test.ts checks it). Plain functions over one 160-byte array
// (key ^ 0x36 ‖ key ^ 0x5c ‖ room for the inner hash): no object to keep resident.
export function keyBlocks(crypto: Crypto, key: Uint8Array): Uint8Array {
  const k = key.length > 64 ? crypto.sha256(key) : key;
  const b = new Uint8Array(160).fill(0x36, 0, 64).fill(0x5c, 64);
  for (let i = 0; i < k.length; i++) {
    b[i] ^= k[i];
    b[i + 64] ^= k[i];
  }
  return b;
}

export function keyedMac(crypto: Crypto, blocks: Uint8Array, message: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64 + message.length);
  buf.set(blocks.subarray(0, 64));
  buf.set(message, 64);
  const outer = blocks.subarray(64);
  outer.set(crypto.sha256(buf), 64);
  return crypto.sha256(outer);
}
