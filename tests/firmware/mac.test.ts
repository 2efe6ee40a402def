import { describe, expect, it } from 'vitest';
import { keyBlocks, keyedMac } from '../../firmware/terminal/mac';
import { hmacSha256 } from '../../protocol/crypto/hmac';
import { seededCrypto } from '../../protocol/crypto/host';
import { equalBytes } from '../../protocol/bytes';

describe('keyedMac (HMAC-SHA256 with precomputed key blocks)', () => {
  const c = seededCrypto('mac');
  it('gives the same bytes as hmacSha256, for any key length, with the blocks reused', () => {
    for (const keyLen of [0, 16, 32, 64, 65, 100]) {
      const key = c.random(keyLen);
      const blocks = keyBlocks(c, key);
      for (const len of [0, 1, 55, 64, 153]) {
        const msg = c.random(len);
        expect(equalBytes(keyedMac(c, blocks, msg), hmacSha256(c, key, msg)), `key ${keyLen} msg ${len}`).toBe(true);
      }
      expect(equalBytes(keyedMac(c, blocks, c.random(8)), hmacSha256(c, c.random(32), c.random(8)))).toBe(false);
    }
  });
});
