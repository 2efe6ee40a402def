import { describe, expect, it } from 'vitest';
import { KeyedMac } from '../../firmware/terminal/mac';
import { recordTag } from '../../protocol/auth';
import { hmacSha256 } from '../../protocol/crypto/hmac';
import { seededCrypto } from '../../protocol/crypto/host';
import { equalBytes } from '../../protocol/bytes';

describe('KeyedMac (HMAC-SHA256 with precomputed key blocks)', () => {
  const c = seededCrypto('mac');
  it('gives the same bytes as protocol/auth recordTag and hmacSha256, for any key length', () => {
    for (const keyLen of [0, 16, 32, 64, 65, 100]) {
      const key = c.random(keyLen);
      const m = new KeyedMac(c, key);
      for (const len of [0, 1, 55, 64, 153]) {
        const msg = c.random(len);
        expect(equalBytes(m.mac(msg), hmacSha256(c, key, msg)), `key ${keyLen} msg ${len}`).toBe(true);
      }
      const prev = c.random(16);
      const body = c.random(137);
      expect(equalBytes(m.recordTag(7, 8, prev, body), recordTag(c, key, 7, 8, prev, body))).toBe(true);
      expect(equalBytes(m.recordTag(7, 9, prev, body), recordTag(c, key, 7, 8, prev, body))).toBe(false);
    }
  });
});
