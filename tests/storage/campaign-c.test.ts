import { describe, it } from 'vitest';
import { randomCutRuns, sweepSeed } from './campaign';

// Part C of the CI power-cut campaign.
describe('storage power-cut campaign, part C', () => {
  it('seed 5: every operation cut, clean and torn', () => {
    sweepSeed(5);
  }, 300_000);
  it('333 runs with 2-3 random cuts', () => {
    randomCutRuns(3000, 333);
  }, 300_000);
});
