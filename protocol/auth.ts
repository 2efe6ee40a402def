import type { Crypto } from './crypto/port';
import { hmacSha256 } from './crypto/hmac';
import { Writer, equalBytes } from './bytes';
import { TAG_BYTES } from './messages/record';

// The terminal authenticates what it stores and what the ledger sends it with
// HMAC-SHA256 under the 32-byte key it shares with the ledger (SPEC.md §6.2). A MAC
// costs two hash calls; a terminal signature would cost a scalar multiplication per
// sale, which the device cannot afford on top of the wallet signature it verifies.

// The tag of the first record after enrolment links to this.
export const GENESIS_TAG = new Uint8Array(TAG_BYTES);

export function tag16(crypto: Crypto, key: Uint8Array, input: Uint8Array): Uint8Array {
  return hmacSha256(crypto, key, input).subarray(0, TAG_BYTES);
}

// record tag = HMAC(K, terminalId ‖ merchantId ‖ previous tag ‖ record body)[0..16]
export function recordTag(crypto: Crypto, key: Uint8Array, terminalId: number, merchantId: number, prevTag: Uint8Array, body: Uint8Array): Uint8Array {
  const w = new Writer(8 + TAG_BYTES + body.length);
  w.u32(terminalId);
  w.u32(merchantId);
  w.put(prevTag);
  w.put(body);
  return tag16(crypto, key, w.bytes);
}

export function checkTag(crypto: Crypto, key: Uint8Array, input: Uint8Array, tag: Uint8Array): boolean {
  return equalBytes(tag16(crypto, key, input), tag);
}
