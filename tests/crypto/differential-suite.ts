import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS, runDifferential, type Outcome } from './differential';

// The ≥ 5,000-signature differential run, defined once and run in two halves (two test
// files, so vitest runs them in parallel); each half's seed makes every run the same.
export function differentialSuite(part: string, seed: string, validSignatures: number): void {
  describe(`Ed25519 host vs device differential (${part})`, () => {
    let outcomes: Outcome[] = [];
    beforeAll(() => {
      outcomes = runDifferential(seed, validSignatures);
    }, 180_000);

    it('host and device agree on every valid and mutated signature', () => {
      const disagreements = outcomes.filter((o) => o.host !== o.device);
      expect(outcomes.length).toBe(2 * validSignatures);
      expect(disagreements).toEqual([]);
    });

    it('every unmutated signature verifies', () => {
      const valid = outcomes.filter((o) => o.kind === 'valid');
      expect(valid).toHaveLength(validSignatures);
      expect(valid.every((o) => o.host && o.device)).toBe(true);
    });

    it('exercises every mutation, including accepted torsion-shifted signatures', () => {
      for (const kind of KINDS) expect(outcomes.some((o) => o.kind === kind), kind).toBe(true);
      for (const kind of ['small-order-R', 'mixed-order-A', 'mixed-order-R'] as const) {
        expect(outcomes.filter((o) => o.kind === kind).every((o) => o.device), kind).toBe(true);
      }
      for (const kind of ['S+L', 'S-high-bits', 'noncanonical-A', 'noncanonical-R', 'small-order-A'] as const) {
        expect(outcomes.filter((o) => o.kind === kind).some((o) => o.device), kind).toBe(false);
      }
    });
  });
}
