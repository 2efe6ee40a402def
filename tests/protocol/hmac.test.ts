import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { hmacSha256 } from '../../protocol/crypto/hmac';
import { hostCrypto } from '../../protocol/crypto/host';
import { toHex } from '../../protocol/bytes';

describe('HMAC-SHA256 over the Crypto port', () => {
  it('matches node:crypto for keys shorter and longer than a block and any message', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 300 }), (key, msg) => {
      expect(toHex(hmacSha256(hostCrypto, key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    }), { seed: 7, numRuns: 500 });
  });

  it('matches RFC 4231 test case 2', () => {
    const key = new TextEncoder().encode('Jefe');
    const msg = new TextEncoder().encode('what do ya want for nothing?');
    expect(toHex(hmacSha256(hostCrypto, key, msg))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
