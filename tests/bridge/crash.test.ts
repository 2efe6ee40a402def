import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { crashAtEveryStep } from '../support/bridge-scenarios';

// Campaign (CI size): SIGKILL the bridge at every step of a 500-record sync — each step
// in a fresh terminal — then let a restarted bridge finish. The ledger must hold each
// record once, the terminal must have freed only what the ledger holds, nothing is lost.
let ledger: RunningLedger;
beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
});
afterAll(async () => {
  await ledger?.close();
});

describe('campaign: bridge killed with SIGKILL at every step', () => {
  it('500 records, export/upload batches of 250: every kill point recovers exactly once', async () => {
    const r = await crashAtEveryStep(ledger.url, 500, 250);
    expect(r.violations).toEqual([]);
    // per batch: export answered, appended, upload answered, logged, ack answered, logged;
    // then the empty export that finds nothing more, and the settings push
    expect(r.steps).toBe(2 * 6 + 2);
    expect(r.killed).toBe(r.steps);
    expect(Object.keys(r.byStep).sort()).toEqual(['ack', 'ack-answered', 'append', 'export-answered', 'settings', 'upload', 'upload-answered']);
    console.log(`bridge SIGKILLed at each of ${r.killed} steps ${JSON.stringify(r.byStep)}; all recovered exactly once`);
  }, 170_000);
});
