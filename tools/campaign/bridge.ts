// Larger sweeps of the bridge campaigns in tests/bridge (`npm run campaign bridge`):
// SIGKILL at every step of a 500-record sync in batches of 50, several ledger processes
// killed mid-sync, 30% ledger faults over 2,000 records with several seeds, and noisier
// serial lines through a pty. Prints figures; fails on any invariant violation.
import { startLedger } from '../../ledger/index';
import { crashAtEveryStep, flakyLedger, ledgerKilled, noisyLine } from '../../tests/support/bridge-scenarios';

export async function run(): Promise<void> {
  const ledger = await startLedger({ memory: true, log: () => {} });
  const failures: string[] = [];
  const check = (name: string, v: string[]) => {
    if (v.length) failures.push(...v.map((x) => `${name}: ${x}`));
  };
  try {
    let t = Date.now();
    const crash = await crashAtEveryStep(ledger.url, 500, 50);
    check('crash', crash.violations);
    console.log(`bridge SIGKILL: ${crash.killed} kill points (every step of a 500-record sync in batches of 50) ${JSON.stringify(crash.byStep)}; `
      + `${crash.violations.length} violations; ${((Date.now() - t) / 1000).toFixed(0)} s`);

    for (const seed of [1, 2, 3]) {
      t = Date.now();
      const f = await flakyLedger(ledger.url, 2000, 0.3, seed);
      check(`flaky seed ${seed}`, f.violations);
      console.log(`ledger 30% faults, seed ${seed}: 2000 records, ${f.requests} requests, ${f.failed503} × 503, ${f.swallowed} committed-unanswered, `
        + `${f.retries} retries; ${f.violations.length} violations; ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }

    t = Date.now();
    const k = await ledgerKilled([200, 200, 200, 200, 200], 5);
    check('ledger kill', k.violations);
    console.log(`ledger process SIGKILLed ${k.kills} times over ${k.runs} bridge runs, 1000 records; ${k.violations.length} violations; ${((Date.now() - t) / 1000).toFixed(0)} s`);

    for (const [flip, drop] of [[1e-4, 1e-4], [5e-4, 5e-4], [1e-3, 0], [0, 1e-3]]) {
      t = Date.now();
      const n = await noisyLine(ledger.url, 1000, flip, drop, 9);
      check(`noisy ${flip}/${drop}`, n.violations);
      console.log(`pty line, flip ${flip}/byte, drop ${drop}/byte: ${n.flipped} flips, ${n.dropped} drops, ${n.corruptReplies} corrupt replies + `
        + `${n.corruptRequests} corrupt requests caught, ${n.timeouts} timeouts, ${n.retries} retries, frame size halved ${n.shrinks}×; 1000 records, ${n.violations.length} violations; ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
  } finally {
    await ledger.close();
  }
  if (failures.length) throw new Error(`bridge campaign found ${failures.length} violations:\n  ${failures.slice(0, 20).join('\n  ')}`);
}
