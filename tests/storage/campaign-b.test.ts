import { describe, it } from 'vitest';
import { WORD_WRITES, randomCutRuns, sweepSeed } from './campaign';

// Part B of the CI power-cut campaign: 4-byte write alignment (raw nRF52 pages).
describe('storage power-cut campaign, part B (word writes)', () => {
  it('seed 3: every operation cut, clean and torn', () => {
    sweepSeed(3, WORD_WRITES);
  }, 300_000);
  it('seed 4: every operation cut, clean and torn', () => {
    sweepSeed(4, WORD_WRITES);
  }, 300_000);
  it('333 runs with 2-3 random cuts', () => {
    randomCutRuns(2000, 333, WORD_WRITES);
  }, 300_000);
});
