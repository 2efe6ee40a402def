// Shared by the campaign-*.test.ts files, which split the CI sweep so that vitest can run
// the parts on separate cores. Seeds are fixed: a failure reproduces from the seed printed.
import { expect } from 'vitest';
import { CI_SCENARIO, randomCuts, sweep, type ScenarioOptions } from './scenario';

export const WORD_WRITES: Partial<ScenarioOptions> = {
  journal: { pageSize: 1024, pageCount: 6, writeAlign: 4 },
  meta: { pageSize: 256, pageCount: 3, writeAlign: 4 },
};

export function sweepSeed(seed: number, over: Partial<ScenarioOptions> = {}): number {
  const r = sweep({ ...CI_SCENARIO, ...over, seed });
  console.log(`storage campaign seed ${seed}: ${r.operations} operations, ${r.cutPoints} cut points (clean and torn), ${r.violations.length} violations`);
  expect(r.violations.slice(0, 10)).toEqual([]);
  expect(r.cutPoints).toBe(2 * r.operations);
  expect(r.operations).toBeGreaterThan(900);
  return r.cutPoints;
}

export function randomCutRuns(seed: number, runs: number, over: Partial<ScenarioOptions> = {}): number {
  const r = randomCuts({ ...CI_SCENARIO, ...over, seed }, runs);
  console.log(`storage campaign seed ${seed}: ${runs} runs with 2-3 random cuts, ${r.cutPoints} cuts, ${r.violations.length} violations`);
  expect(r.violations.slice(0, 10)).toEqual([]);
  expect(r.cutPoints).toBeGreaterThanOrEqual(2 * runs * 0.9);
  return r.cutPoints;
}
