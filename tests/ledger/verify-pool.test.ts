import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { VerifyPool, type VerifyItem } from '../../ledger/verify-pool';
import { hostCrypto } from '../../protocol/crypto/host';
import { fromHex } from '../../protocol/bytes';

// The ledger's bulk verifier (OpenSSL in worker threads plus strict pre-checks) must
// agree with the strict reference verifier the terminal's rules are defined by.
const wycheproof = JSON.parse(readFileSync('/work/shared/vectors/wycheproof-ed25519_test.json', 'utf8')) as {
  testGroups: { publicKey: { pk: string }; tests: { tcId: number; msg: string; sig: string; result: string }[] }[];
};

describe('ledger verify pool', () => {
  const pool = new VerifyPool(2);
  afterAll(() => pool.close());

  it('agrees with Wycheproof and with the strict reference on every vector', async () => {
    const items: (VerifyItem & { expected: boolean; id: number })[] = [];
    for (const g of wycheproof.testGroups) {
      for (const t of g.tests) {
        const sig = fromHex(t.sig);
        if (sig.length !== 64) continue; // wrong-length signatures never reach the pool
        items.push({ publicKey: fromHex(g.publicKey.pk), message: fromHex(t.msg), signature: sig, expected: t.result === 'valid', id: t.tcId });
      }
    }
    expect(items.length).toBeGreaterThan(100);
    const got = await pool.verify(items);
    const mismatches = items.filter((it, i) => got[i] !== it.expected || got[i] !== hostCrypto.verify(it.signature, it.message, it.publicKey)).map((it) => it.id);
    expect(mismatches).toEqual([]);
  });

  it('refuses non-canonical S, non-canonical R and small-order keys that OpenSSL alone might take', async () => {
    const seed = new Uint8Array(32).fill(7);
    const pub = hostCrypto.publicKey(seed);
    const msg = new Uint8Array([1, 2, 3]);
    const sig = hostCrypto.sign(msg, seed);
    const L = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
    const sPlusL = sig.slice();
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const v = sig[32 + i] + L[i] + carry;
      sPlusL[32 + i] = v & 0xff;
      carry = v >> 8;
    }
    const identity = fromHex('0100000000000000000000000000000000000000000000000000000000000000');
    const got = await pool.verify([
      { publicKey: pub, message: msg, signature: sig },
      { publicKey: pub, message: msg, signature: sPlusL },
      { publicKey: identity, message: msg, signature: sig },
    ]);
    expect(got).toEqual([true, false, false]);
  });
});

describe('ledger record tag', () => {
  it('computes the same tag as the protocol code', async () => {
    const { recordTag } = await import('../../protocol/auth');
    const { recordTagFast } = await import('../../ledger/messages');
    for (let i = 0; i < 50; i++) {
      const key = hostCrypto.random(32);
      const prev = hostCrypto.random(16);
      const body = hostCrypto.random(100 + i);
      expect(Buffer.from(recordTagFast(key, 1 + i * 77777, 4294967295 - i, prev, body)).toString('hex'))
        .toBe(Buffer.from(recordTag(hostCrypto, key, 1 + i * 77777, 4294967295 - i, prev, body)).toString('hex'));
    }
  });
});
