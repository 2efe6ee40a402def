// `npm run campaign journal`: the larger power-cut sweep of the flash journal, counters
// and config store (tests/storage/scenario.ts). Every operation of each seed's clean run
// is cut cleanly and torn, then 2–3 random cuts per run on further seeds. Prints
// "N cut points, M violations" for scripts. KERB_CAMPAIGN_SEED picks the first seed.
import { CI_SCENARIO, randomCuts, sweep } from '../../tests/storage/scenario';

const GEOMETRIES = [
  { name: '1 KB pages, byte writes', journal: { pageSize: 1024, pageCount: 6, writeAlign: 1 }, meta: { pageSize: 256, pageCount: 2, writeAlign: 1 } },
  { name: '1 KB pages, word writes', journal: { pageSize: 1024, pageCount: 6, writeAlign: 4 }, meta: { pageSize: 256, pageCount: 3, writeAlign: 4 } },
  { name: '4 KB pages (Pixl.js-like)', journal: { pageSize: 4096, pageCount: 3, writeAlign: 1 }, meta: { pageSize: 256, pageCount: 2, writeAlign: 1 } },
];

export async function run(): Promise<void> {
  const first = Number(process.env.KERB_CAMPAIGN_SEED ?? 1000);
  const t0 = Date.now();
  let cutPoints = 0;
  const violations: string[] = [];
  for (let g = 0; g < GEOMETRIES.length; g++) {
    for (let k = 0; k < 3; k++) {
      const seed = first + g * 100 + k;
      const r = sweep({ ...CI_SCENARIO, ...GEOMETRIES[g], seed });
      console.log(`seed ${seed} (${GEOMETRIES[g].name}): ${r.operations} operations, ${r.cutPoints} cut points, ${r.violations.length} violations`);
      cutPoints += r.cutPoints;
      violations.push(...r.violations);
    }
    const seed = first + g * 100 + 50;
    const m = randomCuts({ ...CI_SCENARIO, ...GEOMETRIES[g], seed }, 1000);
    console.log(`seed ${seed} (${GEOMETRIES[g].name}): 1000 runs with 2-3 random cuts, ${m.cutPoints} cuts, ${m.violations.length} violations`);
    cutPoints += m.cutPoints;
    violations.push(...m.violations);
  }
  for (const v of violations.slice(0, 20)) console.log('  ' + v);
  console.log(`${cutPoints} cut points, ${violations.length} violations`);
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (violations.length) throw new Error(`${violations.length} violations`);
}
