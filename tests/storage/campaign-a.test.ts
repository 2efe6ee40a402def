import { describe, it } from 'vitest';
import { randomCutRuns, sweepSeed } from './campaign';

// Part A of the CI power-cut campaign (with parts B and C: > 10,000 cut points and 1,000
// runs with 2–3 random cuts). Every flash operation of a 300-sale scenario is cut, both
// cleanly and torn; after each cut the terminal reboots and every invariant is checked.
describe('storage power-cut campaign, part A (byte writes)', () => {
  it('seed 1: every operation cut, clean and torn', () => {
    sweepSeed(1);
  }, 300_000);
  it('seed 2: every operation cut, clean and torn', () => {
    sweepSeed(2);
  }, 300_000);
  it('334 runs with 2-3 random cuts', () => {
    randomCutRuns(100, 334);
  }, 300_000);
});
