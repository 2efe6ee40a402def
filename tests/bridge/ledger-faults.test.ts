import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { flakyLedger, ledgerKilled } from '../support/bridge-scenarios';

// Campaigns (CI size): a ledger that answers 503 or never answers on 30% of requests,
// and a ledger process SIGKILLed and restarted at random points of a sync.
let ledger: RunningLedger;
beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
});
afterAll(async () => {
  await ledger?.close();
});

describe('campaign: unreliable ledger', () => {
  it('503 or no answer on 30% of requests: the sync completes, every record once', async () => {
    const r = await flakyLedger(ledger.url, 500, 0.3, 7);
    expect(r.violations).toEqual([]);
    expect(r.report).toMatchObject({ outcome: 'complete', uploaded: 500, held: 0 });
    expect(r.failed503).toBeGreaterThan(0);
    expect(r.swallowed).toBeGreaterThan(0); // committed at the ledger, answer lost: retried
    expect(r.retries).toBeGreaterThanOrEqual(r.failed503 + r.swallowed);
    console.log(`30% faults: ${r.requests} requests, ${r.failed503} answered 503, ${r.swallowed} committed but unanswered; ${r.retries} retries; 500/500 records once`);
  }, 90_000);

  it('ledger process SIGKILLed and restarted at random points: nothing lost, nothing twice', async () => {
    const r = await ledgerKilled([250, 250], 11);
    expect(r.violations).toEqual([]);
    expect(r.kills).toBe(2);
    console.log(`ledger SIGKILLed ${r.kills} times during ${r.runs} bridge runs; 500/500 records once`);
  }, 110_000);
});
