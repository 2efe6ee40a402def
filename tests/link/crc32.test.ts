import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../protocol/link/crc32';
import { Prng } from '../../hal/sim/prng';

describe('CRC-32 (link frames and journal entries) for hosts and boards without E.CRC32', () => {
  it('matches the IEEE check value and zlib on random inputs', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const rng = new Prng(7);
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(rng.int(300)).map(() => rng.int(256));
      expect(crc32(b)).toBe(zlibCrc32(b) >>> 0);
    }
  });
});
