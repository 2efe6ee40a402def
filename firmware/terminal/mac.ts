import type { Crypto } from '../../protocol/crypto/port';
import { TAG_BYTES } from '../../protocol/messages/record';

// HMAC-SHA256 under the terminal's fixed key with the padded key blocks computed once
// (at enrolment or boot): a tag then costs two native hash calls and two block copies
// instead of a 64-step interpreted loop per sale. Same bytes as protocol/auth.ts
// recordTag (tests/firmware/mac.test.ts checks it).
export class KeyedMac {
  crypto: Crypto;
  inner: Uint8Array; // key ^ 0x36, 64 bytes
  outer: Uint8Array; // (key ^ 0x5c) ‖ room for the inner hash

  constructor(crypto: Crypto, key: Uint8Array) {
    this.crypto = crypto;
    const k = key.length > 64 ? crypto.sha256(key) : key;
    this.inner = new Uint8Array(64).fill(0x36);
    this.outer = new Uint8Array(96).fill(0x5c);
    for (let i = 0; i < k.length; i++) {
      this.inner[i] ^= k[i];
      this.outer[i] ^= k[i];
    }
  }

  mac(message: Uint8Array): Uint8Array {
    const buf = new Uint8Array(64 + message.length);
    buf.set(this.inner);
    buf.set(message, 64);
    this.outer.set(this.crypto.sha256(buf), 64);
    return this.crypto.sha256(this.outer);
  }

  // record tag = HMAC(K, terminalId ‖ merchantId ‖ previous tag ‖ record body)[0..16]
  recordTag(terminalId: number, merchantId: number, prevTag: Uint8Array, body: Uint8Array): Uint8Array {
    const m = new Uint8Array(8 + TAG_BYTES + body.length);
    const v = new DataView(m.buffer);
    v.setUint32(0, terminalId, true);
    v.setUint32(4, merchantId, true);
    m.set(prevTag, 8);
    m.set(body, 8 + TAG_BYTES);
    return this.mac(m).subarray(0, TAG_BYTES);
  }
}
