import { describe, expect, it } from 'vitest';
import { IMPLEMENTATIONS, wycheproofEd25519 } from './implementations';

// Project Wycheproof's Ed25519 vectors (protocol/vectors/wycheproof, Apache-2.0): the bar
// for strict verification (DESIGN.md §3.4) — both implementations must get all of them.
const { declared, cases } = wycheproofEd25519();

describe('Wycheproof Ed25519', () => {
  it('has all 151 vectors, valid and invalid ones', () => {
    expect(declared).toBe(151);
    expect(cases).toHaveLength(151);
    expect(cases.filter((c) => c.valid).length).toBeGreaterThan(0);
    expect(cases.filter((c) => !c.valid).length).toBeGreaterThan(0);
  });

  for (const [name, crypto] of IMPLEMENTATIONS) {
    it(`${name}: 151/151 decided as Wycheproof says`, () => {
      const wrong = cases
        .filter((c) => crypto.verify(c.signature, c.message, c.publicKey) !== c.valid)
        .map((c) => `tcId ${c.tcId} (${c.comment || c.flags.join(',')}): expected ${c.valid ? 'valid' : 'invalid'}`);
      expect(wrong).toEqual([]);
    });
  }
});
