import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS, runDifferential, type Outcome } from './differential';

// Half of the ≥ 5,000-signature differential run (two files so that vitest runs the
// halves in parallel); the seed makes every run the same.
const SEED = 'kerb ed25519 differential a';
const VALID_SIGNATURES = 2500;

describe('Ed25519 host vs device differential (a)', () => {
  let outcomes: Outcome[] = [];
  beforeAll(() => {
    outcomes = runDifferential(SEED, VALID_SIGNATURES);
  }, 180_000);

  it('host and device agree on every valid and mutated signature', () => {
    const disagreements = outcomes.filter((o) => o.host !== o.device);
    expect(outcomes.length).toBe(2 * VALID_SIGNATURES);
    expect(disagreements).toEqual([]);
  });

  it('every unmutated signature verifies', () => {
    const valid = outcomes.filter((o) => o.kind === 'valid');
    expect(valid).toHaveLength(VALID_SIGNATURES);
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
